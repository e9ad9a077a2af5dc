import type { IntercomApiError } from './intercomError';

/**
 * A workspace's retry budget (the AWS SDKs' "standard" retry mode): a bucket of tokens shared
 * by every request to the workspace in the process. A retry takes tokens; a success gives some
 * back. When the bucket cannot pay for a retry, the workspace pauses (outage.ts: one request
 * probes, the others wait unsent) instead of retrying: while Intercom fails broadly, a batch
 * costs it at most one request per item plus capacity / cost retries and the probes, instead of
 * up to Max Attempts requests per item, and no item is lost to the outage. Once Intercom answers
 * again, each success refills the bucket.
 *
 * 429s are not charged: the limiter already holds every request of the workspace until the
 * reset, so retrying them adds no load beyond the limit, and Intercom said when to come back.
 */
export interface RetryBudgetOptions {
	/** Tokens in a full bucket (the bucket starts full). */
	capacity: number;
	/** Taken by the retry of a 5xx, 408, or network failure. */
	retryCost: number;
	/** Taken by the retry of a timed-out attempt (a timeout costs Intercom more, and us the whole timeout). */
	timeoutCost: number;
	/** Given back by a success that needed no (charged) retry. */
	successRefund: number;
}

/** The AWS SDKs' standard-mode figures. */
export const RETRY_BUDGET: RetryBudgetOptions = { capacity: 500, retryCost: 5, timeoutCost: 10, successRefund: 1 };

/** Network codes of an attempt that timed out (axios: ECONNABORTED; ETIMEDOUT with clarified timeouts). */
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT']);

export class RetryBudget {
	private tokens: number;

	constructor(readonly options: RetryBudgetOptions = RETRY_BUDGET) {
		this.tokens = options.capacity;
	}

	/** Tokens left. */
	get available(): number {
		return this.tokens;
	}

	/** What retrying this failure costs: 0 for a 429, more for a timeout. */
	costOf(error: Pick<IntercomApiError, 'kind' | 'networkCode'>): number {
		if (error.kind === 'rate-limited') return 0;
		return error.networkCode && TIMEOUT_CODES.has(error.networkCode) ? this.options.timeoutCost : this.options.retryCost;
	}

	/** Takes `cost` tokens for one retry; false (taking nothing) when the bucket holds fewer. */
	take(cost: number): boolean {
		if (cost > this.tokens) return false;
		this.tokens -= cost;
		return true;
	}

	/**
	 * A request succeeded: it gives back what its last retry took (`lastRetryCost`), or
	 * `successRefund` when no retry of it was charged. Never beyond the capacity.
	 */
	succeeded(lastRetryCost: number): void {
		const refund = lastRetryCost > 0 ? lastRetryCost : this.options.successRefund;
		this.tokens = Math.min(this.options.capacity, this.tokens + refund);
	}
}
