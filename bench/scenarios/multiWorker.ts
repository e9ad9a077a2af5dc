import { startSandbox } from '../../sandbox';
import { closeRedisConnections } from '../../nodes/IntercomConversations/transport/redisConnection';
import { runWorkers, type WorkersResult } from '../../test/helpers/multiWorker';
import { hasRedisServer, startRedis } from '../../test/helpers/redisServer';
import type { BenchSizes } from '../lib/config';
import { check, info, type ScenarioResult } from '../lib/types';

const LIMIT = { limit: 200, windowMs: 1000 };
const WORKERS = 4;

const percent = (r: WorkersResult) => (100 * r.rateLimited) / Math.max(1, r.requests);

/**
 * Scenario 6 (issue 8): 4 separate Node processes, as n8n queue-mode workers, each closing
 * conversations through the transport against one sandbox limit, with the rate limit shared
 * through Redis and with each process on its own.
 */
export async function multiWorker(sizes: BenchSizes, log: (line: string) => void): Promise<ScenarioResult> {
	const id = '6';
	const perWorker = sizes.multiWorkerPerProcess;
	const title = 'Queue-mode workers: shared rate limit vs each process alone';
	if (!hasRedisServer()) {
		return { id, title, conditions: 'redis-server is not installed: not run', checks: [info(id, 'not run', 'no redis-server')], tables: [], notes: [], data: {} };
	}
	const tokens = ['bench-shared-abcdef', 'bench-alone-abcdef'];
	const [sandbox, redis] = await Promise.all([
		startSandbox({ seed: WORKERS * perWorker, tokens, rateLimit: LIMIT, logBodies: false }),
		startRedis(),
	]);
	try {
		const base = {
			sandbox,
			conversationIds: [...sandbox.state.conversations.keys()],
			adminId: String([...sandbox.state.admins.values()][0].id),
			workers: WORKERS,
			perWorker,
		};
		log('  shared through Redis');
		const shared = await runWorkers({ ...base, token: tokens[0], shared: true, redisUrl: redis.url });
		log('  each process alone');
		const alone = await runWorkers({ ...base, token: tokens[1], shared: false });
		const row = (label: string, r: WorkersResult) => [
			label,
			String(r.succeeded),
			String(r.failed),
			String(r.requests),
			`${r.rateLimited} (${percent(r).toFixed(2)} %)`,
			r.seconds.toFixed(1),
			r.perSecond.toFixed(0),
			(r.perSecond / LIMIT.limit).toFixed(3),
		];
		return {
			id,
			title,
			conditions: `${WORKERS} Node processes × ${perWorker} closes through the transport, one sandbox limited to ${LIMIT.limit} requests per ${LIMIT.windowMs} ms window, a local redis-server`,
			checks: [
				check(id, 'shared: failed items', String(shared.failed), '0', shared.failed === 0),
				check(id, 'shared: 429s / requests', `${shared.rateLimited} / ${shared.requests} (${percent(shared).toFixed(2)} %)`, '< 1 %', percent(shared) < 1),
				check(id, 'shared: throughput ÷ limit', (shared.perSecond / LIMIT.limit).toFixed(3), '≥ 0.9', shared.perSecond >= 0.9 * LIMIT.limit),
				info(id, 'alone: 429s / requests', `${alone.rateLimited} / ${alone.requests} (${percent(alone).toFixed(2)} %)`),
			],
			tables: [
				{
					title: 'Scenario 6: 4 processes, one limit',
					header: ['rate limit', 'closed', 'failed', 'requests', '429s', 'elapsed (s)', 'closes/s', '÷ limit'],
					rows: [row('shared through Redis', shared), row('each process alone', alone)],
				},
			],
			notes: [],
			data: { shared, alone, limit: LIMIT, workers: WORKERS, perWorker },
		};
	} finally {
		await closeRedisConnections();
		await sandbox.close();
		await redis.close();
	}
}
