import type { RateLimit } from '../../sandbox';
import type { LatencySpec } from './sandboxProtocol';

/** Sizes of every scenario; `--quick` shrinks them for development (same shapes, same targets). */
export interface BenchSizes {
	/** Scenario 1 and 2: closes per approach. */
	closes: number;
	/** Scenario 2: notes per approach under commit-then-fail faults. */
	notes: number;
	/** Scenario 3: requests per measured round, and rounds per variant. */
	overheadRequests: number;
	overheadRounds: number;
	/** Scenario 4: input items for the small and the large run. */
	scale: [number, number];
	/** Scenario 6: closes per worker process (4 processes). */
	multiWorkerPerProcess: number;
	/** Scenario 5: operations (half closes, half notes) per run. */
	faultOps: number;
	/** Scenario 2: the SDK's sequential loop takes ~latency per item, so it gets fewer closes and notes (per-item figures compare). */
	sequentialCap: number;
	/** Scenario 7: closes per approach in real n8n. */
	n8nCloses: number;
	/** Scenario 8: closes in the latency-step run and in the 503-stretch run; when the step / stretch begins (ms into the run); how long the stretch lasts. */
	adaptiveCloses: number;
	stepAtMs: number;
	/** How long writes take 1.5 s before they answer in 150 ms again. */
	stepMs: number;
	stretchAtMs: number;
	stretchMs: number;
}

export const FULL: BenchSizes = {
	closes: 3_000,
	notes: 1_000,
	overheadRequests: 5_000,
	overheadRounds: 6,
	scale: [10_000, 100_000],
	faultOps: 10_000,
	multiWorkerPerProcess: 1_000,
	sequentialCap: 300,
	n8nCloses: 2_000,
	adaptiveCloses: 3_000,
	stepAtMs: 5_000,
	stepMs: 20_000,
	stretchAtMs: 5_000,
	stretchMs: 30_000,
};

export const QUICK: BenchSizes = {
	closes: 600,
	notes: 200,
	overheadRequests: 1_000,
	overheadRounds: 4,
	scale: [2_000, 20_000],
	faultOps: 2_000,
	multiWorkerPerProcess: 300,
	sequentialCap: 60,
	n8nCloses: 500,
	adaptiveCloses: 1_000,
	stepAtMs: 3_000,
	stepMs: 10_000,
	stretchAtMs: 3_000,
	stretchMs: 10_000,
};

/** One throughput condition: a rate limit and a latency. */
export interface Shape {
	name: string;
	/** In words, for the report. */
	label: string;
	limit: RateLimit;
	latency: LatencySpec;
	/** Typical latency in ms: shifts the chart's bins (the sandbox counts a request on arrival, answers after it). */
	typicalLatencyMs: number;
}

/**
 * Intercom's shape (what users' runs meet): 10,000 requests per minute, counted per 10 s window
 * (1,666), writes answered in 150–400 ms with 1 % at 2 s, reads fast. Every throughput scenario runs at it.
 */
export const INTERCOM: Shape = {
	name: 'intercom',
	label: '1,666 req / 10 s window, writes 150–400 ms (1 % at 2 s)',
	limit: { limit: 1_666, windowMs: 10_000 },
	latency: { minMs: 150, maxMs: 400, tailMs: 2_000, tailRate: 0.01, writesOnly: true, seed: 11 },
	typicalLatencyMs: 275,
};

/** The earlier fast case: a small window and a fast server (scenario 1 keeps it). */
export const FAST: Shape = {
	name: 'fast',
	label: '300 req / 1 s window, 20 ms latency',
	limit: { limit: 300, windowMs: 1_000 },
	latency: 20,
	typicalLatencyMs: 20,
};

/** Accepted requests per second the shape allows. */
export const perSecond = (shape: Shape): number => shape.limit.limit / (shape.limit.windowMs / 1000);

/** Fixed seeds, so a re-run draws the same faults. */
export const FAULT_SEED = 7;
