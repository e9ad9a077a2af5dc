import { abortReason } from './sleep';
import type { RateLimitState, RequestLimiter, RetryHint, ScheduleOptions } from './types';
import { WaitingRequests, type Waiting } from './waitingRequests';

export type { RateLimitState, ScheduleOptions, RequestLimiter } from './types';

export interface RateLimiterOptions {
	/** Requests allowed per window before any header has been seen (Intercom: 10,000/min → 1,666 per 10 s). */
	initialAllowance?: number;
	/** Window length assumed before any header has been seen. */
	initialWindowMs?: number;
	/** Added after a reset before refilling, to absorb clock differences; grows on early 429s. */
	resetMarginMs?: number;
	now?: () => number;
}

/**
 * One workspace's request budget, shared by every item, node and execution in the process.
 *
 * `budget` is the number of requests we may still send in Intercom's current window. Each
 * response's headers lower it to what Intercom reports (minus requests still in flight); when
 * it reaches 0 requests wait, and a timer refills it at the reset. Before any header is seen,
 * one request at a time finds out the budget (within a default allowance per assumed window); a
 * server that sends no rate-limit headers at all is not throttled (429s still hold everything
 * until the reset).
 *
 * In one process this is a plain counter and a queue: Bottleneck's in-memory store waits a
 * timer tick at every step of every job, which capped the transport at about 290 requests/s and
 * cost 2.7 times the CPU of the HTTP request itself (bench/README.md, scenario 3). Bottleneck
 * does the same job across processes, with its reservoir in Redis: `ClusterRateLimiter`
 * (clusterRateLimiter.ts) applies this logic there, and falls back to this limiter when Redis is
 * unavailable.
 */
export class WorkspaceRateLimiter implements RequestLimiter {
	private readonly waiting = new WaitingRequests();
	private readonly now: () => number;
	private readonly initialAllowance: number;
	private readonly initialWindowMs: number;
	private marginMs: number;
	/** Requests we may still start; null: no limit announced. */
	private budget: number | null;
	private mode: 'unknown' | 'headers' | 'none' = 'unknown';
	private windowResetMs = 0;
	private limit: number | undefined;
	private refillTimer: NodeJS.Timeout | undefined;
	private inFlight = 0;

	constructor(options: RateLimiterOptions = {}) {
		this.now = options.now ?? Date.now;
		this.initialAllowance = options.initialAllowance ?? 1666;
		this.initialWindowMs = options.initialWindowMs ?? 10_000;
		this.marginMs = options.resetMarginMs ?? 25;
		this.budget = this.initialAllowance;
		this.scheduleRefill(this.now() + this.initialWindowMs, this.initialAllowance);
	}

	/** Runs `task` when the budget allows; `task` must perform exactly one HTTP request. */
	async schedule<T>(task: () => Promise<T>, options: ScheduleOptions = {}): Promise<T> {
		const { signal } = options;
		if (signal?.aborted) throw abortReason(signal);
		return await new Promise<T>((resolve, reject) => {
			const onAbort = () => {
				// Cancelled while waiting: it leaves the queue and spends nothing.
				this.waiting.cancel(request);
				reject(abortReason(signal));
			};
			const request: Waiting = {
				cancelled: false,
				start: () => {
					signal?.removeEventListener('abort', onAbort);
					this.inFlight++;
					Promise.resolve()
						.then(task)
						.then(resolve, reject)
						.finally(() => {
							this.inFlight--;
							if (this.mode === 'unknown') this.drain();
						});
				},
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			this.waiting.add(request, options.priority ?? 5);
			this.drain();
		});
	}

	/** Feeds the `X-RateLimit-*` headers of a response (or their absence) into the budget. */
	observe(state: RateLimitState | undefined): void {
		if (!state) {
			if (this.mode === 'unknown') {
				this.mode = 'none';
				this.clearRefill();
				this.setBudget(null);
			}
			return;
		}
		const estimate = Math.max(0, state.remaining - this.inFlight);
		this.limit = state.limit;
		if (this.mode !== 'headers' || state.resetMs > this.windowResetMs) {
			// A new window (or the first one we hear of): Intercom's count is the truth.
			this.mode = 'headers';
			this.windowResetMs = state.resetMs;
			this.setBudget(estimate);
			this.scheduleRefill(state.resetMs + this.marginMs, state.limit);
			return;
		}
		if (state.resetMs < this.windowResetMs) return; // a late answer from a past window
		if (this.budget !== null && estimate < this.budget) this.budget = estimate;
	}

	/** A 429: hold every request until the reset (or `Retry-After`), then refill. */
	allowedRate(): number {
		if (this.mode === 'none') return Infinity;
		return (this.limit ?? this.initialAllowance) / (this.initialWindowMs / 1000);
	}

	holdUntil(hint: RetryHint): number {
		const resumeAtMs = hint.retryAfterMs !== undefined ? hint.receivedAtMs + hint.retryAfterMs : hint.rateLimit?.resetMs;
		const now = this.now();
		let at = resumeAtMs ?? now + this.initialWindowMs;
		if (at <= now) {
			// Intercom still refused although its reset has passed by our clock: our clock runs
			// ahead of Intercom's. Widen the margin and wait a little.
			this.marginMs = Math.min(this.marginMs * 2 + 100, 5_000);
			at = now + this.marginMs;
		} else {
			at += this.marginMs;
		}
		if (this.mode === 'none') this.mode = 'unknown';
		this.setBudget(0);
		this.scheduleRefill(at, this.limit ?? this.initialAllowance);
		return at - now;
	}

	private setBudget(budget: number | null): void {
		this.budget = budget;
		this.drain();
	}

	/**
	 * Starts waiting requests, highest priority first, while the budget allows. Until a response
	 * has told us the workspace's budget, one request at a time probes for it, so a cold burst
	 * does not spend a window it knows nothing about.
	 */
	private drain(): void {
		while (this.budget === null || this.budget > 0) {
			if (this.mode === 'unknown' && this.inFlight >= 1) return;
			const request = this.waiting.take();
			if (!request) return;
			if (this.budget !== null) this.budget--;
			request.start();
		}
	}

	private scheduleRefill(atMs: number, allowance: number): void {
		this.clearRefill();
		const timer = setTimeout(
			() => {
				this.refillTimer = undefined;
				this.setBudget(allowance);
				if (this.mode === 'unknown') this.scheduleRefill(this.now() + this.initialWindowMs, allowance);
			},
			Math.max(0, atMs - this.now()),
		);
		timer.unref();
		this.refillTimer = timer;
	}

	private clearRefill(): void {
		if (this.refillTimer) clearTimeout(this.refillTimer);
		this.refillTimer = undefined;
	}
}
