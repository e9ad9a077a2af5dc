import type { SandboxStats } from '../../sandbox';
import type { SandboxProcess } from '../sandboxProcess';
import type { LogPoint } from './sandboxProtocol';

export interface WriteOutcome {
	/** Writes beyond the first on the same conversation (each op targets its own conversation). */
	duplicates: number;
	/** Ops whose write never landed. */
	lost: number;
	/** Parts written in all. */
	writes: number;
}

export async function writeOutcome(sandbox: SandboxProcess, ids: string[]): Promise<WriteOutcome> {
	const counts = await sandbox.call('writes', ids);
	let duplicates = 0;
	let lost = 0;
	let writes = 0;
	for (const count of counts) {
		writes += count;
		if (count === 0) lost++;
		else duplicates += count - 1;
	}
	return { duplicates, lost, writes };
}

export interface TrafficSummary {
	requests: number;
	rateLimited: number;
	/** Requests Intercom accepted (not 429). */
	accepted: number;
	byStatus: Record<string, number>;
}

export function traffic(stats: SandboxStats): TrafficSummary {
	return {
		requests: stats.requests,
		rateLimited: stats.rateLimited,
		accepted: stats.requests - stats.rateLimited,
		byStatus: { ...stats.byStatus },
	};
}

/**
 * Requests per rate-limit window (epoch-aligned, like the sandbox's). The log holds receive
 * times; the sandbox counts a request against its window after its latency, so `offsetMs`
 * (the latency) moves each request into the window that counted it.
 */
export interface WindowBin {
	/** Seconds since the run started, at the window's start (may be negative for the first partial window). */
	t: number;
	accepted: number;
	rateLimited: number;
	other: number;
}

export function perWindow(raw: LogPoint[], windowMs: number, startedAt: number, offsetMs = 0): WindowBin[] {
	if (!raw.length) return [];
	const log = raw.map(([at, status]): LogPoint => [at + offsetMs, status]);
	const first = Math.floor(Math.min(...log.map(([at]) => at)) / windowMs);
	const last = Math.floor(Math.max(...log.map(([at]) => at)) / windowMs);
	const bins: WindowBin[] = [];
	for (let w = first; w <= last; w++) bins.push({ t: (w * windowMs - startedAt) / 1000, accepted: 0, rateLimited: 0, other: 0 });
	for (const [at, status] of log) {
		const bin = bins[Math.floor(at / windowMs) - first];
		if (status === 429) bin.rateLimited++;
		else if (status >= 200 && status < 300) bin.accepted++;
		else bin.other++;
	}
	return bins;
}

/** Runs `fn` and returns its result with the wall time in milliseconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; elapsedMs: number; startedAt: number }> {
	const startedAt = Date.now();
	const start = process.hrtime.bigint();
	const result = await fn();
	const elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
	return { result, elapsedMs, startedAt };
}

export const round = (value: number, digits = 2): number => {
	const f = 10 ** digits;
	return Math.round(value * f) / f;
};

/**
 * Waits until a fresh rate-limit window has just begun (windows are epoch-aligned, the sandbox's
 * clock is the machine's), so a run never starts with a partial window's full budget.
 */
export async function atWindowStart(windowMs: number, marginMs = 25): Promise<void> {
	const wait = windowMs - (Date.now() % windowMs) + marginMs;
	await new Promise((resolve) => setTimeout(resolve, wait % windowMs));
}

/** One sample of the sandbox's in-flight count: seconds since the run started, requests in flight. */
export type InFlightPoint = [t: number, inFlight: number];

/** Samples the sandbox's in-flight count every `everyMs` until stopped. */
export function sampleInFlight(sandbox: SandboxProcess, startedAt: number, everyMs = 100): { stop: () => Promise<InFlightPoint[]> } {
	const points: InFlightPoint[] = [];
	let running = true;
	const loop = (async () => {
		while (running) {
			const stats = await sandbox.call('stats');
			points.push([(Date.now() - startedAt) / 1000, stats.inFlight]);
			await new Promise((resolve) => setTimeout(resolve, everyMs));
		}
	})();
	return {
		stop: async () => {
			running = false;
			await loop;
			return points;
		},
	};
}
