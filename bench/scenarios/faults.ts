import { ours } from '../alternatives/ours';
import type { Op } from '../alternatives/types';
import { FAULT_SEED, INTERCOM, type BenchSizes } from '../lib/config';
import { atWindowStart, timed, traffic, writeOutcome, type TrafficSummary, type WriteOutcome } from '../lib/measure';
import { check, info, type ScenarioResult } from '../lib/types';
import { Workspace } from '../lib/workspace';

export const FAULTS = { status503: 0.05, reset: 0.02, commitThenFail: 0.01 };

interface FaultRun extends TrafficSummary {
	ops: number;
	elapsedMs: number;
	failed: number;
	faultsInjected: number;
	closes: WriteOutcome;
	notes: WriteOutcome;
}

/** Half closes, half notes, each on a conversation of its own; the node runs one execution per kind. */
async function runOnce(workspace: Workspace, count: number, tag: string): Promise<FaultRun> {
	const closeIds = workspace.take(Math.floor(count / 2));
	const noteIds = workspace.take(count - closeIds.length);
	const ops: Op[] = [
		...closeIds.map((conversationId): Op => ({ kind: 'close', conversationId })),
		...noteIds.map((conversationId, i): Op => ({ kind: 'note', conversationId, body: `Bench fault note ${tag} #${i}` })),
	];
	const target = workspace.target();
	await atWindowStart(INTERCOM.limit.windowMs);
	await workspace.sandbox.call('resetStats');
	const { result, elapsedMs } = await timed(() => ours.run(target, ops));
	const stats = await workspace.sandbox.call('stats');
	return {
		ops: ops.length,
		elapsedMs,
		failed: result.failed,
		faultsInjected: stats.faultsInjected,
		...traffic(stats),
		closes: await writeOutcome(workspace.sandbox, closeIds),
		notes: await writeOutcome(workspace.sandbox, noteIds),
	};
}

/** Scenario 5: closes and notes with 5 % 503, 2 % resets and 1 % commit-then-fail, vs the same clean. */
export async function faults(sizes: BenchSizes, log: (line: string) => void): Promise<ScenarioResult> {
	const count = sizes.faultOps;
	const workspace = await Workspace.start({ conversations: count * 2, rateLimit: INTERCOM.limit, latencyMs: INTERCOM.latency, tokens: 2, name: 'faults' });
	let clean: FaultRun;
	let faulty: FaultRun;
	try {
		log('  clean run');
		clean = await runOnce(workspace, count, 'clean');
		log('  faulty run');
		await workspace.sandbox.call('setFaults', '*', { ...FAULTS, seed: FAULT_SEED });
		faulty = await runOnce(workspace, count, 'faulty');
	} finally {
		await workspace.close();
	}
	const added = faulty.elapsedMs - clean.elapsedMs;
	const id = '5';
	const row = (name: string, r: FaultRun) => [
		name,
		String(r.ops),
		(r.elapsedMs / 1000).toFixed(2),
		String(r.requests),
		String(r.faultsInjected),
		String(r.rateLimited),
		String(r.failed),
		String(r.notes.duplicates),
		String(r.notes.lost),
		String(r.closes.duplicates),
		String(r.closes.lost),
	];
	return {
		id,
		title: 'Faults',
		conditions: `${count} operations (${Math.floor(count / 2)} closes, then ${count - Math.floor(count / 2)} notes, one execution each) through execute() at defaults; sandbox at Intercom's shape (${INTERCOM.label}); faulty run: on every route (read-backs included) 5 % 503, 2 % connection resets, 1 % commit-then-500`,
		checks: [
			check(id, 'failed items (faulty run)', String(faulty.failed), '0', faulty.failed === 0),
			check(id, 'duplicate notes (faulty run)', String(faulty.notes.duplicates), '0', faulty.notes.duplicates === 0),
			check(id, 'lost notes (faulty run)', String(faulty.notes.lost), '0', faulty.notes.lost === 0),
			info(id, 'time added over the clean run', `${(added / 1000).toFixed(2)} s (+${((added / clean.elapsedMs) * 100).toFixed(1)} %)`),
		],
		tables: [
			{
				title: 'Scenario 5: faults',
				header: ['run', 'ops', 'elapsed (s)', 'requests', 'faults injected', '429s', 'failed items', 'duplicate notes', 'lost notes', 'duplicate close parts', 'lost closes'],
				rows: [row('clean', clean), row('faulty', faulty)],
			},
		],
		notes: [
			`Time added by the faults: ${(added / 1000).toFixed(2)} s (${((added / clean.elapsedMs) * 100).toFixed(1)} % over the clean run).`,
			'Closes and notes are both read back before a retry after an ambiguous failure (a 5xx or a dropped connection), so a commit-then-fail write is found instead of sent again.',
		],
		data: { clean, faulty, addedMs: added },
	};
}
