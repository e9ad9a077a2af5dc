import type { Approach, Op } from '../alternatives/types';
import type { Shape } from './config';
import { atWindowStart, perWindow, timed, traffic, writeOutcome, type TrafficSummary, type WindowBin, type WriteOutcome } from './measure';
import type { Workspace } from './workspace';

export interface ApproachRun extends TrafficSummary, WriteOutcome {
	approach: string;
	label: string;
	items: number;
	elapsedMs: number;
	failed: number;
	/** Most requests the sandbox had in flight at once during the run. */
	maxInFlight: number;
	note?: string;
	/** Requests per second (chart), when asked for. */
	windows?: WindowBin[];
}

/**
 * Runs one approach on fresh conversations with a fresh token, started as a rate-limit window of
 * the shape begins, then reads from the sandbox what it did: requests, 429s, the most in flight,
 * and the writes that landed on each conversation.
 */
export async function runApproach(
	workspace: Workspace,
	approach: Approach,
	makeOps: (ids: string[]) => Op[],
	count: number,
	shape: Shape,
	options: { chart?: boolean } = {},
): Promise<ApproachRun> {
	const ids = workspace.take(count);
	const ops = makeOps(ids);
	const target = workspace.target();
	await atWindowStart(shape.limit.windowMs);
	await workspace.sandbox.call('resetStats');
	const { result, elapsedMs, startedAt } = await timed(() => approach.run(target, ops));
	const stats = await workspace.sandbox.call('stats');
	const log = options.chart ? await workspace.sandbox.call('log') : undefined;
	const outcome = await writeOutcome(workspace.sandbox, ids);
	return {
		approach: approach.key,
		label: approach.label,
		items: ops.length,
		elapsedMs,
		failed: result.failed,
		maxInFlight: stats.maxInFlight,
		...(result.note && { note: result.note }),
		...traffic(stats),
		...outcome,
		...(log && { windows: perWindow(log, 1_000, startedAt) }),
	};
}

/** Accepted requests per second over the run ÷ what the shape allows per second. */
export function ofLimit(accepted: number, elapsedMs: number, shape: Shape): number {
	return accepted / (elapsedMs / 1000) / (shape.limit.limit / (shape.limit.windowMs / 1000));
}

/** Closes without a closing message (the node then retries them as idempotent). */
export const closes = (ids: string[]): Op[] => ids.map((conversationId) => ({ kind: 'close', conversationId }));

/** Notes with a distinct text each (what a read-back compares). */
export const notes = (tag: string) => (ids: string[]): Op[] =>
	ids.map((conversationId, i) => ({ kind: 'note', conversationId, body: `Bench note ${tag} #${i}` }));
