import { type FailureKind, type IntercomApiError } from './intercomError';

/** Network error codes after which the request surely never reached Intercom. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export function kindOfStatus(status: number): FailureKind {
	if (status === 429) return 'rate-limited';
	if (status === 408 || status >= 500) return 'ambiguous';
	return 'final';
}

/** A network failure is ambiguous (it may have been applied) unless it surely happened before sending. */
export function kindOfNetworkError(code: string | undefined): FailureKind {
	return code && NOT_SENT_CODES.has(code) ? 'not-sent' : 'ambiguous';
}

/**
 * How a request may be retried:
 * - `idempotent`: the same request ends in the same state however often it is sent
 *   (GET, PUT, DELETE, and the state-setting POST /conversations/{id}/parts);
 * - `append`: it adds something (a reply, a note); after an ambiguous failure it is
 *   retried only when a read-back shows that it did not land.
 */
export type RetryMode = 'idempotent' | 'append';

export function mayRetry(error: IntercomApiError, mode: RetryMode, canReadBack: boolean): boolean {
	switch (error.kind) {
		case 'rate-limited':
		case 'not-sent':
			return true;
		case 'ambiguous':
			return mode === 'idempotent' || canReadBack;
		default:
			return false;
	}
}

export interface BackoffOptions {
	baseMs: number;
	capMs: number;
	random?: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 30_000 };

/** Exponential backoff with full jitter: a random wait in [0, min(cap, base·2^(n-1))]. */
export function backoffDelay(failedAttempts: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
	const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, failedAttempts - 1));
	return Math.round((options.random ?? Math.random)() * ceiling);
}

/** `Retry-After` in seconds or as an HTTP date, as milliseconds from now. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
