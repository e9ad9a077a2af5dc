import type { RateLimitState } from '../types';

/**
 * Intercom's clock as seen from ours: `offset` = Intercom's time − ours, estimated from the
 * answers, so that a reset (Intercom's time) can be turned into a moment on our clock however
 * far apart the two clocks are.
 *
 * Each answer bounds the offset. With a `Date` header (every HTTP server sends one): Intercom's
 * time was within the second it names. Without one: the next reset lies within one window of
 * Intercom's time. While our own clock fits every bound it is used as is; once the bounds rule
 * it out (a clock a second or more off), the tightest lower bound is: resets read through it are
 * the latest they can be, so a refill is never early, and as answers arrive at every phase of a
 * second the bound closes in on the true offset.
 * Bounds that contradict each other mean a clock was set: we start over from that answer. A
 * hostile reset (an hour ahead) cannot move a clock read from `Date`.
 */
export class ServerClock {
	private low = -Infinity;
	private high = Infinity;
	private dated = false;

	/** Feeds one answer's headers; `windowMs`: the window length believed so far. */
	sample(state: RateLimitState, windowMs: number): void {
		const arrived = state.receivedAtMs;
		if (state.serverDateMs === undefined && this.dated) return;
		const dated = state.serverDateMs !== undefined;
		const low = dated ? state.serverDateMs! - arrived : state.resetMs - windowMs - arrived;
		const high = dated ? state.serverDateMs! + 1_000 - arrived + SLACK_MS : state.resetMs - arrived + SLACK_MS;
		if (dated && !this.dated) {
			this.dated = true;
			this.low = low;
			this.high = high;
			return;
		}
		if (Math.max(this.low, low) > Math.min(this.high, high)) {
			this.low = low;
			this.high = high;
			return;
		}
		this.low = Math.max(this.low, low);
		this.high = Math.min(this.high, high);
	}

	/**
	 * Intercom's time minus ours, in milliseconds. Our own clock (0) while the answers allow it:
	 * the lower bound alone trails the truth by the time from a second's start to the first
	 * answer stamped in it, which would delay every refill. A clock the answers contradict is
	 * read through the lower bound: the latest the reset can be.
	 */
	get offsetMs(): number {
		if (this.low === -Infinity) return 0;
		if (this.low <= 0 && 0 <= this.high) return 0;
		return this.low;
	}

	/** A moment on Intercom's clock, on ours. */
	toLocal(serverMs: number): number {
		return serverMs - this.offsetMs;
	}
}

/** Allowance for the time an answer takes to travel back to us. */
const SLACK_MS = 100;
