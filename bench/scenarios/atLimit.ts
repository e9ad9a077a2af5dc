import { ours } from '../alternatives/ours';
import { closes, runApproach, type ApproachRun } from '../lib/approachRun';
import { AT_LIMIT, LATENCY_MS, type BenchSizes } from '../lib/config';
import { round } from '../lib/measure';
import { check, type ScenarioResult } from '../lib/types';
import type { Workspace } from '../lib/workspace';

const CONCURRENCY_DEFAULT = 10;

/** Achieved (accepted requests per second) ÷ the limit per second. */
export function efficiency(run: ApproachRun): number {
	const limitPerSecond = AT_LIMIT.limit / (AT_LIMIT.windowMs / 1000);
	return run.accepted / (run.elapsedMs / 1000) / limitPerSecond;
}

/** Scenario 1: closes through the node's batch path at default settings, at the sandbox's limit. */
export async function atLimit(workspace: Workspace, sizes: BenchSizes): Promise<{ result: ScenarioResult; run: ApproachRun }> {
	const run = await runApproach(workspace, ours, closes, sizes.closes, { windowMs: AT_LIMIT.windowMs, latencyMs: LATENCY_MS });
	const eff = efficiency(run);
	const share429 = run.requests ? run.rateLimited / run.requests : 0;
	const fullest = Math.max(0, ...(run.windows ?? []).map((w) => w.accepted));
	const why =
		fullest < AT_LIMIT.limit
			? `no window was used up (fullest: ${fullest} of ${AT_LIMIT.limit}, no 429s): the node is throughput-bound below the limit at ${(run.accepted / (run.elapsedMs / 1000)).toFixed(0)} req/s with concurrency 10 and ${LATENCY_MS} ms latency, i.e. ~${((CONCURRENCY_DEFAULT * run.elapsedMs) / run.requests).toFixed(0)} ms per request in flight (scenario 3: CPU per request)`
			: `windows reach the limit (fullest: ${fullest}) but some time between them is idle: see the chart`;
	const id = '1';
	const result: ScenarioResult = {
		id,
		title: 'At the limit',
		conditions: `${run.items} closes, node execute() at defaults (concurrency 10), sandbox ${AT_LIMIT.limit} req / ${AT_LIMIT.windowMs} ms window, ${LATENCY_MS} ms latency`,
		checks: [
			check(id, 'efficiency (accepted req/s ÷ limit)', round(eff, 3).toFixed(3), '≥ 0.95', eff >= 0.95, why),
			check(id, 'failed items', String(run.failed), '0', run.failed === 0),
			check(id, '429s / requests', `${run.rateLimited} / ${run.requests} (${(share429 * 100).toFixed(2)} %)`, '< 1 %', share429 < 0.01),
		],
		tables: [
			{
				title: 'Scenario 1: at the limit',
				header: ['items', 'elapsed (s)', 'requests', 'req/s', 'accepted/s', 'efficiency', '429s', 'failed', 'duplicate writes'],
				rows: [[
					String(run.items),
					(run.elapsedMs / 1000).toFixed(2),
					String(run.requests),
					(run.requests / (run.elapsedMs / 1000)).toFixed(1),
					(run.accepted / (run.elapsedMs / 1000)).toFixed(1),
					eff.toFixed(3),
					String(run.rateLimited),
					String(run.failed),
					String(run.duplicates),
				]],
			},
		],
		notes: [],
		data: { run, efficiency: eff },
	};
	return { result, run };
}
