import { resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { startSandbox, type Sandbox } from '../../sandbox';
import { ensureN8n, N8N_LINES, builtTarball, selectedLines } from '../../scripts/n8n/install';
import { N8nInstance } from '../../scripts/n8n/instance';
import { hasRedisServer, startRedis, type RedisServer } from '../../testkit/redisServer';
import { byId, intercom, node, workflow } from './workflowBuilder';

/**
 * n8n 2.8.4 in queue mode: `n8n start` with EXECUTIONS_MODE=queue and two `n8n worker` processes
 * on a test Redis. Two executions of a close workflow run at once, one per worker, sharing one
 * Intercom rate limit through Redis with zero configuration (n8n's own QUEUE_BULL_REDIS_*).
 */

const line = N8N_LINES[0];
const enabled = hasRedisServer() && selectedLines().includes(line);
if (!enabled) console.warn('[queue mode e2e] skipped: redis-server is missing or n8n 2.8.4 is not selected');
const maybe = enabled ? describe : describe.skip;

const LIMIT = 200;
const PER_EXECUTION = 1000;

maybe('n8n 2.8.4 in queue mode with two workers', () => {
	let sandbox: Sandbox;
	let redis: RedisServer;
	let n8n: N8nInstance;
	const processes: ChildProcess[] = [];
	const workerLogs: string[] = [];
	const port = 16678 + Math.floor(Math.random() * 1000);

	beforeAll(async () => {
		const repoRoot = resolve(__dirname, '..', '..');
		const tarball = builtTarball(repoRoot);
		redis = await startRedis();
		sandbox = await startSandbox({ seed: 2 * PER_EXECUTION + 200, rateLimit: { limit: LIMIT, windowMs: 1000 }, logBodies: false });
		n8n = new N8nInstance(ensureN8n(line), tarball, {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			N8N_PORT: String(port),
		});
		await n8n.importCredentials([
			{
				id: 'sandboxCred000001',
				name: 'Intercom sandbox',
				type: 'intercomConversationsApi',
				// Shared Rate Limit on, no Redis URL: n8n's queue Redis is used.
				data: { accessToken: sandbox.token, region: 'custom', baseUrl: sandbox.url, apiVersion: '2.16', sharedRateLimit: 'redis', redisUrl: '' },
			},
		]);
		const closeWorkflow = (id: string, path: string) =>
			workflow(id, `queue close ${path}`, [
				node('Webhook', 'n8n-nodes-base.webhook', 2, { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} }, { webhookId: `0c0ffee0-0000-4000-8000-00000000000${path.slice(-1)}` }),
				node('Rows', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'body.rows', options: {} }),
				intercom('Close', { resource: 'conversation', operation: 'close', conversationId: byId('={{ $json.conversation_id }}'), adminId: String([...sandbox.state.admins.values()][0].id) }),
			]);
		await n8n.importWorkflows([closeWorkflow('e2eQueueCloseA1', 'close-a'), closeWorkflow('e2eQueueCloseB1', 'close-b')]);
		for (const id of ['e2eQueueCloseA1', 'e2eQueueCloseB1']) expect((await n8n.cli(['publish:workflow', `--id=${id}`])).status).toBe(0);
		processes.push(await n8n.start(['start'], /Editor is now accessible/i, 180_000, { N8N_RUNNERS_BROKER_PORT: String(port + 1) }));
		for (const offset of [2, 3]) {
			const worker = await n8n.start(['worker', '--concurrency=1'], /n8n worker is now ready|Worker ready|ready to receive/i, 180_000, {
				N8N_RUNNERS_BROKER_PORT: String(port + offset),
			});
			const index = workerLogs.push('') - 1;
			worker.stdout?.on('data', (chunk: Buffer) => (workerLogs[index] += chunk.toString()));
			worker.stderr?.on('data', (chunk: Buffer) => (workerLogs[index] += chunk.toString()));
			processes.push(worker);
		}
	}, 30 * 60_000);

	afterAll(async () => {
		for (const child of processes) child.kill('SIGTERM');
		await Promise.all(processes.map((child) => new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)))));
		await sandbox?.close();
		await redis?.close();
		n8n?.dispose();
	});

	it('two concurrent executions on two workers share one limit: no failed item, under 1% 429s, near the limit', async () => {
		const ids = [...sandbox.state.conversations.keys()].slice(0, 2 * PER_EXECUTION);
		const post = async (path: string, rows: string[]) => {
			for (const until = Date.now() + 60_000; ; ) {
				const answer = await fetch(`http://127.0.0.1:${port}/webhook/${path}`, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json' },
					body: JSON.stringify({ rows: rows.map((conversation_id) => ({ conversation_id })) }),
				});
				if (answer.status === 200 || Date.now() > until) return answer.status;
				await new Promise((r) => setTimeout(r, 500));
			}
		};
		sandbox.resetStats();
		const statuses = await Promise.all([post('close-a', ids.slice(0, PER_EXECUTION)), post('close-b', ids.slice(PER_EXECUTION))]);
		expect(statuses).toEqual([200, 200]);
		const closes = () => sandbox.log.filter((e) => e.route === 'POST /conversations/{id}/parts' && e.status === 200);
		const allClosed = () => ids.every((id) => sandbox.state.conversations.get(id)?.state === 'closed');
		for (const until = Date.now() + 120_000; !allClosed() && Date.now() < until; ) await new Promise((r) => setTimeout(r, 500));
		expect(allClosed()).toBe(true);
		const ok = closes();
		const seconds = (ok[ok.length - 1].at - ok[0].at) / 1000;
		const throughput = ok.length / seconds;
		const share429 = sandbox.stats.rateLimited / sandbox.stats.requests;
		console.log(
			`queue mode, 2 workers: ${ok.length} closes, ${sandbox.stats.rateLimited} × 429 (${(share429 * 100).toFixed(2)} %), ${seconds.toFixed(1)} s, ${throughput.toFixed(0)}/s (limit ${LIMIT}/s)`,
		);
		// One execution per worker process (each runs one job at a time).
		expect(workerLogs.map((log) => /started execution/i.test(log))).toEqual([true, true]);
		expect(ok.length).toBeGreaterThanOrEqual(2 * PER_EXECUTION);
		expect(share429).toBeLessThan(0.01);
		expect(throughput).toBeGreaterThanOrEqual(0.9 * LIMIT);
	}, 300_000);
});
