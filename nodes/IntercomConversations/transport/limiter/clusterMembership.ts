import Bottleneck from 'bottleneck';
import type { RedisConnection } from '../redisConnection';
import type { Logger } from '../types';

/** One clustered Bottleneck and the requests waiting in it. */
export interface Handle {
	readonly bottleneck: Bottleneck;
	/** Requests queued in this Bottleneck and not started: sent elsewhere if it fails. */
	readonly pending: Set<() => void>;
}

export interface MembershipOptions {
	logger?: Logger;
	/** How often each process asks Redis for news (≤ 250 ms: Bottleneck's 5 s default cuts throughput to a quarter). */
	heartbeatIntervalMs: number;
	/** How long to wait for Redis (connection, limiter set-up, a probe) before using the process's own limit. */
	readyTimeoutMs: number;
	/** While on the process's own limit, how often to try to rejoin when Redis answers again. */
	rejoinIntervalMs: number;
	/** The reservoir and spacing a new Bottleneck starts with; `afterLoss`: Redis lost the keys mid-window. */
	initialSettings(afterLoss: boolean): { reservoir: number | null; minTime: number };
}

/** Bottleneck's recovery misses these on Redis ≥ 7 (the message gains an `ERR ` prefix). */
const KEYS_LOST = /SETTINGS_KEY_NOT_FOUND|UNKNOWN_CLIENT/;

class Timeout extends Error {}

interface ClusterSettings extends Bottleneck.ConstructorOptions {
	heartbeatInterval: number;
}

/**
 * A process's membership in a shared limit: joining (a working clustered Bottleneck on the
 * shared keys), leaving when Redis fails (requests then go through the process's own limit),
 * rejoining when Redis answers again, and recreating the Bottleneck when Redis lost its keys
 * (restart, FLUSHALL, eviction).
 */
export class ClusterMembership {
	private handleValue: Handle | undefined;
	private joined = false;
	private startingPromise: Promise<void> | undefined;
	private swapping: Promise<void> | undefined;
	private rejoining = false;
	private rejoinTimer: NodeJS.Timeout | undefined;
	private announcedLocal = false;

	constructor(
		readonly id: string,
		private readonly redis: RedisConnection,
		private readonly options: MembershipOptions,
	) {
		redis.on('ready', () => void this.rejoin());
		redis.on('close', () => {
			if (!redis.closed) this.leave('closed the connection');
		});
		this.startingPromise = this.start().finally(() => (this.startingPromise = undefined));
	}

	/** True while requests are limited through Redis. */
	get shared(): boolean {
		return this.joined;
	}

	/** The Bottleneck in use, or undefined while limiting in this process. */
	get handle(): Handle | undefined {
		return this.joined ? this.handleValue : undefined;
	}

	/** True when `handle` is still the one in use (a replaced one's failures are not Redis failures). */
	isCurrent(handle: Handle): boolean {
		return handle === this.handleValue;
	}

	/** Waits for the first join and for a recreation in progress. */
	async settled(): Promise<void> {
		if (this.startingPromise) await this.startingPromise;
		if (this.swapping) await this.swapping;
	}

	/** Runs a reservoir operation on the shared limiter; skipped while limiting locally. */
	run(operation: (bottleneck: Bottleneck) => Promise<unknown>): void {
		const handle = this.handle;
		if (!handle) return;
		operation(handle.bottleneck).catch((error: unknown) => this.onError(handle, error));
	}

	/** Redis is unavailable: requests go through the process's own limiter until it is back. */
	leave(reason: string): void {
		const handle = this.handleValue;
		this.joined = false;
		if (!this.announcedLocal) {
			this.announcedLocal = true;
			this.warn(`Redis (${this.redis.target.label}) ${reason}: limiting requests in this process only until it is back`);
		}
		if (handle) for (const reroute of [...handle.pending]) reroute();
		this.rejoinTimer ??= setInterval(() => void this.rejoin(), this.options.rejoinIntervalMs);
		this.rejoinTimer.unref();
	}

	/** A failure of `handle`: recreate after lost keys, else leave. */
	onError(handle: Handle, error: unknown): void {
		if (handle !== this.handleValue) return; // a retired limiter's leftovers
		if (isKeysLost(error)) {
			void this.recreate(handle);
			return;
		}
		if (this.joined) this.leave(`failed (${messageOf(error)})`);
	}

	/** Checks Redis after a long wait; leaves when it does not answer. */
	async probe(): Promise<void> {
		const handle = this.handle;
		if (!handle) return;
		try {
			await this.probeHandle(handle);
		} catch (error) {
			this.onError(handle, error);
		}
	}

	/** Redis lost the limiter's keys: a new Bottleneck with the same id recreates them. */
	async recreate(handle: Handle): Promise<void> {
		if (this.swapping) return await this.swapping;
		if (handle !== this.handleValue) return;
		this.swapping = (async () => {
			this.warn("the shared rate limit's state was lost from Redis (restart, FLUSHALL or eviction): recreating it");
			const waiting = [...handle.pending];
			this.retire(handle);
			this.handleValue = undefined;
			this.handleValue = this.createHandle(true);
			try {
				await this.probeHandle(this.handleValue);
			} catch (error) {
				this.leave(`failed (${messageOf(error)})`);
			}
			for (const reroute of waiting) reroute();
		})().finally(() => (this.swapping = undefined));
		await this.swapping;
	}

	private async start(): Promise<void> {
		if (!(await this.redis.whenReady(this.options.readyTimeoutMs))) {
			this.leave(reasonOf(this.redis, 'is unreachable'));
			return;
		}
		if (await this.connect()) this.join();
		else this.leave(reasonOf(this.redis, 'did not answer in time'));
	}

	/** Makes sure a working clustered Bottleneck exists; false when Redis does not cooperate. */
	private async connect(): Promise<boolean> {
		if (!this.redis.isReady()) return false;
		try {
			this.handleValue ??= this.createHandle(false);
			await this.probeHandle(this.handleValue);
			return true;
		} catch (error) {
			if (!isKeysLost(error) || !this.handleValue) return false;
		}
		try {
			this.retire(this.handleValue);
			this.handleValue = this.createHandle(false);
			await this.probeHandle(this.handleValue);
			return true;
		} catch {
			return false;
		}
	}

	private async probeHandle(handle: Handle): Promise<void> {
		await withTimeout(handle.bottleneck.ready(), this.options.readyTimeoutMs);
		await withTimeout(handle.bottleneck.currentReservoir(), this.options.readyTimeoutMs);
	}

	private join(): void {
		const rejoined = this.announcedLocal;
		this.joined = true;
		this.announcedLocal = false;
		if (this.rejoinTimer) clearInterval(this.rejoinTimer);
		this.rejoinTimer = undefined;
		if (rejoined) this.warn(`Redis (${this.redis.target.label}) is back: the rate limit is shared again`);
		else this.options.logger?.debug(`Intercom rate limit shared through Redis (${this.redis.target.label})`);
	}

	private async rejoin(): Promise<void> {
		if (this.joined || this.rejoining || this.startingPromise || !this.redis.isReady()) return;
		this.rejoining = true;
		try {
			if (await this.connect()) this.join();
		} finally {
			this.rejoining = false;
		}
	}

	/** A Bottleneck on the shared keys. */
	private createHandle(afterLoss: boolean): Handle {
		const settings: ClusterSettings = {
			id: this.id,
			connection: this.redis.bottleneck,
			...this.options.initialSettings(afterLoss),
			heartbeatInterval: this.options.heartbeatIntervalMs,
			trackDoneStatus: false,
		};
		const handle: Handle = { bottleneck: new Bottleneck(settings), pending: new Set() };
		handle.bottleneck.on('error', (error: unknown) => this.onError(handle, error));
		return handle;
	}

	/** Stops using a Bottleneck: unsubscribes it (when Redis can answer) and drops its queue. */
	private retire(handle: Handle): void {
		if (this.redis.isReady()) void Promise.resolve(handle.bottleneck.disconnect(false)).catch(() => undefined);
		void handle.bottleneck.stop({ dropWaitingJobs: true }).catch(() => undefined);
	}

	private warn(message: string): void {
		this.options.logger?.warn(`Intercom rate limit: ${message}`);
	}
}

/** Why Redis failed, as the connection tells it (a refused password is not "unreachable"). */
function reasonOf(redis: RedisConnection, fallback: string): string {
	return redis.failureReason() ?? fallback;
}

export function isKeysLost(error: unknown): boolean {
	return KEYS_LOST.test(messageOf(error));
}

export function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	try {
		return await Promise.race([
			promise,
			new Promise<never>((_, reject) => {
				timer = setTimeout(() => reject(new Timeout(`no answer from Redis within ${ms} ms`)), ms);
			}),
		]);
	} finally {
		clearTimeout(timer);
	}
}
