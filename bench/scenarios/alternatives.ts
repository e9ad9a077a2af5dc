import { axiosPromiseAll } from '../alternatives/axiosAll';
import { n8nHttpBatching } from '../alternatives/n8nHttpBatching';
import { ours } from '../alternatives/ours';
import { sdkPromiseAll, sdkSequential } from '../alternatives/sdk';
import type { Approach } from '../alternatives/types';
import { closes, notes, runApproach, type ApproachRun } from '../lib/approachRun';
import { FAULT_SEED, INTERCOM, type BenchSizes } from '../lib/config';
import { check, type ScenarioResult } from '../lib/types';
import type { Workspace } from '../lib/workspace';

export const ALTERNATIVES: Approach[] = [sdkPromiseAll, sdkSequential, n8nHttpBatching, axiosPromiseAll];
/** Every approach, ours first: used to size the shared sandbox. */
export const APPROACH_COUNT = ALTERNATIVES.length + 1;
const NOTE_ROUTE = 'POST /conversations/{id}/reply';
export const COMMIT_THEN_FAIL = 0.02;

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const perItem = (run: ApproachRun) => run.elapsedMs / run.items;
/** Per item, since the sequential loop runs fewer items. */
const ratio = (run: ApproachRun, base: ApproachRun) => `${(perItem(run) / perItem(base)).toFixed(2)}×`;
/** The sequential loop takes a latency per item: it runs `sequentialCap` items. */
const countFor = (approach: Approach, count: number, sizes: BenchSizes) => (approach === sdkSequential ? Math.min(count, sizes.sequentialCap) : count);

/**
 * Scenario 2: the same closes by what users would use instead (ours: scenario 1's run, same
 * sandbox), then notes under ambiguous commit-then-fail faults by every approach.
 */
export async function alternatives(
	workspace: Workspace,
	sizes: BenchSizes,
	oursCloses: ApproachRun,
	log: (line: string) => void,
): Promise<{ result: ScenarioResult; sdkAll: ApproachRun }> {
	const closeRuns: ApproachRun[] = [oursCloses];
	for (const approach of ALTERNATIVES) {
		log(`  closes: ${approach.label}`);
		closeRuns.push(await runApproach(workspace, approach, closes, countFor(approach, sizes.closes, sizes), INTERCOM, { chart: approach === sdkPromiseAll }));
	}

	const noteRuns: ApproachRun[] = [];
	await workspace.sandbox.call('setFaults', NOTE_ROUTE, { commitThenFail: COMMIT_THEN_FAIL, seed: FAULT_SEED });
	try {
		for (const approach of [ours, ...ALTERNATIVES]) {
			log(`  notes: ${approach.label}`);
			noteRuns.push(await runApproach(workspace, approach, notes(approach.key), countFor(approach, sizes.notes, sizes), INTERCOM));
		}
	} finally {
		await workspace.sandbox.call('setFaults', NOTE_ROUTE, null);
	}

	const [baseClose, baseNote] = [closeRuns[0], noteRuns[0]];
	const id = '2';
	const result: ScenarioResult = {
		id,
		title: 'What users would do instead',
		conditions: `same sandbox as 1 at Intercom's shape (${INTERCOM.label}); ${sizes.closes} closes each (the SDK's sequential loop: ${Math.min(sizes.closes, sizes.sequentialCap)}, "× ours" is per item); then ${sizes.notes} notes each (sequential: ${Math.min(sizes.notes, sizes.sequentialCap)}) with ${COMMIT_THEN_FAIL * 100} % commit-then-500 on the note route`,
		checks: [
			check(id, 'ours, notes: duplicates / lost', `${baseNote.duplicates} / ${baseNote.lost}`, '0 / 0', baseNote.duplicates === 0 && baseNote.lost === 0),
			check(id, 'ours, notes: failed items', String(baseNote.failed), '0', baseNote.failed === 0),
		],
		tables: [
			{
				title: `Scenario 2: ${sizes.closes} closes`,
				header: ['approach', 'items', 'elapsed (s)', '× ours (per item)', 'failed items', 'duplicate writes', '429s', 'requests', 'note'],
				rows: closeRuns.map((run) => [
					run.label,
					String(run.items),
					seconds(run.elapsedMs),
					ratio(run, baseClose),
					String(run.failed),
					String(run.duplicates),
					String(run.rateLimited),
					String(run.requests),
					run.note ?? '',
				]),
			},
			{
				title: `Scenario 2: ${sizes.notes} notes, ${COMMIT_THEN_FAIL * 100} % commit-then-fail`,
				header: ['approach', 'items', 'elapsed (s)', '× ours (per item)', 'failed items', 'duplicate notes', 'lost notes', '429s', 'requests', 'note'],
				rows: noteRuns.map((run) => [
					run.label,
					String(run.items),
					seconds(run.elapsedMs),
					ratio(run, baseNote),
					String(run.failed),
					String(run.duplicates),
					String(run.lost),
					String(run.rateLimited),
					String(run.requests),
					run.note ?? '',
				]),
			},
		],
		notes: [
			'"failed items": items the approach itself reports as failed (for n8n batching: failed in the last try).',
			'"duplicate writes/notes": parts beyond the first on a conversation (every op has its own conversation); "lost": ops whose write never landed.',
			'Closing twice is harmless (the conversation stays closed) but still counts as a duplicate write here.',
		],
		data: { closes: closeRuns, notes: noteRuns },
	};
	return { result, sdkAll: closeRuns[1] };
}
