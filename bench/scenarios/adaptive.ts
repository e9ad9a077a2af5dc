import { ours } from '../alternatives/ours';
import { closes } from '../lib/approachRun';
import { INTERCOM, perSecond, type BenchSizes } from '../lib/config';
import { atWindowStart, perWindow, sampleInFlight, timed, traffic, writeOutcome, type InFlightPoint, type WindowBin } from '../lib/measure';
import type { LatencySpec } from '../lib/sandboxProtocol';
import { check, info, type ScenarioResult } from '../lib/types';
import { Workspace } from '../lib/workspace';

const BEFORE_STEP: LatencySpec = { minMs: 150, maxMs: 150, writesOnly: true };
const AFTER_STEP: LatencySpec = { minMs: 1_500, maxMs: 1_500, writesOnly: true };

export interface DisturbedRun {
	kind: 'latency step' | '503 stretch';
	items: number;
	elapsedMs: number;
	failed: number;
	requests: number;
	rateLimited: number;
	byStatus: Record<string, number>;
	/** Requests beyond one per item (retries and read-backs). */
	retries: number;
	lost: number;
	duplicates: number;
	maxInFlight: number;
	/** When the disturbance began and ended, in s since the run started. */
	from: number;
	to: number;
	/** Mean in-flight and requests per second before, during and after the disturbance. */
	phases: Array<{ phase: string; inFlight: number; perSecond: number }>;
	inFlight: InFlightPoint[];
	windows: WindowBin[];
}

/** NaN when the phase holds no sample (printed as "—"). */
const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN);
const show = (value: number) => (Number.isNaN(value) ? '—' : value.toFixed(1));

function phases(points: InFlightPoint[], windows: WindowBin[], from: number, to: number, end: number): DisturbedRun['phases'] {
	const span = (a: number, b: number) => ({
		inFlight: mean(points.filter(([t]) => t >= a && t < b).map(([, n]) => n)),
		perSecond: mean(windows.filter((w) => w.t >= a && w.t + 1 <= b).map((w) => w.accepted + w.rateLimited + w.other)),
	});
	return [
		{ phase: 'before', ...span(1, from) },
		{ phase: 'during', ...span(from + 2, to) },
		{ phase: 'after', ...span(to + 2, end - 1) },
	];
}

/** One run of closes at Intercom's limit while `disturb` changes the sandbox at `atMs` and `undo` (if any) ends it. */
async function disturbedRun(
	workspace: Workspace,
	kind: DisturbedRun['kind'],
	count: number,
	atMs: number,
	disturb: () => Promise<unknown>,
	undo?: { afterMs: number; run: () => Promise<unknown> },
): Promise<DisturbedRun> {
	const ids = workspace.take(count);
	const target = workspace.target();
	await atWindowStart(INTERCOM.limit.windowMs);
	await workspace.sandbox.call('resetStats');
	const startedAt = Date.now();
	const sampler = sampleInFlight(workspace.sandbox, startedAt);
	let to = Infinity;
	const timers = [
		setTimeout(() => void disturb(), atMs),
		...(undo ? [setTimeout(() => void undo.run().then(() => (to = (Date.now() - startedAt) / 1000)), atMs + undo.afterMs)] : []),
	];
	const { result, elapsedMs } = await timed(() => ours.run(target, closes(ids)));
	timers.forEach(clearTimeout);
	const inFlight = await sampler.stop();
	const stats = await workspace.sandbox.call('stats');
	const outcome = await writeOutcome(workspace.sandbox, ids);
	const windows = perWindow(await workspace.sandbox.call('log'), 1_000, startedAt);
	const summary = traffic(stats);
	const from = atMs / 1000;
	const end = elapsedMs / 1000;
	if (!Number.isFinite(to)) to = undo ? Math.min(end, from + undo.afterMs / 1000) : end;
	return {
		kind,
		items: count,
		elapsedMs,
		failed: result.failed,
		requests: summary.requests,
		rateLimited: summary.rateLimited,
		byStatus: summary.byStatus,
		retries: summary.requests - count,
		lost: outcome.lost,
		duplicates: outcome.duplicates,
		maxInFlight: stats.maxInFlight,
		from,
		to,
		phases: phases(inFlight, windows, from, to, end),
		inFlight,
		windows,
	};
}

/**
 * "In flight bounded": at most twice what the limit needs at the run's slowest write latency
 * (Little's law: in flight = rate × latency), so a slow or failing Intercom never draws an
 * unbounded pile of open requests.
 */
const inFlightBound = (slowestMs: number) => Math.ceil((2 * perSecond(INTERCOM) * slowestMs) / 1000);

/**
 * Scenario 8: the node at defaults through execute() at Intercom's limit while the server changes
 * under it: write latency steps from 150 ms to 1.5 s mid-run; then, in another run, every request
 * answers 503 for a stretch.
 */
export async function adaptive(sizes: BenchSizes, log: (line: string) => void): Promise<{ result: ScenarioResult; runs: DisturbedRun[] }> {
	const count = sizes.adaptiveCloses;
	const workspace = await Workspace.start({ conversations: count * 2, rateLimit: INTERCOM.limit, latencyMs: BEFORE_STEP, tokens: 2, name: 'adaptive' });
	const runs: DisturbedRun[] = [];
	try {
		log('  latency step 150 ms → 1.5 s');
		runs.push(
			await disturbedRun(workspace, 'latency step', count, sizes.stepAtMs, () => workspace.sandbox.call('setLatency', AFTER_STEP), {
				afterMs: sizes.stepMs,
				run: () => workspace.sandbox.call('setLatency', BEFORE_STEP),
			}),
		);
		await workspace.sandbox.call('setLatency', INTERCOM.latency);
		log(`  ${sizes.stretchMs / 1000} s of 503s`);
		runs.push(
			await disturbedRun(workspace, '503 stretch', count, sizes.stretchAtMs, () => workspace.sandbox.call('setFaults', '*', { status503: 1 }), {
				afterMs: sizes.stretchMs,
				run: () => workspace.sandbox.call('setFaults', '*', null),
			}),
		);
	} finally {
		await workspace.close();
	}
	const slowest: Record<DisturbedRun['kind'], number> = { 'latency step': 1_500, '503 stretch': INTERCOM.typicalLatencyMs };
	if (typeof INTERCOM.latency !== 'number' && INTERCOM.latency.tailMs) slowest['503 stretch'] = INTERCOM.latency.tailMs;
	const id = '8';
	const phase = (r: DisturbedRun, name: string) => r.phases.find((p) => p.phase === name) ?? { inFlight: Number.NaN, perSecond: Number.NaN };
	return {
		runs,
		result: {
			id,
			title: 'Latency step and a stretch of 503s',
			conditions: `${count} closes per run through execute() at defaults, Intercom's limit (1,666 / 10 s); run 1: writes answered in 150 ms, in 1.5 s from ${sizes.stepAtMs / 1000} s for ${sizes.stepMs / 1000} s, then in 150 ms again; run 2: Intercom's latency (150–400 ms, 1 % at 2 s), every request answered 503 from ${sizes.stretchAtMs / 1000} s for ${sizes.stretchMs / 1000} s. In flight: the sandbox's count from a request's arrival to its response's end, sampled every 100 ms`,
			checks: runs.flatMap((r) => [
				check(id, `${r.kind}: max in flight`, String(r.maxInFlight), `≤ ${inFlightBound(slowest[r.kind])} (2 × limit/s × slowest latency, ${slowest[r.kind]} ms)`, r.maxInFlight <= inFlightBound(slowest[r.kind])),
				...(r.kind === '503 stretch'
					? [check(id, '503 stretch: mean in flight during ÷ before', `${show(phase(r, 'during').inFlight)} ÷ ${show(phase(r, 'before').inFlight)}`, '≤ 1 (backs off, no retry storm)', !(phase(r, 'during').inFlight > phase(r, 'before').inFlight))]
					: []),
				check(id, `${r.kind}: lost / duplicated closes`, `${r.lost} / ${r.duplicates}`, '0 / 0', r.lost === 0 && r.duplicates === 0),
				info(id, `${r.kind}: failed items; retries spent`, `${r.failed}; ${r.retries}`),
			]),
			tables: [
				{
					title: 'Scenario 8: the server changes mid-run',
					header: ['run', 'elapsed (s)', 'in flight before / during / after', 'req/s before / during / after', 'max in flight', 'requests', 'retries', '503s', '429s', 'failed', 'lost', 'duplicates'],
					rows: runs.map((r) => [
						r.kind,
						(r.elapsedMs / 1000).toFixed(1),
						['before', 'during', 'after'].map((p) => show(phase(r, p).inFlight)).join(' / '),
						['before', 'during', 'after'].map((p) => show(phase(r, p).perSecond)).join(' / '),
						String(r.maxInFlight),
						String(r.requests),
						String(r.retries),
						String(r.byStatus['503'] ?? 0),
						String(r.rateLimited),
						String(r.failed),
						String(r.lost),
						String(r.duplicates),
					]),
				},
			],
			notes: [
				`"during" starts 2 s after the change (the node has had time to react) and ends with it; "after" starts 2 s after the change is undone; "—": the run ended first. At 1.5 s, 166.6 req/s needs rate × latency = ${Math.round(1.5 * 166.6)} in flight. "retries": requests beyond one per item (retries and read-backs).`,
				'A close is idempotent in effect; a duplicate here is a second close part on the same conversation.',
			],
			data: { runs: runs.map(({ windows: _w, ...rest }) => rest), inFlightBounds: Object.fromEntries(Object.entries(slowest).map(([k, ms]) => [k, inFlightBound(ms)])) },
		},
	};
}
