/**
 * One n8n worker stand-in for test/redisLimiter.test.ts: closes conversations through the
 * transport, as the node does, and prints one JSON line with what happened.
 *
 * Environment: SANDBOX_URL, TOKEN, ADMIN_ID, IDS (comma-separated conversation ids),
 * SHARED ("redis" or "off"), REDIS_URL, CONCURRENCY (default 10), START_AT (ms since epoch:
 * all workers start together).
 */
import { IntercomClient } from '../../nodes/IntercomConversations/transport/intercomClient';
import { closeRedisConnections } from '../../nodes/IntercomConversations/transport/redisConnection';

export interface WorkerReport {
	succeeded: number;
	failed: number;
	errors: string[];
	warnings: string[];
	startedAt: number;
	finishedAt: number;
}

async function main(): Promise<void> {
	const env = process.env;
	const ids = (env.IDS ?? '').split(',').filter(Boolean);
	const warnings: string[] = [];
	const client = new IntercomClient({
		baseUrl: env.SANDBOX_URL ?? '',
		accessToken: env.TOKEN ?? '',
		maxAttempts: 10,
		backoff: { baseMs: 50, capMs: 500 },
		sharedRateLimit: env.SHARED === 'redis' ? { mode: 'redis', redisUrl: env.REDIS_URL } : { mode: 'off' },
		logger: {
			debug: () => undefined,
			warn: (message) => {
				warnings.push(message);
				process.stderr.write(`[worker ${process.pid}] ${message}\n`);
			},
		},
	});
	// The limiters' timers do not keep a process alive (n8n's server does): this run must.
	const keepAlive = setInterval(() => undefined, 1_000);
	const startAt = Number(env.START_AT ?? 0);
	if (startAt > Date.now()) await new Promise((resolve) => setTimeout(resolve, startAt - Date.now()));

	const report: WorkerReport = { succeeded: 0, failed: 0, errors: [], warnings, startedAt: Date.now(), finishedAt: 0 };
	let next = 0;
	const lane = async () => {
		while (next < ids.length) {
			const id = ids[next++];
			try {
				await client.request({
					method: 'POST',
					path: `/conversations/${id}/parts`,
					body: { message_type: 'close', type: 'admin', admin_id: env.ADMIN_ID },
					retry: 'idempotent',
				});
				report.succeeded++;
			} catch (error) {
				report.failed++;
				if (report.errors.length < 5) report.errors.push((error as Error).message);
			}
		}
	};
	await Promise.all(Array.from({ length: Number(env.CONCURRENCY ?? 10) }, lane));
	report.finishedAt = Date.now();
	clearInterval(keepAlive);
	process.stdout.write(`${JSON.stringify(report)}\n`);
	await closeRedisConnections();
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
		process.exit(1);
	},
);
