/**
 * How many requests a workspace should have in flight, so that the rate limit, not a fixed
 * concurrency, is the brake (Little's law: in flight = rate × latency).
 *
 * The target is the rate the limiter allows times the latency measured (a moving average of
 * answered requests), with headroom for the spread of latencies, and a hard ceiling that keeps
 * sockets and memory bounded. Server errors, timeouts and 429s shrink it multiplicatively;
 * successes grow it back slowly (AIMD), so a struggling Intercom sees fewer requests at once.
 * One per workspace and process: every execution's pool reads the same target.
 */
export interface PaceOptions {
	/** Never more than this many in flight, whatever the rate and latency (default 256). */
	ceiling?: number;
	/** Requests in flight beyond rate × latency (default 1.5×, plus 2). */
	headroom?: number;
	/** The target while no limit is announced (default 32). */
	unlimited?: number;
}

/** How an answered request went, for the pace. */
export type Outcome = 'ok' | 'throttled' | 'failed';

const DEFAULT_LATENCY_MS = 100;
const LATENCY_WEIGHT = 0.1;
const MIN_FACTOR = 0.05;

export class Pace {
	readonly ceiling: number;
	private readonly headroom: number;
	private readonly unlimited: number;
	private latencyMs = DEFAULT_LATENCY_MS;
	private samples = 0;
	/** 1: no trouble seen lately; shrinks on failures, grows back on successes. */
	private factor = 1;

	constructor(
		private readonly allowedRate: () => number,
		options: PaceOptions = {},
	) {
		this.ceiling = options.ceiling ?? 256;
		this.headroom = options.headroom ?? 1.5;
		this.unlimited = options.unlimited ?? 32;
	}

	/** Requests to keep in flight now. */
	target(): number {
		const rate = this.allowedRate();
		const wanted = Number.isFinite(rate) ? Math.ceil((rate * this.latencyMs * this.headroom) / 1000) + 2 : this.unlimited;
		return Math.max(1, Math.min(this.ceiling, Math.floor(wanted * this.factor)));
	}

	/** The average latency of answered requests, in milliseconds (for tests and the bench). */
	get averageLatencyMs(): number {
		return this.latencyMs;
	}

	/** Feeds one answered (or failed) request. */
	record(latencyMs: number, outcome: Outcome): void {
		if (outcome === 'ok') {
			this.latencyMs = this.samples === 0 ? latencyMs : this.latencyMs + LATENCY_WEIGHT * (latencyMs - this.latencyMs);
			this.samples++;
			this.factor = Math.min(1, this.factor + 0.02);
		} else if (outcome === 'failed') {
			// Slow answers before an error (timeouts) count as latency too: the target must not grow from them.
			this.factor = Math.max(MIN_FACTOR, this.factor * 0.7);
		} else {
			this.factor = Math.max(MIN_FACTOR, this.factor * 0.85);
		}
	}
}
