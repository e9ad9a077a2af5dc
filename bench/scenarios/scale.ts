import { runInChild } from '../lib/childJob';
import type { BenchSizes } from '../lib/config';
import { runNodeOperation, type Target } from '../lib/nodeRunner';
import { check, info, type ScenarioResult } from '../lib/types';
import { Workspace } from '../lib/workspace';

export const SCALE_TIME_TARGET = 1.2;
export const SCALE_RSS_TARGET_MB = 500;
/** With Simplify on (write operations output `{ id, state, ...what changed }`). */
export const SIMPLIFIED_RSS_TARGET_MB = 400;
const SAMPLE_MS = 20;
const CONVERSATIONS = 10_000;

export interface ScaleJob {
	kind: 'scale';
	target: Target;
	ids: string[];
	items: number;
	simplify: boolean;
}

export interface ScaleResult {
	items: number;
	simplify: boolean;
	elapsedMs: number;
	failed: number;
	outputItems: number;
	/** RSS of the fresh process before the input items exist. */
	baselineRssBytes: number;
	/** Highest RSS seen: sampled every 20 ms, and the OS's max RSS of the process. */
	peakRssBytes: number;
	peakHeapUsedBytes: number;
	/** Heap still live after the run with the output held (after a full collection), above the start. */
	liveAfterBytes: number;
	/** JSON size of one output item (the conversation Intercom returned). */
	outputJsonBytes: number;
}

declare const gc: (() => void) | undefined;

/**
 * In a fresh process: `items` close items (conversation IDs cycle through the seeded ones;
 * a close's answer has the same size however often the conversation was closed) through the
 * node's execute() at defaults. The output is held until the end, as n8n holds it.
 */
export async function scaleJob(job: ScaleJob): Promise<ScaleResult> {
	if (typeof gc === 'function') gc();
	const baselineRssBytes = process.memoryUsage().rss;
	const baselineHeapBytes = process.memoryUsage().heapUsed;
	let peakRssBytes = baselineRssBytes;
	let peakHeapUsedBytes = 0;
	const sample = () => {
		const memory = process.memoryUsage();
		peakRssBytes = Math.max(peakRssBytes, memory.rss);
		peakHeapUsedBytes = Math.max(peakHeapUsedBytes, memory.heapUsed);
	};
	const sampler = setInterval(sample, SAMPLE_MS);
	const items = Array.from({ length: job.items }, (_, i) => ({ conversation_id: job.ids[i % job.ids.length] }));
	const start = process.hrtime.bigint();
	const run = await runNodeOperation(job.target, 'close', items, {}, job.simplify);
	const elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
	sample();
	clearInterval(sampler);
	peakRssBytes = Math.max(peakRssBytes, process.resourceUsage().maxRSS * 1024);
	if (typeof gc === 'function') gc();
	const liveAfterBytes = process.memoryUsage().heapUsed - baselineHeapBytes;
	const outputJsonBytes = JSON.stringify(run.output[0]?.json ?? {}).length;
	return {
		liveAfterBytes,
		outputJsonBytes,
		items: job.items,
		simplify: job.simplify,
		elapsedMs,
		failed: run.failed,
		outputItems: run.output.length,
		baselineRssBytes,
		peakRssBytes,
		peakHeapUsedBytes,
	};
}

const mb = (bytes: number) => bytes / 1024 / 1024;

/** The two checks of one output mode: time per item large ÷ small, peak RSS at the large size. */
function modeChecks(id: string, mode: string, small: ScaleResult, large: ScaleResult, rssTargetMb: number) {
	const perItem = (r: ScaleResult) => (r.elapsedMs * 1000) / r.items;
	const timeRatio = perItem(large) / perItem(small);
	const heldPerItem = (large.peakRssBytes - large.baselineRssBytes) / large.items;
	return {
		timeRatio,
		checks: [
			check(id, `${mode}: time per item, ${large.items} ÷ ${small.items}`, `${timeRatio.toFixed(3)}× (${perItem(large).toFixed(1)} vs ${perItem(small).toFixed(1)} µs)`, `≤ ${SCALE_TIME_TARGET}×`, timeRatio <= SCALE_TIME_TARGET,
				'time per item grows with the batch size'),
			check(id, `${mode}: peak RSS at ${large.items}`, `${mb(large.peakRssBytes).toFixed(0)} MB`, `≤ ${rssTargetMb} MB`, mb(large.peakRssBytes) <= rssTargetMb,
				`${(heldPerItem / 1024).toFixed(1)} KB per item above the baseline at the peak; after the run ${(large.liveAfterBytes / large.items / 1024).toFixed(1)} KB per item stays live (input and output items, ${large.outputJsonBytes} bytes of JSON per output item), which n8n holds too; the rest of the peak is garbage V8 had not collected yet (peak heap ${mb(large.peakHeapUsedBytes).toFixed(0)} MB, live after ${mb(large.liveAfterBytes).toFixed(0)} MB)`),
		],
	};
}

/** Scenario 4: small and large input through execute(), full and simplified output, each in a fresh process with a fresh sandbox. */
export async function scale(sizes: BenchSizes, log: (line: string) => void): Promise<ScenarioResult> {
	const results: ScaleResult[] = [];
	for (const simplify of [false, true]) {
		for (const items of sizes.scale) {
			log(`  ${items} items, ${simplify ? 'simplified' : 'full'} output`);
			const workspace = await Workspace.start({ conversations: CONVERSATIONS, rateLimit: false, latencyMs: 0, tokens: 1, name: `scale${items}${simplify ? 's' : 'f'}` });
			try {
				results.push(await runInChild({ kind: 'scale', target: workspace.target(), ids: workspace.take(CONVERSATIONS), items, simplify }));
			} finally {
				await workspace.close();
			}
		}
	}
	const [small, large, smallSimple, largeSimple] = results;
	const full = modeChecks('4', 'full output', small, large, SCALE_RSS_TARGET_MB);
	const simple = modeChecks('4', 'Simplify on', smallSimple, largeSimple, SIMPLIFIED_RSS_TARGET_MB);
	const failed = results.reduce((sum, r) => sum + r.failed, 0);
	const perItem = (r: ScaleResult) => (r.elapsedMs * 1000) / r.items;
	const simplified = largeSimple.outputJsonBytes < large.outputJsonBytes;
	const id = '4';
	return {
		id,
		title: 'Scale',
		conditions: `${sizes.scale.join(' and ')} close items through execute() at defaults, no latency, no limit, with the full output and with Simplify on; each run in a fresh process with a fresh sandbox (${CONVERSATIONS} conversations, IDs cycled)`,
		checks: [
			...full.checks,
			...simple.checks,
			info(id, 'output item with Simplify on ÷ full', `${largeSimple.outputJsonBytes} ÷ ${large.outputJsonBytes} bytes of JSON${simplified ? '' : ' (no smaller: this node has no Simplify yet)'}`),
			check(id, 'failed items', String(failed), '0', failed === 0),
		],
		tables: [
			{
				title: 'Scenario 4: scale',
				header: ['output', 'items', 'elapsed (s)', 'µs / item', 'items/s', 'bytes / output item', 'baseline RSS (MB)', 'peak RSS (MB)', 'peak heap used (MB)', 'live after the run (MB)', 'failed'],
				rows: results.map((r) => [
					r.simplify ? 'Simplify on' : 'full',
					String(r.items),
					(r.elapsedMs / 1000).toFixed(2),
					perItem(r).toFixed(1),
					(r.items / (r.elapsedMs / 1000)).toFixed(0),
					String(r.outputJsonBytes),
					mb(r.baselineRssBytes).toFixed(0),
					mb(r.peakRssBytes).toFixed(0),
					mb(r.peakHeapUsedBytes).toFixed(0),
					mb(r.liveAfterBytes).toFixed(0),
					String(r.failed),
				]),
			},
		],
		notes: [],
		data: { runs: results, timeRatio: full.timeRatio, simplifiedTimeRatio: simple.timeRatio },
	};
}
