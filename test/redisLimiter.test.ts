/**
 * The shared rate limit: several n8n worker processes, one Intercom limit, one Redis.
 * Needs the redis-server binary (Debian package `redis-server`; `.ci/run` installs it).
 */
import { startSandbox, type Sandbox } from '../sandbox';
import { IntercomClient } from '../nodes/IntercomConversations/transport/intercomClient';
import { closeRedisConnections } from '../nodes/IntercomConversations/transport/redisConnection';
import { freePort, hasRedisServer, SEED_NOW, startRedis, type RedisServer } from '../testkit';
import { runWorkers as runWorkerProcesses, sleep, type WorkersRun, type WorkersResult } from './helpers/multiWorker';

const LIMIT = { limit: 200, windowMs: 1000 };
const TOKENS = ['shared-on-token-abcdef', 'shared-off-token-abcdef', 'redis-restart-token-abcdef', 'flushall-token-abcdef', 'unreachable-token-abcdef'];

const redisAvailable = hasRedisServer();
if (!redisAvailable) {
	console.warn('redisLimiter.test.ts: SKIPPED, no redis-server binary (apt-get install -y redis-server)');
}
const describeWithRedis = redisAvailable ? describe : describe.skip;

let sandbox: Sandbox;
let redis: RedisServer;
let conversationIds: string[];
let adminId: string;

const runWorkers = (options: Omit<WorkersRun, 'sandbox' | 'conversationIds' | 'adminId'>) =>
	runWorkerProcesses({ sandbox, conversationIds, adminId, ...options });

function summary(label: string, r: WorkersResult): string {
	return `${label}: ${r.succeeded} closed, ${r.failed} failed, ${r.requests} requests, ${r.rateLimited} × 429 (${((100 * r.rateLimited) / r.requests).toFixed(2)} %), ${r.seconds.toFixed(1)} s, ${r.perSecond.toFixed(0)}/s (limit ${LIMIT.limit}/s)`;
}

describeWithRedis('one Intercom rate limit shared by n8n workers through Redis', () => {
	beforeAll(async () => {
		[sandbox, redis] = await Promise.all([
			startSandbox({ seed: { conversations: 4000, now: SEED_NOW }, tokens: TOKENS, rateLimit: LIMIT, logBodies: false }),
			startRedis(),
		]);
		conversationIds = [...sandbox.state.conversations.keys()];
		adminId = String([...sandbox.state.admins.values()][0].id);
	}, 60_000);
	afterAll(async () => {
		await closeRedisConnections();
		await sandbox?.close();
		await redis?.close();
	});

	it('4 workers closing 1,000 conversations each stay under the limit together; without sharing they draw a 429 storm', async () => {
		const shared = await runWorkers({ token: TOKENS[0], workers: 4, perWorker: 1000, shared: true, redisUrl: redis.url });
		const alone = await runWorkers({ token: TOKENS[1], workers: 4, perWorker: 1000, shared: false });
		console.log(`${summary('shared through Redis', shared)}\n${summary('each worker alone  ', alone)}`);

		expect(shared.errors).toEqual([]);
		expect(shared.failed).toBe(0);
		expect(shared.succeeded).toBe(4000);
		expect(shared.rateLimited / shared.requests).toBeLessThan(0.01);
		expect(shared.perSecond).toBeGreaterThanOrEqual(0.9 * LIMIT.limit);
		expect(shared.warnings).toEqual([]);

		// Each worker alone follows Intercom's headers too, but at every window's end all of them
		// spend the same "remaining": the 429s the shared limit prevents.
		expect(alone.rateLimited).toBeGreaterThan(2 * shared.rateLimited);
	}, 150_000);

	it('keeps closing when Redis stops mid-run, and shares the limit again once it is back', async () => {
		const result = await runWorkers({
			token: TOKENS[2],
			workers: 2,
			perWorker: 600,
			shared: true,
			redisUrl: redis.url,
			during: async () => {
				await sleep(1_500);
				await redis.stop();
				await sleep(1_500);
				await redis.start();
			},
		});
		console.log(summary('Redis stopped for 1.5 s', result));
		expect(result.errors).toEqual([]);
		expect(result.failed).toBe(0);
		expect(result.succeeded).toBe(1200);
		expect(result.warnings.some((w) => /limiting requests in this process only/.test(w))).toBe(true);
		expect(result.warnings.some((w) => /is back: the rate limit is shared again/.test(w))).toBe(true);
	}, 90_000);

	it('recovers when FLUSHALL wipes the limiter mid-run', async () => {
		const result = await runWorkers({
			token: TOKENS[3],
			workers: 2,
			perWorker: 600,
			shared: true,
			redisUrl: redis.url,
			during: async () => {
				await sleep(1_500);
				await redis.flushAll();
			},
		});
		console.log(summary('FLUSHALL mid-run', result));
		expect(result.errors).toEqual([]);
		expect(result.failed).toBe(0);
		expect(result.succeeded).toBe(1200);
		expect(result.warnings.some((w) => /state was lost from Redis/.test(w))).toBe(true);
		// Recreated in place; had Redis been too slow to answer meanwhile, the workers rejoined.
		const left = result.warnings.filter((w) => /limiting requests in this process only/.test(w)).length;
		expect(result.warnings.filter((w) => /is back: the rate limit is shared again/.test(w)).length).toBe(left);
		expect(result.rateLimited / result.requests).toBeLessThan(0.01);
		// The limiter's keys are there again.
		expect((await redis.keys('b_intercom-conversations_*_settings')).length).toBeGreaterThan(0);
	}, 90_000);
});

describe('the shared rate limit without a reachable Redis', () => {
	let local: Sandbox;
	beforeAll(async () => {
		local = await startSandbox({ seed: { conversations: 5, now: SEED_NOW }, tokens: TOKENS, rateLimit: LIMIT });
	});
	afterAll(async () => {
		await closeRedisConnections();
		await local.close();
	});

	it('falls back to the process limit with a warning, and requests succeed promptly', async () => {
		const nobody = await freePort(); // nothing listens there: connection refused
		const warnings: string[] = [];
		const client = new IntercomClient({
			baseUrl: local.url,
			accessToken: TOKENS[4],
			sharedRateLimit: { mode: 'redis', redisUrl: `redis://127.0.0.1:${nobody}` },
			logger: { debug: () => undefined, warn: (m) => warnings.push(m) },
		});
		const started = Date.now();
		for (let i = 0; i < 5; i++) {
			const me = await client.request<{ type: string }>({ method: 'GET', path: '/me' });
			expect(me.type).toBe('admin');
		}
		expect(Date.now() - started).toBeLessThan(1_500);
		expect(warnings).toEqual([expect.stringMatching(/is unreachable: limiting requests in this process only/)]);
	});
});
