import Bottleneck from 'bottleneck';
import Redis, { type RedisOptions } from 'ioredis';
import type { RedisTarget } from './redisTarget';

/**
 * The process's one Redis connection for a target, shared by every workspace's limiter:
 * an ioredis client (and the pub/sub duplicate Bottleneck opens from it) that reconnects
 * for ever, fails commands at once while disconnected instead of queueing them, and never
 * waits more than a few seconds for an answer, so a limiter can fall back instead of hanging.
 */
export interface RedisConnection {
	readonly target: RedisTarget;
	readonly client: Redis;
	/** Handed to every clustered Bottleneck as `connection`. */
	readonly bottleneck: Bottleneck.IORedisConnection;
	/** True while both connections (commands and pub/sub) are up. */
	isReady(): boolean;
	/** Resolves true once connected, false when the connection fails or `timeoutMs` passes first. */
	whenReady(timeoutMs: number): Promise<boolean>;
	/**
	 * Why the connection is down, in words that follow "Redis at host:port": "refused the password",
	 * "is unreachable", "did not answer in time", ... Undefined while connected, and before any failure.
	 */
	failureReason(): string | undefined;
	/** Calls `listener` whenever a connection comes up (`ready`) or goes down (`close`). */
	on(event: 'ready' | 'close', listener: () => void): void;
	/** True once closed on purpose (`closeRedisConnections`). */
	readonly closed: boolean;
}

const CLIENT_OPTIONS: RedisOptions = {
	connectTimeout: 2_000,
	commandTimeout: 2_000,
	enableOfflineQueue: false,
	maxRetriesPerRequest: 0,
	// Reconnect for ever, at most every 2 s: the limiters rejoin when Redis is back.
	retryStrategy: (times) => Math.min(100 * times, 2_000),
	// Bottleneck's scripts are not safe to resend after a reconnection.
	autoResendUnfulfilledCommands: false,
	lazyConnect: false,
	disconnectTimeout: 200,
};

/**
 * What a connection error says about the server, as the words after "Redis at host:port".
 * Undefined for errors that follow from an earlier one (a command refused while disconnected),
 * so that they do not hide the cause.
 */
export function describeRedisFailure(error: Error): string | undefined {
	const { code } = error as Error & { code?: string };
	const message = error.message;
	if (/WRONGPASS|NOAUTH|invalid password|invalid username-password/i.test(message)) return 'refused the password';
	if (/isn't writeable|Connection is closed|enableOfflineQueue/i.test(message)) return undefined;
	switch (code) {
		case 'ECONNREFUSED':
		case 'ECONNRESET':
		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
			return 'is unreachable';
		case 'ETIMEDOUT':
			return 'did not answer in time';
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return 'has a host name that does not resolve';
	}
	if (/timed out|timeout/i.test(message)) return 'did not answer in time';
	if (/certificate|SSL|TLS/i.test(message) || code?.startsWith('ERR_TLS') || code?.startsWith('ERR_SSL')) {
		return 'failed the TLS handshake';
	}
	if (error.name === 'ParserError') return 'does not speak the Redis protocol';
	return `is unreachable (${code ?? error.name})`;
}

const connections = new Map<string, RedisConnection & { close(): Promise<void> }>();

/** The shared connection to `target`, opened on first use. */
export function redisConnectionFor(target: RedisTarget): RedisConnection {
	let connection = connections.get(target.id);
	if (!connection) {
		connection = open(target);
		connections.set(target.id, connection);
	}
	return connection;
}

/** Closes every shared connection (tests, and a worker shutting down). */
export async function closeRedisConnections(): Promise<void> {
	const all = [...connections.values()];
	connections.clear();
	await Promise.all(all.map(async (c) => await c.close()));
}

function open(target: RedisTarget): RedisConnection & { close(): Promise<void> } {
	const client = target.url
		? new Redis(target.url, CLIENT_OPTIONS)
		: new Redis({ ...target.options, ...CLIENT_OPTIONS });
	// Without a listener ioredis prints every failed reconnection; the limiters log what matters.
	let failure: string | undefined;
	const recordFailure = (error: Error) => {
		failure = describeRedisFailure(error) ?? failure;
	};
	client.on('error', recordFailure);
	// `Redis` is passed explicitly so that Bottleneck never resolves ioredis on its own.
	const bottleneck = new Bottleneck.IORedisConnection({ client, Redis });
	bottleneck.on('error', () => undefined);
	// Bottleneck opens the pub/sub connection itself (`client.duplicate()`); limiters hear of
	// refills through it, so it must be up too.
	const { subscriber } = bottleneck as unknown as { subscriber: Redis };
	subscriber.on('error', recordFailure);
	const isReady = () => client.status === 'ready' && subscriber.status === 'ready';
	const clearFailure = () => {
		if (isReady()) failure = undefined;
	};
	client.on('ready', clearFailure);
	subscriber.on('ready', clearFailure);
	let closed = false;
	return {
		target,
		client,
		bottleneck,
		get closed() {
			return closed;
		},
		close: async () => {
			closed = true;
			await bottleneck.disconnect(false);
		},
		isReady,
		failureReason: () => (isReady() ? undefined : failure),
		on: (event, listener) => {
			const whenBoth = event === 'ready' ? () => isReady() && listener() : listener;
			client.on(event, whenBoth);
			subscriber.on(event, whenBoth);
		},
		whenReady: async (timeoutMs) => {
			if (isReady()) return true;
			return await new Promise<boolean>((resolve) => {
				const both = [client, subscriber];
				const done = (ready: boolean) => {
					clearTimeout(timer);
					for (const c of both) {
						c.off('ready', onReady);
						c.off('error', onFailure);
						c.off('end', onFailure);
					}
					resolve(ready);
				};
				const onReady = () => isReady() && done(true);
				const onFailure = () => done(false);
				const timer = setTimeout(onFailure, timeoutMs);
				for (const c of both) {
					c.on('ready', onReady);
					c.on('error', onFailure);
					c.on('end', onFailure);
				}
			});
		},
	};
}
