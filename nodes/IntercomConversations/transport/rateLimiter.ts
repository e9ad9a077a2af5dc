import Bottleneck from 'bottleneck';
import { abortReason } from './sleep';

/** What Intercom says about the current window, from the `X-RateLimit-*` headers. */
export interface RateLimitState {
	/** `X-RateLimit-Limit`: the allowance of the current window. */
	limit: number;
	/** `X-RateLimit-Remaining`: what is left of it. */
	remaining: number;
	/** `X-RateLimit-Reset`, in milliseconds: when the next window starts. */
	resetMs: number;
}

export interface RateLimiterOptions {
	/** Requests allowed per window before any header has been seen (Intercom: 10,000/min → 1,666 per 10 s). */
	initialAllowance?: number;
	/** Window length assumed before any header has been seen. */
	initialWindowMs?: number;
	/** Added after a reset before refilling, to absorb clock differences; grows on early 429s. */
	resetMarginMs?: number;
	now?: () => number;
}

export interface ScheduleOptions {
	/** Bottleneck priority, 0 (first) to 9; retries use a higher priority than first attempts. */
	priority?: number;
	signal?: AbortSignal;
	/** Shared limit only: after this long a started request no longer counts as running anywhere. */
	expirationMs?: number;
}

/** What the transport needs from a workspace's limiter, in-process or shared through Redis. */
export interface RequestLimiter {
	/** Runs `task` when the budget allows; `task` must perform exactly one HTTP request. */
	schedule<T>(task: () => Promise<T>, options?: ScheduleOptions): Promise<T>;
	/** Feeds the `X-RateLimit-*` headers of a response (or their absence) into the budget. */
	observe(state: RateLimitState | undefined): void;
	/** A 429: hold every request until the reset (or `Retry-After`), then refill. */
	holdUntil(resumeAtMs: number | undefined): void;
}

/**
 * One workspace's request budget, shared by every item, node and execution in the process.
 *
 * Bottleneck's reservoir holds the number of requests we may still send in Intercom's current
 * window. Each response's headers lower it to what Intercom reports (minus requests still in
 * flight); when it reaches 0 requests wait in the queue, and a timer refills it at the reset.
 * Before any header is seen, a default allowance per assumed window applies; a server that
 * sends no rate-limit headers at all is not throttled (429s still hold everything until reset).
 *
 * `ClusterRateLimiter` (clusterRateLimiter.ts) applies the same logic to a reservoir kept in
 * Redis, for several n8n processes; it falls back to this one when Redis is unavailable.
 */
export class WorkspaceRateLimiter implements RequestLimiter {
	private readonly bottleneck: Bottleneck;
	private readonly now: () => number;
	private readonly initialAllowance: number;
	private readonly initialWindowMs: number;
	private marginMs: number;
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
		this.bottleneck = new Bottleneck({ reservoir: this.initialAllowance });
		this.bottleneck.on('error', () => undefined);
		this.scheduleRefill(this.now() + this.initialWindowMs, this.initialAllowance);
	}

	/** Runs `task` when the budget allows; `task` must perform exactly one HTTP request. */
	async schedule<T>(task: () => Promise<T>, options: ScheduleOptions = {}): Promise<T> {
		const { signal } = options;
		if (signal?.aborted) throw abortReason(signal);
		const job = this.bottleneck.schedule({ priority: options.priority ?? 5 }, async () => {
			if (signal?.aborted) {
				// Cancelled while queued: give the slot back, send nothing.
				void this.bottleneck.incrementReservoir(1);
				throw abortReason(signal);
			}
			this.inFlight++;
			try {
				return await task();
			} finally {
				this.inFlight--;
			}
		});
		if (!signal) return await job;
		return await new Promise<T>((resolve, reject) => {
			const onAbort = () => reject(abortReason(signal));
			signal.addEventListener('abort', onAbort, { once: true });
			job.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
		});
	}

	/** Feeds the `X-RateLimit-*` headers of a response (or their absence) into the budget. */
	observe(state: RateLimitState | undefined): void {
		if (!state) {
			if (this.mode === 'unknown') {
				this.mode = 'none';
				this.clearRefill();
				void this.bottleneck.updateSettings({ reservoir: null });
			}
			return;
		}
		const estimate = Math.max(0, state.remaining - this.inFlight);
		this.limit = state.limit;
		if (this.mode !== 'headers' || state.resetMs > this.windowResetMs) {
			// A new window (or the first one we hear of): Intercom's count is the truth.
			this.mode = 'headers';
			this.windowResetMs = state.resetMs;
			void this.bottleneck.updateSettings({ reservoir: estimate });
			this.scheduleRefill(state.resetMs + this.marginMs, state.limit);
			return;
		}
		if (state.resetMs < this.windowResetMs) return; // a late answer from a past window
		void this.lowerTo(estimate);
	}

	/** A 429: hold every request until the reset (or `Retry-After`), then refill. */
	holdUntil(resumeAtMs: number | undefined): void {
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
		void this.bottleneck.updateSettings({ reservoir: 0 });
		this.scheduleRefill(at, this.limit ?? this.initialAllowance);
	}

	/** Requests waiting for budget or a free slot (for tests and diagnostics). */
	queued(): number {
		return this.bottleneck.queued();
	}

	private async lowerTo(estimate: number): Promise<void> {
		const current = await this.bottleneck.currentReservoir();
		if (current !== null && estimate < current) {
			await this.bottleneck.incrementReservoir(estimate - current);
		}
	}

	private scheduleRefill(atMs: number, allowance: number): void {
		this.clearRefill();
		const timer = setTimeout(
			() => {
				this.refillTimer = undefined;
				void this.bottleneck.updateSettings({ reservoir: allowance });
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
