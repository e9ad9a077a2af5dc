import { createHash } from 'node:crypto';
import type { RedisOptions } from 'ioredis';

/** Where the shared rate limit lives: a URL from the credential, or n8n's queue Redis. */
export interface RedisTarget {
	/** Identifies the server and its login without holding the password (a hash). */
	readonly id: string;
	/** A `redis://` or `rediss://` URL, when the credential gives one. */
	readonly url?: string;
	/** Connection options (host, port, password, db, TLS) when they come from n8n's environment. */
	readonly options: RedisOptions;
	/** For log lines: host and port only. */
	readonly label: string;
}

type Env = Record<string, string | undefined>;

/**
 * The Redis to share the rate limit through: the credential's URL, or else, when n8n runs in
 * queue mode (`EXECUTIONS_MODE=queue`), n8n's own queue Redis (`QUEUE_BULL_REDIS_*`).
 * Undefined when neither is there. This is the only place that reads the environment.
 */
export function resolveRedisTarget(
	url: string | undefined,
	password?: string,
	env: Env = process.env,
): RedisTarget | undefined {
	const trimmed = url?.trim();
	if (trimmed) {
		const parsed = new URL(trimmed);
		if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
			throw new Error(`The Redis URL must start with redis:// or rediss:// (got ${parsed.protocol}//)`);
		}
		// The credential's Redis Password, when set, wins over one written into the URL.
		if (password) parsed.password = encodeURIComponent(password);
		const full = parsed.toString();
		return { id: digest(full), url: full, options: {}, label: `${parsed.hostname}:${parsed.port || 6379}` };
	}
	if (env.EXECUTIONS_MODE !== 'queue') return undefined;
	const options: RedisOptions = {
		host: env.QUEUE_BULL_REDIS_HOST || 'localhost',
		port: Number(env.QUEUE_BULL_REDIS_PORT) || 6379,
		db: Number(env.QUEUE_BULL_REDIS_DB) || 0,
		username: env.QUEUE_BULL_REDIS_USERNAME || undefined,
		password: env.QUEUE_BULL_REDIS_PASSWORD || undefined,
		tls: env.QUEUE_BULL_REDIS_TLS === 'true' ? {} : undefined,
	};
	const { host, port, db, username, tls } = options;
	return {
		id: digest(JSON.stringify([host, port, db, username, options.password, Boolean(tls)])),
		options,
		label: `${host}:${port}`,
	};
}

function digest(text: string): string {
	return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
