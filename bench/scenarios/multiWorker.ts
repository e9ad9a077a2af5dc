import { closeRedisConnections } from '../../nodes/IntercomConversations/transport/redisConnection';
import { ofLimit } from '../lib/approachRun';
import { runInChild } from '../lib/childJob';
import { INTERCOM, perSecond, type BenchSizes } from '../lib/config';
import { traffic } from '../lib/measure';
import { runNodeOperation, type Target } from '../lib/nodeRunner';
import { startRedis as launchRedis, hasRedisServer as redisInstalled } from '../../testkit/redisServer';
import { check, info, type ScenarioResult } from '../lib/types';
import { Workspace } from '../lib/workspace';

const WORKERS = 4;

export interface ClosesJob {
	kind: 'closes';
	target: Target;
	ids: string[];
	/** ms since epoch: every worker starts together. */
	startAt: number;
}

export interface ClosesResult {
	failed: number;
	startedAt: number;
	finishedAt: number;
}

/** In a worker process (as an n8n queue-mode worker): one execution of the node closing `ids`. */
export async function closesJob(job: ClosesJob): Promise<ClosesResult> {
	await new Promise((resolve) => setTimeout(resolve, Math.max(0, job.startAt - Date.now())));
	const startedAt = Date.now();
	const run = await runNodeOperation(job.target, 'close', job.ids.map((conversation_id) => ({ conversation_id })));
	const finishedAt = Date.now();
	await closeRedisConnections();
	return { failed: run.failed, startedAt, finishedAt };
}

interface WorkersRun {
	failed: number;
	requests: number;
	rateLimited: number;
	seconds: number;
	ofLimit: number;
	lost: number;
	duplicates: number;
}

/** `WORKERS` processes, each one execution of the node over its slice, one token (one Intercom workspace). */
async function runWorkers(workspace: Workspace, perWorker: number, redisUrl?: string): Promise<WorkersRun> {
	const target = { ...workspace.target(), ...(redisUrl && { redisUrl }) };
	const slices = Array.from({ length: WORKERS }, () => workspace.take(perWorker));
	await workspace.sandbox.call('resetStats');
	// The workers load first (a few seconds), then start together as a window begins.
	const startAt = Math.ceil((Date.now() + 4_000) / INTERCOM.limit.windowMs) * INTERCOM.limit.windowMs + 25;
	const reports = await Promise.all(slices.map((ids) => runInChild({ kind: 'closes', target, ids, startAt })));
	const stats = traffic(await workspace.sandbox.call('stats'));
	const seconds = (Math.max(...reports.map((r) => r.finishedAt)) - Math.min(...reports.map((r) => r.startedAt))) / 1000;
	const counts = await workspace.sandbox.call('writes', slices.flat());
	return {
		failed: reports.reduce((n, r) => n + r.failed, 0),
		requests: stats.requests,
		rateLimited: stats.rateLimited,
		seconds,
		ofLimit: ofLimit(stats.accepted, seconds * 1000, INTERCOM),
		lost: counts.filter((c) => c === 0).length,
		duplicates: counts.reduce((n, c) => n + Math.max(0, c - 1), 0),
	};
}

const percent = (r: WorkersRun) => (100 * r.rateLimited) / Math.max(1, r.requests);

/**
 * Scenario 6 (issue 8): 4 separate Node processes, as n8n queue-mode workers, each running the
 * node's execute() over its own closes against one Intercom limit, with the rate limit shared
 * through Redis (the credential's setting) and with each process on its own.
 */
export async function multiWorker(sizes: BenchSizes, log: (line: string) => void): Promise<ScenarioResult> {
	const id = '6';
	const perWorker = sizes.multiWorkerPerProcess;
	const title = 'Queue-mode workers: shared rate limit vs each process alone';
	if (!redisInstalled()) {
		return { id, title, conditions: 'redis-server is not installed: not run', checks: [info(id, 'not run', 'no redis-server')], tables: [], notes: [], data: {} };
	}
	const [workspace, redis] = await Promise.all([
		Workspace.start({ conversations: 2 * WORKERS * perWorker, rateLimit: INTERCOM.limit, latencyMs: INTERCOM.latency, tokens: 2, name: 'workers' }),
		launchRedis(),
	]);
	try {
		log('  shared through Redis');
		const shared = await runWorkers(workspace, perWorker, redis.url);
		log('  each process alone');
		const alone = await runWorkers(workspace, perWorker);
		const row = (label: string, r: WorkersRun) => [
			label,
			String(WORKERS * perWorker - r.lost),
			String(r.failed),
			String(r.requests),
			`${r.rateLimited} (${percent(r).toFixed(2)} %)`,
			r.seconds.toFixed(1),
			r.ofLimit.toFixed(3),
			`${r.lost} / ${r.duplicates}`,
		];
		return {
			id,
			title,
			conditions: `${WORKERS} Node processes × ${perWorker} closes, each one execute() of the node at defaults, one token against one sandbox at Intercom's shape (${INTERCOM.label}, ${perSecond(INTERCOM).toFixed(1)} / s), a local redis-server; workers start together as a window begins`,
			checks: [
				check(id, 'shared: failed items', String(shared.failed), '0', shared.failed === 0),
				check(id, 'shared: 429s / requests', `${shared.rateLimited} / ${shared.requests} (${percent(shared).toFixed(2)} %)`, '< 1 %', percent(shared) < 1),
				check(id, 'shared: of the limit', shared.ofLimit.toFixed(3), '≥ 0.9', shared.ofLimit >= 0.9),
				info(id, 'alone: 429s / requests', `${alone.rateLimited} / ${alone.requests} (${percent(alone).toFixed(2)} %)`),
			],
			tables: [
				{
					title: 'Scenario 6: 4 processes, one limit',
					header: ['rate limit', 'closed', 'failed', 'requests', '429s', 'elapsed (s)', 'of the limit', 'lost / duplicates'],
					rows: [row('shared through Redis', shared), row('each process alone', alone)],
				},
			],
			notes: [],
			data: { shared, alone, workers: WORKERS, perWorker },
		};
	} finally {
		await workspace.close();
		await redis.close();
	}
}
