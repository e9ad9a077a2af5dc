/**
 * A throwaway redis-server on a free loopback port, for the shared rate limit and webhook tests:
 *   const redis = await startRedis();                    // or startRedis({ password: 's3cret' })
 *   await redis.stop(); await redis.start(); await redis.flushAll(); await redis.close();
 * Suites that need it are declared with `describeWithRedis`: skipped (and counted by the run's
 * last line, test/reporters/skippedTests.js) when the redis-server binary is missing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import Redis from 'ioredis';

export interface RedisServer {
	readonly port: number;
	/** `redis://127.0.0.1:<port>`, without the password. */
	readonly url: string;
	/** Stops the server (SIGTERM; nothing is saved): every key is gone. */
	stop(): Promise<void>;
	/** Starts it again on the same port. */
	start(): Promise<void>;
	flushAll(): Promise<void>;
	keys(pattern: string): Promise<string[]>;
	close(): Promise<void>;
}

export function hasRedisServer(): boolean {
	return spawnSync('redis-server', ['--version']).status === 0;
}

/** `describe` when redis-server is installed, otherwise a skipped suite. */
export function describeWithRedis(name: string, fn: () => void): void {
	if (hasRedisServer()) describe(name, fn);
	else describe.skip(name, fn);
}

export interface RedisServerOptions {
	/** `requirepass`: clients must authenticate with it. */
	password?: string;
}

export async function startRedis(options: RedisServerOptions = {}): Promise<RedisServer> {
	const port = await freePort();
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
	if (options.password !== undefined) args.push('--requirepass', options.password);
	let child: ChildProcess | undefined;
	const start = async () => {
		child = spawn('redis-server', args, {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		await new Promise<void>((resolve, reject) => {
			let output = '';
			const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
			child?.stdout?.on('data', (chunk: Buffer) => {
				output += chunk.toString();
				if (output.includes('Ready to accept connections')) {
					clearTimeout(timer);
					resolve();
				}
			});
			child?.once('exit', () => reject(new Error(`redis-server exited:\n${output}`)));
		});
	};
	const stop = async () => {
		const running = child;
		child = undefined;
		if (!running || running.exitCode !== null) return;
		await new Promise<void>((resolve) => {
			running.once('exit', () => resolve());
			running.kill('SIGTERM');
		});
	};
	const withClient = async <T>(fn: (client: Redis) => Promise<T>): Promise<T> => {
		const client = new Redis(port, '127.0.0.1', {
			lazyConnect: true,
			maxRetriesPerRequest: 0,
			password: options.password,
		});
		try {
			await client.connect();
			return await fn(client);
		} finally {
			client.disconnect();
		}
	};
	await start();
	return {
		port,
		url: `redis://127.0.0.1:${port}`,
		stop,
		start,
		flushAll: async () => {
			await withClient(async (c) => await c.flushall());
		},
		keys: async (pattern) => await withClient(async (c) => await c.keys(pattern)),
		close: stop,
	};
}

export async function freePort(): Promise<number> {
	return await new Promise<number>((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}
