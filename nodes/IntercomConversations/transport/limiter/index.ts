import { redisConnectionFor } from '../redisConnection';
import { resolveRedisTarget, type RedisTarget } from '../redisTarget';
import type { Logger, RequestLimiter } from '../types';
import { ClusterLimiter } from './clusterLimiter';
import { LocalLimiter } from './localLimiter';

/**
 * The limiter of a workspace: where its budget is kept (this process, or a Redis shared with
 * other processes) and the one factory. Connections (connection.ts) keep one per workspace and
 * mode: that is the only cache.
 */

export { LocalLimiter } from './localLimiter';
export { ClusterLimiter } from './clusterLimiter';
export { MAX_HOLD_MS } from './window';

/** The credential's "Shared Rate Limit" setting. */
export type SharedRateLimit = { mode: 'off' } | { mode: 'redis'; redisUrl?: string; redisPassword?: string };

export interface LimiterSettings {
	sharedRateLimit?: SharedRateLimit;
	/** Told when the shared limit falls back to the process's own limit, and when it rejoins. */
	logger?: Logger;
}

/** Where a workspace's budget is kept: in this process, or in a Redis shared with other processes. */
export type LimiterMode = { kind: 'process' } | { kind: 'redis'; target: RedisTarget };

/** Part of the connection key: the same workspace limited differently is another connection. */
export function limiterModeKey(mode: LimiterMode): string {
	return mode.kind === 'redis' ? `redis:${mode.target.id}` : 'process';
}

let warnedNoTarget = false;

/** Resolves the setting; Redis without a URL outside queue mode falls back to the process's own limit. */
export function limiterModeOf(settings: LimiterSettings = {}): LimiterMode {
	const shared = settings.sharedRateLimit;
	if (shared?.mode !== 'redis') return { kind: 'process' };
	const target = resolveRedisTarget(shared.redisUrl, shared.redisPassword);
	if (target) return { kind: 'redis', target };
	if (!warnedNoTarget) {
		warnedNoTarget = true;
		settings.logger?.warn(
			'Intercom rate limit: "Shared Rate Limit" is Redis but the credential has no Redis URL and n8n is not in queue mode: limiting requests in this process only',
		);
	}
	return { kind: 'process' };
}

/** A new limiter for one workspace (`key` never holds a token) in one mode. */
export function createLimiter(key: string, mode: LimiterMode, settings: LimiterSettings = {}): RequestLimiter {
	return mode.kind === 'redis'
		? new ClusterLimiter(key, redisConnectionFor(mode.target), { logger: settings.logger })
		: new LocalLimiter();
}
