import type { RateLimit } from '../../sandbox';

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
}

export const FULL: BenchSizes = {
	closes: 3_000,
	notes: 1_000,
	overheadRequests: 5_000,
	overheadRounds: 6,
	scale: [10_000, 100_000],
	faultOps: 10_000,
	multiWorkerPerProcess: 1_000,
};

export const QUICK: BenchSizes = {
	closes: 600,
	notes: 200,
	overheadRequests: 1_000,
	overheadRounds: 4,
	scale: [2_000, 20_000],
	faultOps: 2_000,
	multiWorkerPerProcess: 300,
};

/** Scenario 1, 2 and 5 conditions. */
export const AT_LIMIT: RateLimit = { limit: 300, windowMs: 1_000 };
export const LATENCY_MS = 20;

/** Fixed seeds, so a re-run draws the same faults. */
export const FAULT_SEED = 7;
