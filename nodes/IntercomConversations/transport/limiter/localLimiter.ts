import { abortReason } from '../sleep';
import type { RateLimitState, RequestLimiter, RetryHint, ScheduleOptions, Ticket } from '../types';
import { WaitingRequests, type Waiting } from './waitingRequests';
import { RateWindow, type Refill, type WindowOptions, type WindowUpdate } from './window';

/**
 * One workspace's request budget in this process, shared by every item, node and execution.
 *
 * `budget` is the number of requests we may still start in Intercom's current window, as
 * `RateWindow` decides from the headers; when it reaches 0 requests wait, and a timer refills
 * it. Until an answer has told the budget (and after a probe refill), one request at a time
 * finds it out; a server that sends no rate-limit headers at all is not throttled.
 *
 * A plain counter and a priority queue: Bottleneck's in-memory store waits a timer tick at
 * every step of every job, which capped the transport at about 290 requests/s and cost 2.7
 * times the CPU of the HTTP request itself (bench/README.md). The shared limiter
 * (clusterLimiter.ts) applies the same window through Bottleneck's Redis store.
 */
/** Numbers the requests a limiter starts, so an answer tells how many were started after it. */
export class TicketCounter {
	private started = 0;

	next(): Ticket {
		const seq = ++this.started;
		return { startedSince: () => this.started - seq };
	}
}

export class LocalLimiter implements RequestLimiter {
	readonly window: RateWindow;
	private readonly waiting = new WaitingRequests();
	private readonly now: () => number;
	/** Requests we may still start; null: no limit announced. */
	private budget: number | null;
	private refillTimer: NodeJS.Timeout | undefined;
	private inFlight = 0;
	private readonly tickets = new TicketCounter();

	constructor(options: WindowOptions = {}) {
		this.now = options.now ?? Date.now;
		this.window = new RateWindow(options);
		this.budget = this.window.initialAllowance;
		this.scheduleRefill(this.window.assumed());
	}

	async schedule<T>(task: (ticket: Ticket) => Promise<T>, options: ScheduleOptions = {}): Promise<T> {
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
					const ticket = this.tickets.next();
					Promise.resolve()
						.then(() => task(ticket))
						.then(resolve, reject)
						.finally(() => {
							this.inFlight--;
							if (this.window.mode === 'unknown') this.drain();
							this.unpark();
						});
				},
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			this.waiting.add(request, options.priority ?? 5);
			this.drain();
		});
	}

	observe(state: RateLimitState | undefined, ticket?: Ticket): void {
		this.observeWith(state, ticket);
	}

	/** Applies an answer to this budget and returns the window's decision (the shared limiter applies it too). */
	observeWith(state: RateLimitState | undefined, ticket?: Ticket): WindowUpdate {
		const update = this.window.observe(state, ticket ? ticket.startedSince() : this.inFlight);
		this.apply(update);
		this.unpark();
		return update;
	}

	holdUntil(hint: RetryHint): number {
		return Math.max(0, this.holdWith(hint).atMs - this.now());
	}

	/** Empties this budget until the hold ends and returns the refill (the shared limiter applies it too). */
	holdWith(hint: RetryHint): Refill {
		const refill = this.window.hold(hint);
		this.setBudget(0);
		this.scheduleRefill(refill);
		return refill;
	}

	allowedRate(): number {
		return this.window.allowedRate();
	}

	/** Requests waiting for budget (for tests and diagnostics). */
	get queued(): number {
		return this.waiting.size;
	}

	private apply(update: WindowUpdate): void {
		switch (update.kind) {
			case 'unlimited':
				this.clearRefill();
				this.setBudget(null);
				return;
			case 'new-window':
				this.scheduleRefill(update.refill);
				this.setBudget(update.budget);
				return;
			case 'lower':
				if (this.budget !== null && update.budget < this.budget) this.budget = update.budget;
				return;
			default:
				return;
		}
	}

	/**
	 * Out of budget with no refill to come (it came already: a reset in the past, an answer from
	 * a past window, the last request of a window failing without an answer): never park, let
	 * one request probe a little later.
	 */
	private unpark(): void {
		if (this.budget === 0 && !this.refillTimer) this.scheduleRefill(this.window.overdue());
	}

	private setBudget(budget: number | null): void {
		this.budget = budget;
		this.drain();
	}

	/** Starts waiting requests, highest priority first, while the budget allows (one at a time while probing). */
	private drain(): void {
		while (this.budget === null || this.budget > 0) {
			if (this.window.mode === 'unknown' && this.inFlight >= 1) return;
			const request = this.waiting.take();
			if (!request) return;
			if (this.budget !== null) this.budget--;
			request.start();
		}
	}

	private scheduleRefill(refill: Refill): void {
		this.clearRefill();
		const timer = setTimeout(
			() => {
				this.refillTimer = undefined;
				if (refill.probe) this.window.startProbe();
				if (this.window.mode === 'unknown') this.scheduleRefill(this.window.assumed());
				this.setBudget(refill.allowance);
			},
			Math.max(0, refill.atMs - this.now()),
		);
		timer.unref();
		this.refillTimer = timer;
	}

	private clearRefill(): void {
		if (this.refillTimer) clearTimeout(this.refillTimer);
		this.refillTimer = undefined;
	}
}
