import type { Approach, Op } from '../alternatives/types';
import { perWindow, timed, traffic, writeOutcome, type TrafficSummary, type WindowBin, type WriteOutcome } from './measure';
import type { Workspace } from './workspace';

export interface ApproachRun extends TrafficSummary, WriteOutcome {
	approach: string;
	label: string;
	items: number;
	elapsedMs: number;
	failed: number;
	note?: string;
	/** Requests per rate-limit window, when asked for (the chart). */
	windows?: WindowBin[];
}

/**
 * Runs one approach on fresh conversations with a fresh token, then reads from the sandbox
 * what it did: requests, 429s, and the writes that landed on each conversation.
 */
export async function runApproach(
	workspace: Workspace,
	approach: Approach,
	makeOps: (ids: string[]) => Op[],
	count: number,
	options: { windowMs?: number; latencyMs?: number } = {},
): Promise<ApproachRun> {
	const ids = workspace.take(count);
	const ops = makeOps(ids);
	const target = workspace.target();
	await workspace.sandbox.call('resetStats');
	const { result, elapsedMs, startedAt } = await timed(() => approach.run(target, ops));
	const stats = await workspace.sandbox.call('stats');
	const log = options.windowMs ? await workspace.sandbox.call('log') : undefined;
	const outcome = await writeOutcome(workspace.sandbox, ids);
	return {
		approach: approach.key,
		label: approach.label,
		items: ops.length,
		elapsedMs,
		failed: result.failed,
		...(result.note && { note: result.note }),
		...traffic(stats),
		...outcome,
		...(log && options.windowMs && { windows: perWindow(log, options.windowMs, startedAt, options.latencyMs) }),
	};
}

/** Closes without a closing message (the node then retries them as idempotent). */
export const closes = (ids: string[]): Op[] => ids.map((conversationId) => ({ kind: 'close', conversationId }));

/** Notes with a distinct text each (what a read-back compares). */
export const notes = (tag: string) => (ids: string[]): Op[] =>
	ids.map((conversationId, i) => ({ kind: 'note', conversationId, body: `Bench note ${tag} #${i}` }));
