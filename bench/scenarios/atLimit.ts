import { ours } from '../alternatives/ours';
import { closes, ofLimit, runApproach, type ApproachRun } from '../lib/approachRun';
import { perSecond, type BenchSizes, type Shape } from '../lib/config';
import { round } from '../lib/measure';
import { check, type Check, type ScenarioResult } from '../lib/types';
import type { Workspace } from '../lib/workspace';

export interface AtLimitRun {
	shape: Shape;
	run: ApproachRun;
	ofLimit: number;
}

/** Closes through the node's execute() at defaults, at one shape's limit and latency. */
export async function closeAtLimit(workspace: Workspace, sizes: BenchSizes, shape: Shape): Promise<AtLimitRun> {
	const run = await runApproach(workspace, ours, closes, sizes.closes, shape, { chart: true });
	return { shape, run, ofLimit: ofLimit(run.accepted, run.elapsedMs, shape) };
}

/** The three targets of a run at the limit: share of the limit, failed items, 429s. */
export function limitChecks(id: string, where: string, r: { ofLimit: number; failed: number; rateLimited: number; requests: number; why?: string }): Check[] {
	const share429 = r.requests ? r.rateLimited / r.requests : 0;
	return [
		check(id, `${where}: of the limit (accepted req/s ÷ limit/s)`, round(r.ofLimit, 3).toFixed(3), '≥ 0.95', r.ofLimit >= 0.95, r.why),
		check(id, `${where}: failed items`, String(r.failed), '0', r.failed === 0),
		check(id, `${where}: 429s / requests`, `${r.rateLimited} / ${r.requests} (${(share429 * 100).toFixed(2)} %)`, '< 1 %', share429 < 0.01),
	];
}

/** Why a run stayed below the limit, from what the sandbox saw. */
function whyBelow(r: AtLimitRun): string {
	const { run, shape } = r;
	const rate = run.accepted / (run.elapsedMs / 1000);
	const needed = Math.ceil((perSecond(shape) * shape.typicalLatencyMs) / 1000);
	const perRequestMs = (run.maxInFlight * run.elapsedMs) / Math.max(1, run.requests);
	const cause =
		run.maxInFlight < needed
			? `at ~${shape.typicalLatencyMs} ms per request the limit needs ~${needed} in flight (rate × latency)`
			: `enough in flight for ~${shape.typicalLatencyMs} ms requests, yet each slot took ~${perRequestMs.toFixed(0)} ms per request: client-side time (CPU, machine load; see scenario 3)`;
	return `${rate.toFixed(0)} accepted req/s of ${perSecond(shape).toFixed(0)}, at most ${run.maxInFlight} requests in flight: ${cause}`;
}

/** Scenario 1: at Intercom's shape and at the earlier fast shape, the node at defaults. */
export function atLimitResult(runs: AtLimitRun[]): ScenarioResult {
	const id = '1';
	return {
		id,
		title: 'At the limit, node execute() at defaults',
		conditions: runs.map((r) => `${r.run.items} closes at ${r.shape.label}`).join('; ') + '; each run starts as a rate-limit window begins, with a fresh token',
		checks: runs.flatMap((r) => limitChecks(id, `execute(), ${r.shape.label}`, { ...r.run, ofLimit: r.ofLimit, why: whyBelow(r) })),
		tables: [
			{
				title: 'Scenario 1: at the limit',
				header: ['shape', 'items', 'elapsed (s)', 'requests', 'accepted/s', 'limit/s', 'of the limit', 'max in flight', '429s', 'failed', 'duplicate writes'],
				rows: runs.map(({ shape, run, ofLimit: share }) => [
					shape.label,
					String(run.items),
					(run.elapsedMs / 1000).toFixed(2),
					String(run.requests),
					(run.accepted / (run.elapsedMs / 1000)).toFixed(1),
					perSecond(shape).toFixed(1),
					share.toFixed(3),
					String(run.maxInFlight),
					String(run.rateLimited),
					String(run.failed),
					String(run.duplicates),
				]),
			},
		],
		notes: [],
		data: { runs: runs.map((r) => ({ shape: r.shape.name, ofLimit: r.ofLimit, run: r.run })) },
	};
}
