/**
 * A throwaway redis-server on a free loopback port, for the shared rate limit tests:
 *   const redis = await startRedis();   // undefined when the binary is missing
 *   await redis.stop(); await redis.start(); await redis.flushAll(); await redis.close();
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import Redis from 'ioredis';

export interface RedisServer {
	readonly port: number;
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

export async function startRedis(): Promise<RedisServer> {
	const port = await freePort();
	let child: ChildProcess | undefined;
	const start = async () => {
		child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
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
		const client = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0 });
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
