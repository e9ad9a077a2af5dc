/** Types the transport's files share (no logic here, so nothing imports back through it). */

export interface Logger {
	debug(message: string, meta?: object): void;
	warn(message: string, meta?: object): void;
}

/** What Intercom says about the current window, from the `X-RateLimit-*` headers. */
export interface RateLimitState {
	/** `X-RateLimit-Limit`: the allowance of the current window. */
	limit: number;
	/** `X-RateLimit-Remaining`: what is left of it. */
	remaining: number;
	/** `X-RateLimit-Reset` in milliseconds, on Intercom's clock: when the next window starts. */
	resetMs: number;
	/** Intercom's clock when it answered (its `Date` header, whole seconds), if it sent one. */
	serverDateMs?: number;
	/** Our clock when the answer arrived. */
	receivedAtMs: number;
}

/** What a 429 (or a 503) said about when to come back. */
export interface RetryHint {
	/** `Retry-After`, in milliseconds from `receivedAtMs`. */
	retryAfterMs?: number;
	rateLimit?: RateLimitState;
	receivedAtMs: number;
}

export interface ScheduleOptions {
	/** Priority, 0 (first) to 9; retries use a higher priority than first attempts. */
	priority?: number;
	signal?: AbortSignal;
	/** Shared limit only: after this long a started request no longer counts as running anywhere. */
	expirationMs?: number;
}

/** Handed to a scheduled request: where it stands in the order this process started requests. */
export interface Ticket {
	/** How many requests were started after this one (so far). */
	startedSince(): number;
}

/** What the transport needs from a workspace's limiter, in-process or shared through Redis. */
export interface RequestLimiter {
	/** Runs `task` when the budget allows; `task` must perform exactly one HTTP request. */
	schedule<T>(task: (ticket: Ticket) => Promise<T>, options?: ScheduleOptions): Promise<T>;
	/**
	 * Feeds the `X-RateLimit-*` headers of an answer (or their absence) into the budget; `ticket`:
	 * the request answered (requests started after it were not counted yet by Intercom).
	 */
	observe(state: RateLimitState | undefined, ticket?: Ticket): void;
	/**
	 * A 429: hold every request until Intercom's hint (`Retry-After`, else the window's reset, else
	 * one window), capped at the limiter's maximum hold, after which one request probes. Returns
	 * how long requests are held, in milliseconds.
	 */
	holdUntil(hint: RetryHint): number;
	/** Requests the budget allows per second now (Infinity while no limit is announced). */
	allowedRate(): number;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
