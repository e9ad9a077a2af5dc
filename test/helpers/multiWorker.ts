/**
 * Several Node processes closing conversations through the transport against one sandbox, as
 * n8n workers do: used by test/redisLimiter.test.ts and the benchmark's multi-worker scenario.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Sandbox } from '../../sandbox';
import type { WorkerReport } from './redisWorker';

const WORKER = path.join(__dirname, 'redisWorker.ts');

export interface WorkersResult {
	succeeded: number;
	failed: number;
	requests: number;
	rateLimited: number;
	seconds: number;
	perSecond: number;
	warnings: string[];
	errors: string[];
}

export interface WorkersRun {
	sandbox: Sandbox;
	/** Conversations to close: worker w takes its slice of `perWorker`. */
	conversationIds: string[];
	adminId: string;
	token: string;
	workers: number;
	perWorker: number;
	shared: boolean;
	redisUrl?: string;
	/** Acts on the run once every worker has started (stop Redis, FLUSHALL…). */
	during?: () => Promise<void>;
}

export async function sleep(ms: number): Promise<void> {
	if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `workers` processes closing `perWorker` conversations each; `during` acts mid-run. */
export async function runWorkers(options: WorkersRun): Promise<WorkersResult> {
	const { sandbox } = options;
	const before = { requests: sandbox.stats.requests, rateLimited: sandbox.stats.rateLimited };
	const startAt = Date.now() + 2_500; // every worker loads and connects first
	const children = Array.from({ length: options.workers }, (_, w) => {
		const ids = options.conversationIds.slice(w * options.perWorker, (w + 1) * options.perWorker);
		const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
			cwd: path.join(__dirname, '..', '..'),
			env: {
				...process.env,
				SANDBOX_URL: sandbox.url,
				TOKEN: options.token,
				ADMIN_ID: options.adminId,
				IDS: ids.join(','),
				SHARED: options.shared ? 'redis' : 'off',
				REDIS_URL: options.redisUrl ?? '',
				START_AT: String(startAt),
			},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		return new Promise<WorkerReport>((resolve, reject) => {
			child.once('close', (code) => {
				const line = stdout.trim().split('\n').pop() ?? '';
				if (code !== 0 || !line.startsWith('{')) reject(new Error(`worker ${w} exited ${code}:\n${stderr}\n${stdout.slice(-500)}`));
				else resolve(JSON.parse(line) as WorkerReport);
			});
		});
	});
	const during = options.during
		? (async () => {
				await sleep(startAt - Date.now());
				await options.during?.();
			})()
		: Promise.resolve();
	const [reports] = await Promise.all([Promise.all(children), during]);
	const seconds = (Math.max(...reports.map((r) => r.finishedAt)) - Math.min(...reports.map((r) => r.startedAt))) / 1000;
	const succeeded = reports.reduce((n, r) => n + r.succeeded, 0);
	return {
		succeeded,
		failed: reports.reduce((n, r) => n + r.failed, 0),
		requests: sandbox.stats.requests - before.requests,
		rateLimited: sandbox.stats.rateLimited - before.rateLimited,
		seconds,
		perSecond: succeeded / seconds,
		warnings: reports.flatMap((r) => r.warnings),
		errors: reports.flatMap((r) => r.errors),
	};
}
