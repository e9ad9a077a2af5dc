import { MAX_HOLD_MS } from '../retryPolicy';
import type { RateLimitState, RetryHint } from '../types';
import { ServerClock } from './serverClock';

/**
 * Intercom's rate window as the `X-RateLimit-*` headers describe it: the one model both
 * limiters (in-process and shared through Redis) follow. It decides; the limiters apply its
 * decisions to their budget (a counter, or a reservoir in Redis) and run the timers.
 *
 * Rules:
 * - an answer from a newer window sets the budget to what Intercom reports, less the requests
 *   we started after the answered one (Intercom had not counted those yet); an answer from the
 *   same window only lowers it; an answer from a past window is ignored;
 * - the window ends at Intercom's reset, read on Intercom's clock (`ServerClock`), plus a
 *   margin that grows when Intercom refuses us after the reset by our reckoning;
 * - every wait is bounded: a refill is never later than `MAX_HOLD_MS` from now, and a reset in
 *   the past or a limit of 0 never parks the budget. After a wait that Intercom's hint exceeded
 *   (or with a limit of 0), one request probes before the budget is trusted again.
 */

export { MAX_HOLD_MS };
const MAX_MARGIN_MS = 5_000;

export interface WindowOptions {
	/** Requests allowed per window before any header has been seen (Intercom: 10,000/min → 1,666 per 10 s). */
	initialAllowance?: number;
	/** Window length assumed before any header has been seen. */
	initialWindowMs?: number;
	/** Added after a reset before refilling, to absorb clock differences; grows on early 429s. */
	resetMarginMs?: number;
	now?: () => number;
}

/** What the limiter must do with its budget after an answer. */
export type WindowUpdate =
	/** The server announces no limit: stop counting. */
	| { kind: 'unlimited' }
	/** Nothing changes (an answer from a past window). */
	| { kind: 'ignore' }
	/** A newer window: set the budget, refill `allowance` at `refillAtMs`; `previous` is the window it replaces. */
	| { kind: 'new-window'; budget: number; window: number; refill: Refill; previous?: number }
	/** The same window: lower the budget to `budget` if it is higher. */
	| { kind: 'lower'; budget: number; window: number };

export interface Refill {
	/** When, on our clock. */
	atMs: number;
	/** The budget then. */
	allowance: number;
	/** Names the window refilled: Intercom's reset (ms) or, for a hold or an assumed window, a label. */
	window: number | string;
	/** After the refill, one request at a time until an answer tells the budget. */
	probe: boolean;
}

const lateWindow = (at: number) => `late-${Math.round(at)}-${Math.random().toString(36).slice(2, 8)}`;

export type WindowMode = 'unknown' | 'headers' | 'none';

export class RateWindow {
	readonly clock = new ServerClock();
	readonly initialAllowance: number;
	readonly initialWindowMs: number;
	private readonly now: () => number;
	private marginMs: number;
	private modeValue: WindowMode = 'unknown';
	/** The current window's reset, on Intercom's clock. */
	private resetMs = 0;
	private limitValue: number | undefined;
	private learnedWindowMs: number | undefined;
	/** Before two resets have told the length: the time to the first reset, in whole seconds. */
	private guessedWindowMs: number | undefined;

	constructor(options: WindowOptions = {}) {
		this.now = options.now ?? Date.now;
		this.initialAllowance = Math.max(1, options.initialAllowance ?? 1666);
		this.initialWindowMs = Math.max(1, options.initialWindowMs ?? 10_000);
		this.marginMs = options.resetMarginMs ?? 25;
	}

	get mode(): WindowMode {
		return this.modeValue;
	}

	/** The window length: learned from the resets, else assumed. */
	get windowMs(): number {
		return this.learnedWindowMs ?? this.guessedWindowMs ?? this.initialWindowMs;
	}

	/** The allowance of a window (at least 1: a limit of 0 still lets one request probe per window). */
	get allowance(): number {
		return Math.max(1, this.limitValue ?? this.initialAllowance);
	}

	get limit(): number | undefined {
		return this.limitValue;
	}

	/** Requests per second the window allows (Infinity without a limit). */
	allowedRate(): number {
		if (this.modeValue === 'none') return Infinity;
		return (this.allowance * 1000) / this.windowMs;
	}

	/** The first window, assumed until an answer tells. */
	assumed(): Refill {
		const at = this.now() + this.initialWindowMs;
		return { atMs: at, allowance: this.initialAllowance, window: `assumed-${Math.floor(at / this.initialWindowMs)}`, probe: false };
	}

	/**
	 * An answer's headers (undefined: a success without any). `startedSince`: requests we started
	 * after the answered one (not yet counted in what Intercom reports).
	 */
	observe(state: RateLimitState | undefined, startedSince: number): WindowUpdate {
		if (!state) {
			if (this.modeValue !== 'unknown') return { kind: 'ignore' };
			this.modeValue = 'none';
			return { kind: 'unlimited' };
		}
		this.clock.sample(state, this.windowMs);
		const budget = Math.max(0, Math.min(state.remaining, Math.max(0, state.limit)) - startedSince);
		if (this.modeValue === 'headers' && state.resetMs < this.resetMs) return { kind: 'ignore' };
		if (this.modeValue === 'headers' && state.resetMs === this.resetMs) {
			this.limitValue = state.limit;
			return { kind: 'lower', budget, window: state.resetMs };
		}
		const previous = this.modeValue === 'headers' ? this.resetMs : undefined;
		if (previous !== undefined) {
			const step = state.resetMs - previous;
			if (step >= 1_000) this.learnedWindowMs = Math.min(this.learnedWindowMs ?? Infinity, step);
		} else if (this.learnedWindowMs === undefined) {
			const untilReset = this.clock.toLocal(state.resetMs) - state.receivedAtMs;
			this.guessedWindowMs = Math.min(this.initialWindowMs, Math.max(1_000, Math.ceil(untilReset / 1_000) * 1_000));
		}
		this.modeValue = 'headers';
		this.resetMs = state.resetMs;
		this.limitValue = state.limit;
		return { kind: 'new-window', budget, window: state.resetMs, refill: this.refillAt(state.resetMs), previous };
	}

	/**
	 * A 429 (or a hint to slow down): the budget is empty until Intercom's hint (`Retry-After`,
	 * else the reset, else one window), never longer than `MAX_HOLD_MS`.
	 */
	hold(hint: RetryHint): Refill {
		const now = this.now();
		let at: number;
		let window: number | string;
		if (hint.retryAfterMs !== undefined) {
			at = hint.receivedAtMs + hint.retryAfterMs + this.marginMs;
			window = `hold-${Math.round(at)}`;
		} else if (hint.rateLimit) {
			this.clock.sample(hint.rateLimit, this.windowMs);
			at = this.clock.toLocal(hint.rateLimit.resetMs) + this.marginMs;
			window = hint.rateLimit.resetMs;
		} else {
			at = now + this.windowMs;
			window = `hold-${Math.round(at)}`;
		}
		if (at <= now) {
			// Refused although the reset has passed by our reckoning: wait a little longer each time.
			at = now + this.widenMargin();
			window = lateWindow(at);
		}
		if (this.modeValue === 'none') this.modeValue = 'unknown';
		return this.bounded({ atMs: at, allowance: this.allowance, window, probe: this.limitValue === 0 });
	}

	/**
	 * The budget ran out in a window whose refill has already come (a reset in the past that
	 * Intercom keeps naming, a skewed clock): a little later, one request probes; each time it
	 * happens again the wait grows (up to 5 s).
	 */
	overdue(): Refill {
		const at = this.now() + this.widenMargin();
		return { atMs: at, allowance: 1, window: lateWindow(at), probe: true };
	}

	private widenMargin(): number {
		this.marginMs = Math.min(this.marginMs * 2 + 100, MAX_MARGIN_MS);
		return this.marginMs;
	}

	/** When the window ending at `resetMs` (Intercom's clock) is refilled, on our clock, bounded. */
	private refillAt(resetMs: number): Refill {
		const at = this.clock.toLocal(resetMs) + this.marginMs;
		// A reset already past (a slow answer, a skewed clock): refill at once.
		return this.bounded({ atMs: Math.max(this.now(), at), allowance: this.allowance, window: resetMs, probe: this.limitValue === 0 });
	}

	/** No refill later than MAX_HOLD_MS from now: a later one becomes a probe then. */
	private bounded(refill: Refill): Refill {
		const now = this.now();
		if (refill.atMs - now <= MAX_HOLD_MS) return refill;
		return { atMs: now + MAX_HOLD_MS, allowance: 1, window: `capped-${refill.window}`, probe: true };
	}

	/**
	 * A probe refill came due: forget the window, so that the probe's answer is read as a new
	 * one (and sets the next refill) even when Intercom still names the same reset.
	 */
	startProbe(): void {
		if (this.modeValue === 'headers') this.modeValue = 'unknown';
		this.resetMs = 0;
	}

	/** Spreads a window's allowance over its length (the shared limiter's `minTime`). */
	minTimeMs(): number {
		return Math.floor(this.windowMs / this.allowance);
	}
}
