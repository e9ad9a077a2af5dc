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

/**
 * What to do after a failed attempt (when attempts and the retry budget allow a next one):
 * - `hold`: a 429; the workspace's limiter holds every request until Intercom's hint, then
 *   the request goes again;
 * - `retry`: wait (`Retry-After`, else backoff) and send it again;
 * - `read-back`: wait, then look for the write on Intercom's side before sending it again
 *   (an `append` write whose ambiguous failure may have landed);
 * - `fail`: retrying cannot help, or could write twice.
 */
export type NextStep = 'hold' | 'retry' | 'read-back' | 'fail';

export function nextStep(error: Pick<IntercomApiError, 'kind'>, mode: RetryMode, canReadBack: boolean): NextStep {
	switch (error.kind) {
		case 'rate-limited':
			return 'hold';
		case 'not-sent':
			return 'retry';
		case 'ambiguous':
			if (mode === 'idempotent') return 'retry';
			return canReadBack ? 'read-back' : 'fail';
		default:
			return 'fail';
	}
}

/**
 * The longest the transport waits before a next attempt, whatever Intercom asks: a 503's
 * `Retry-After` here, a 429's hold in the workspace's limiter. Longer asks are probed after
 * this long; when every attempt asks for more, the request fails saying what Intercom asked.
 */
export const MAX_HOLD_MS = 30_000;

/** How long Intercom asked us to wait, and which header said so. */
export interface AskedWait {
	ms: number;
	source: 'Retry-After' | 'X-RateLimit-Reset';
}

/**
 * What a failed answer asked for: `Retry-After`, or on a 429 without it the window's reset
 * (on Intercom's clock, so measured from its `Date` header when sent).
 */
export function askedWait(error: Pick<IntercomApiError, 'kind' | 'retryAfterMs' | 'rateLimit'>): AskedWait | undefined {
	if (error.retryAfterMs !== undefined) return { ms: error.retryAfterMs, source: 'Retry-After' };
	const rateLimit = error.kind === 'rate-limited' ? error.rateLimit : undefined;
	if (!rateLimit) return undefined;
	return { ms: Math.max(0, rateLimit.resetMs - (rateLimit.serverDateMs ?? rateLimit.receivedAtMs)), source: 'X-RateLimit-Reset' };
}

/** "3600 s (Retry-After)", the smallest of the asks (each attempt asked at least that much). */
export function describeAsks(asks: AskedWait[]): string {
	const least = asks.reduce((a, b) => (b.ms < a.ms ? b : a));
	return `${Math.round(least.ms / 1000)} s (${least.source})`;
}

export interface BackoffOptions {
	baseMs: number;
	capMs: number;
	random?: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 30_000 };

/**
 * The wait before retrying a non-429 failure: its `Retry-After` (from when the answer arrived),
 * else exponential backoff with full jitter; never more than MAX_HOLD_MS.
 */
export function retryDelay(
	error: Pick<IntercomApiError, 'retryAfterMs' | 'receivedAtMs'>,
	failedAttempts: number,
	options: BackoffOptions = DEFAULT_BACKOFF,
	now = Date.now(),
): number {
	const wait =
		error.retryAfterMs !== undefined
			? error.retryAfterMs - (now - (error.receivedAtMs ?? now))
			: backoffDelay(failedAttempts, options);
	return Math.max(0, Math.min(wait, MAX_HOLD_MS));
}

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
