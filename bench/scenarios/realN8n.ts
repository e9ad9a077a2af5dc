import { join, resolve } from 'node:path';
import { cacheRoot, ensureN8n, N8N_LINES } from '../../scripts/n8n/install';
import { N8nInstance } from '../../scripts/n8n/instance';
import { packSource } from '../../scripts/n8n/packSource';
import { nodeTimings } from '../../scripts/n8n/runData';
import { ofLimit } from '../lib/approachRun';
import { INTERCOM, type BenchSizes } from '../lib/config';
import { perWindow, round, traffic, writeOutcome, type TrafficSummary, type WindowBin, type WriteOutcome } from '../lib/measure';
import { httpRequestWorkflow, intercomCredential, MEASURED_NODE, oursWorkflow, type HttpRequestSettings, type N8nTarget } from '../lib/n8nWorkflows';
import { check, info, type ScenarioResult } from '../lib/types';
import { SandboxProcess } from '../sandboxProcess';
import { limitChecks } from './atLimit';

export const N8N_VERSION = '2.8.4';
/** "× faster than the HTTP Request node tuned to the limit". */
export const FASTER_TARGET = 1.15;
const RETRY = { maxTries: 5, waitBetweenTries: 5_000 };
const PER_SECOND = INTERCOM.limit.limit / (INTERCOM.limit.windowMs / 1000);

interface Contender {
	key: string;
	label: string;
	/** HTTP Request node settings; undefined: this node at its defaults. */
	http?: HttpRequestSettings;
}

const CONTENDERS: Contender[] = [
	{ key: 'ours', label: 'This node, defaults' },
	{ key: 'http50', label: 'HTTP Request, batching 50 / 1 s, Retry On Fail 5 × 5 s', http: { batching: { batchSize: 50, batchInterval: 1_000 }, retryOnFail: RETRY } },
	{
		key: 'httpTuned',
		label: `HTTP Request, batching ${Math.floor(PER_SECOND)} / 1 s (tuned to the limit), Retry On Fail 5 × 5 s`,
		http: { batching: { batchSize: Math.floor(PER_SECOND), batchInterval: 1_000 }, retryOnFail: RETRY },
	},
	{ key: 'httpRetry', label: 'HTTP Request, no batching, Retry On Fail 5 × 5 s', http: { retryOnFail: RETRY } },
];

export interface N8nRun extends TrafficSummary, WriteOutcome {
	key: string;
	label: string;
	items: number;
	/** The node's own executionTime from n8n's run data (n8n's start-up excluded). */
	nodeMs: number;
	closed: number;
	status: string;
	error?: string;
	outputItems: number;
	maxInFlight: number;
	ofLimit: number;
	/** Seconds into its rate-limit window when n8n started the node: a run shorter than two windows that starts late in one gets that window's whole budget. */
	windowPhaseS: number;
	windows: WindowBin[];
}

/**
 * Scenario 7: in a real n8n 2.8.4 (the e2e harness's cached install, this checkout packed as a
 * community package), this node at defaults and n8n's HTTP Request node as users set it up close
 * the same number of conversations, each against a fresh sandbox process at Intercom's shape.
 */
export async function realN8n(sizes: BenchSizes, log: (line: string) => void): Promise<{ result: ScenarioResult; runs: N8nRun[] }> {
	const id = '7';
	const title = `In real n8n ${N8N_VERSION}: this node vs the HTTP Request node`;
	const line = N8N_LINES.find((l) => l.n8nVersion === N8N_VERSION);
	if (!line) throw new Error(`no n8n line ${N8N_VERSION} in scripts/n8n/install.ts`);
	log(`  n8n ${N8N_VERSION} (cached install) and this checkout packed`);
	const installed = ensureN8n(line);
	const { tarball, compileErrors } = packSource(resolve(__dirname, '..', '..'), join(cacheRoot, 'bench-tarballs'));
	const n8n = new N8nInstance(installed, tarball);
	const count = sizes.n8nCloses;
	const sandboxes: SandboxProcess[] = [];
	const runs: N8nRun[] = [];
	try {
		const prepared = await Promise.all(
			CONTENDERS.map(async (contender) => {
				const token = `bench-n8n-${contender.key}-${process.pid}`;
				const sandbox = await SandboxProcess.start({ conversations: count, rateLimit: INTERCOM.limit, latencyMs: INTERCOM.latency, tokens: [token] });
				sandboxes.push(sandbox);
				const sandboxInfo = await sandbox.call('info');
				const target: N8nTarget = { url: sandboxInfo.url, token, adminId: sandboxInfo.adminIds[0] };
				const ids = sandboxInfo.conversationIds.slice(0, count);
				const workflowId = `bench${contender.key}`.padEnd(16, '0').slice(0, 16);
				const wf = contender.http ? httpRequestWorkflow(workflowId, target, ids, contender.http) : oursWorkflow(workflowId, contender.key, target, ids);
				return { contender, sandbox, target, ids, workflowId, wf };
			}),
		);
		await n8n.importCredentials(prepared.filter((p) => !p.contender.http).map((p) => intercomCredential(p.contender.key, p.target)));
		await n8n.importWorkflows(prepared.map((p) => p.wf));
		for (const p of prepared) {
			log(`  ${p.contender.label}`);
			await p.sandbox.call('resetStats');
			const run = await n8n.execute(p.workflowId);
			const timings = nodeTimings(run, MEASURED_NODE);
			const nodeMs = timings.reduce((sum, t) => sum + t.executionTime, 0);
			const stats = await p.sandbox.call('stats');
			const outcome = await writeOutcome(p.sandbox, p.ids);
			const summary = traffic(stats);
			const error = timings.find((t) => t.error)?.error ?? run.data.resultData.error?.message;
			runs.push({
				key: p.contender.key,
				label: p.contender.label,
				items: p.ids.length,
				nodeMs,
				closed: p.ids.length - outcome.lost,
				status: run.status ?? (run.finished ? 'success' : 'unknown'),
				...(error && { error: error.slice(0, 200) }),
				outputItems: timings.reduce((sum, t) => sum + t.outputItems, 0),
				maxInFlight: stats.maxInFlight,
				ofLimit: ofLimit(summary.accepted, nodeMs, INTERCOM),
				windowPhaseS: ((timings[0]?.startTime ?? 0) % INTERCOM.limit.windowMs) / 1000,
				windows: perWindow(await p.sandbox.call('log'), 1_000, timings[0]?.startTime ?? Date.now()),
				...summary,
				...outcome,
			});
		}
	} finally {
		await Promise.all(sandboxes.map((s) => s.close()));
		n8n.dispose();
	}
	const by = (key: string) => runs.find((r) => r.key === key) as N8nRun;
	const ours = by('ours');
	const tuned = by('httpTuned');
	const faster = tuned.nodeMs / ours.nodeMs;
	const oursFailed = ours.status === 'success' ? 0 : ours.items - ours.outputItems;
	return {
		runs,
		result: {
			id,
			title,
			conditions: `${count} closes per contender, \`n8n execute\` of a saved workflow (manual trigger → Set → Split Out → the node) in n8n ${N8N_VERSION} on Node ${process.versions.node}, this checkout packed and installed as a community package; each contender against a fresh sandbox process at Intercom's shape (${INTERCOM.label}), started at whatever point of a window n8n reaches the node`,
			checks: [
				...limitChecks(id, 'real n8n, this node at defaults', { ofLimit: ours.ofLimit, failed: oursFailed, rateLimited: ours.rateLimited, requests: ours.requests }),
				check(id, 'real n8n: HTTP Request tuned ÷ this node (node time)', `${faster.toFixed(2)}× (${(tuned.nodeMs / 1000).toFixed(1)} s vs ${(ours.nodeMs / 1000).toFixed(1)} s)`, `≥ ${FASTER_TARGET}×`, faster >= FASTER_TARGET),
				check(id, 'real n8n, this node: lost / duplicated closes', `${ours.lost} / ${ours.duplicates}`, '0 / 0', ours.lost === 0 && ours.duplicates === 0),
				...(compileErrors ? [info(id, 'packed with compile errors', compileErrors.split('\n')[0] ?? '')] : []),
			],
			tables: [
				{
					title: `Scenario 7: ${count} closes in n8n ${N8N_VERSION}`,
					header: ['contender', 'node time (s)', 'started (s into a window)', 'of the limit', 'closed', 'lost', 'duplicate closes', '429s', 'requests', 'max in flight', 'execution'],
					rows: runs.map((r) => [
						r.label,
						(r.nodeMs / 1000).toFixed(1),
						r.windowPhaseS.toFixed(1),
						round(r.ofLimit, 3).toFixed(3),
						String(r.closed),
						String(r.lost),
						String(r.duplicates),
						String(r.rateLimited),
						String(r.requests),
						String(r.maxInFlight),
						r.error ? `${r.status}: ${r.error}` : r.status,
					]),
				},
			],
			notes: [
				'"node time": the measured node\'s executionTime in n8n\'s run data (every Retry On Fail try included; n8n start-up and the Set/Split Out nodes excluded). "of the limit": accepted requests per second over that time ÷ 166.6.',
				'n8n reaches the node wherever its start-up puts it in a 10 s window: a node that empties the first, partial window faster than 166.6/s gets that window\'s whole 1,666 and can score above 1 over a short run; "started" shows where each run began.',
				'The HTTP Request node starts every request of a batch without waiting for the one before, and fails the whole node on the first error; Retry On Fail then runs it again with all its items (every close sent again).',
			],
			data: { runs, fasterThanTuned: faster },
		},
	};
}
