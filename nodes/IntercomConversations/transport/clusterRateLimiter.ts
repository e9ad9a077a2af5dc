import Bottleneck from 'bottleneck';
import { createHash } from 'node:crypto';
import { claimRefill, lowerReservoir } from './clusterReservoir';
import { WorkspaceRateLimiter, type RateLimiterOptions } from './rateLimiter';
import type { Logger, RateLimitState, RequestLimiter, RetryHint, ScheduleOptions } from './types';
import type { RedisConnection } from './redisConnection';
import { abortReason } from './sleep';

export interface ClusterLimiterOptions extends RateLimiterOptions {
	logger?: Logger;
	/** How often each process asks Redis for news (≤ 250 ms: Bottleneck's 5 s default cuts throughput to a quarter). */
	heartbeatIntervalMs?: number;
	/** How long to wait for Redis (connection, limiter set-up, a probe) before using the process's own limit. */
	readyTimeoutMs?: number;
	/** A request waiting longer than this in the shared queue goes through the process's own limiter. */
	maxClusterWaitMs?: number;
	/** While on the process's own limit, how often to try to rejoin when Redis answers again. */
	rejoinIntervalMs?: number;
	/** A running request stops counting as running after this long (a dead worker holds no slot). */
	expirationMs?: number;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** One clustered Bottleneck and the requests waiting in it. */
interface Handle {
	readonly bottleneck: Bottleneck;
	/** Requests queued in this Bottleneck and not started: sent elsewhere if it fails. */
	readonly pending: Set<() => void>;
}

/** A queued request was taken out of a failing limiter: schedule it again. */
class Rerouted extends Error {}
/** A queued request waited longer than `maxClusterWaitMs`. */
class Stalled extends Error {}
class Timeout extends Error {}

/** Bottleneck's recovery misses these on Redis ≥ 7 (the message gains an `ERR ` prefix). */
const KEYS_LOST = /SETTINGS_KEY_NOT_FOUND|UNKNOWN_CLIENT/;

interface ClusterSettings extends Bottleneck.ConstructorOptions {
	heartbeatInterval: number;
}

/**
 * One workspace's request budget shared by every n8n process through Redis.
 *
 * The same budget logic as `WorkspaceRateLimiter`, with the reservoir in Redis, where
 * Bottleneck's Lua scripts spend it atomically for all processes:
 * - headers seen by any process lower the shared reservoir (never raise it);
 * - every process schedules the refill at Intercom's reset; the first to claim the window
 *   refills it, so a window is refilled once; seeing a newer window refills the previous one
 *   at once;
 * - `minTime` spreads requests over the window (Intercom counts in windows we do not see the
 *   edges of; the reservoir alone would allow twice the limit within one window's length);
 * - a 429 empties the shared reservoir until the reset.
 * When Redis cannot be reached, requests go through an in-process limiter that follows the
 * same headers; the limiter rejoins when Redis answers again. When Redis lost the limiter's
 * keys (restart, FLUSHALL, eviction), the limiter is recreated with the same id.
 */
export class ClusterRateLimiter implements RequestLimiter {
	readonly id: string;
	private readonly local: WorkspaceRateLimiter;
	private readonly now: () => number;
	private readonly initialAllowance: number;
	private readonly initialWindowMs: number;
	private readonly heartbeatIntervalMs: number;
	private readonly readyTimeoutMs: number;
	private readonly maxClusterWaitMs: number;
	private readonly rejoinIntervalMs: number;
	private readonly expirationMs: number;
	private readonly logger?: Logger;

	private handle: Handle | undefined;
	private joined = false;
	private starting: Promise<void> | undefined;
	private swapping: Promise<void> | undefined;
	private rejoining = false;
	private rejoinTimer: NodeJS.Timeout | undefined;
	private announcedLocal = false;

	private marginMs: number;
	private mode: 'unknown' | 'headers' | 'none' = 'unknown';
	private windowResetMs = 0;
	private windowMs: number | undefined;
	private limit: number | undefined;
	private lastEstimate: number | undefined;
	private minTime: number;
	private refill: { window: number | string; atMs: number; allowance: number; timer: NodeJS.Timeout } | undefined;
	private inFlight = 0;
	private lowering = false;
	private lowest: { estimate: number; windowResetMs: number } | undefined;

	constructor(
		workspaceKey: string,
		private readonly redis: RedisConnection,
		options: ClusterLimiterOptions = {},
	) {
		this.id = `intercom-conversations_${createHash('sha256').update(workspaceKey).digest('hex').slice(0, 24)}`;
		this.local = new WorkspaceRateLimiter(options);
		this.now = options.now ?? Date.now;
		this.initialAllowance = options.initialAllowance ?? 1666;
		this.initialWindowMs = options.initialWindowMs ?? 10_000;
		this.marginMs = options.resetMarginMs ?? 25;
		this.heartbeatIntervalMs = Math.min(options.heartbeatIntervalMs ?? 250, 250);
		this.readyTimeoutMs = options.readyTimeoutMs ?? 3_000;
		this.maxClusterWaitMs = options.maxClusterWaitMs ?? 120_000;
		this.rejoinIntervalMs = options.rejoinIntervalMs ?? 1_000;
		this.expirationMs = options.expirationMs ?? 90_000;
		this.logger = options.logger;
		this.minTime = Math.floor(this.initialWindowMs / this.initialAllowance);

		redis.on('ready', () => void this.rejoin());
		redis.on('close', () => {
			if (!redis.closed) this.leave('closed the connection');
		});
		this.starting = this.start().finally(() => (this.starting = undefined));
		this.scheduleRefill(`unknown-${Math.floor(this.now() / this.initialWindowMs)}`, this.now() + this.initialWindowMs, this.initialAllowance);
	}

	/** True while requests are limited through Redis (for tests and diagnostics). */
	get shared(): boolean {
		return this.joined;
	}

	async schedule<T>(task: () => Promise<T>, options: ScheduleOptions = {}): Promise<T> {
		if (options.signal?.aborted) throw abortReason(options.signal);
		for (let round = 0; ; round++) {
			if (this.starting) await this.starting;
			if (this.swapping) await this.swapping;
			const handle = this.joined ? this.handle : undefined;
			// A few rounds cover a reroute and a recreation; more means Redis is misbehaving.
			if (!handle || round >= 4) return await this.local.schedule(task, options);
			let outcome: Outcome<T>;
			try {
				outcome = await this.viaCluster(handle, task, options);
			} catch (error) {
				if (error instanceof Rerouted) continue;
				if (error instanceof Stalled) {
					this.warn(`a request waited ${this.maxClusterWaitMs} ms for the shared limit; sending it under this process's own limit`);
					void this.probe();
					return await this.local.schedule(task, options);
				}
				if (isKeysLost(error)) {
					await this.recreate(handle);
					continue;
				}
				// Scheduled on a limiter that was just replaced ("This limiter has been stopped."):
				// not a Redis failure, go through the current one.
				if (handle !== this.handle) continue;
				this.leave(`failed (${messageOf(error)})`);
				continue;
			}
			if (outcome.ok) return outcome.value;
			throw outcome.error;
		}
	}

	observe(state: RateLimitState | undefined): void {
		this.local.observe(state);
		if (!state) {
			if (this.mode === 'unknown') {
				this.mode = 'none';
				this.clearRefill();
				this.onCluster(async (b) => await updateSettings(b, { reservoir: null }));
			}
			return;
		}
		const estimate = Math.max(0, state.remaining - this.inFlight);
		this.limit = state.limit;
		if (this.mode === 'headers' && state.resetMs < this.windowResetMs) return; // a late answer from a past window
		this.lastEstimate = estimate;
		if (this.mode !== 'headers' || state.resetMs > this.windowResetMs) {
			// A new window: the previous one's refill is due (whoever claims it first does it).
			const due = this.refill;
			this.learnWindow(state.resetMs, state.limit);
			this.mode = 'headers';
			this.windowResetMs = state.resetMs;
			this.scheduleRefill(state.resetMs, state.resetMs + this.marginMs, state.limit);
			this.onCluster(async (b) => {
				if (due && due.atMs <= state.resetMs) await this.refillOnce(b, due.window, due.allowance);
				this.lowerTo(estimate, state.resetMs);
			});
			return;
		}
		this.lowerTo(estimate, state.resetMs);
	}

	allowedRate(): number {
		return this.local.allowedRate();
	}

	holdUntil(hint: RetryHint): number {
		const held = this.local.holdUntil(hint);
		const resumeAtMs = hint.retryAfterMs !== undefined ? hint.receivedAtMs + hint.retryAfterMs : hint.rateLimit?.resetMs;
		const now = this.now();
		let at = resumeAtMs ?? now + (this.windowMs ?? this.initialWindowMs);
		// Intercom's resets are whole seconds: such a time names its window; `Retry-After` does not.
		let window: number | string = at % 1000 === 0 ? at : `hold-${at}`;
		if (at <= now) {
			// Refused although the reset has passed by our clock: our clock runs ahead of Intercom's.
			this.marginMs = Math.min(this.marginMs * 2 + 100, 5_000);
			at = now + this.marginMs;
			window = `late-${at}-${Math.random().toString(36).slice(2, 8)}`;
		} else {
			at += this.marginMs;
		}
		if (this.mode === 'none') this.mode = 'unknown';
		this.onCluster(async (b) => await updateSettings(b, { reservoir: 0 }));
		this.scheduleRefill(window, at, this.limit ?? this.initialAllowance);
		return held;
	}

	// ——— requests through the shared limiter ———

	/** Resolves with the task's outcome; rejects only when the limiter failed (the task did not run). */
	private viaCluster<T>(handle: Handle, task: () => Promise<T>, options: ScheduleOptions): Promise<Outcome<T>> {
		const { signal } = options;
		return new Promise<Outcome<T>>((resolve, reject) => {
			let state: 'waiting' | 'started' | 'gone' = 'waiting';
			const leaveQueue = (then: () => void) => {
				if (state !== 'waiting') return;
				state = 'gone';
				clearTimeout(stallTimer);
				signal?.removeEventListener('abort', onAbort);
				handle.pending.delete(reroute);
				then();
			};
			const reroute = () => leaveQueue(() => reject(new Rerouted()));
			const onAbort = () => leaveQueue(() => resolve({ ok: false, error: abortReason(signal) }));
			const stallTimer = setTimeout(() => leaveQueue(() => reject(new Stalled())), this.maxClusterWaitMs);
			stallTimer.unref();
			handle.pending.add(reroute);
			signal?.addEventListener('abort', onAbort, { once: true });

			const job = async () => {
				if (state !== 'waiting') {
					// Taken out of the queue (cancelled or rerouted): give the slot back, send nothing.
					if (handle === this.handle && this.joined) this.onCluster((b) => b.incrementReservoir(1));
					return;
				}
				leaveQueue(() => undefined);
				state = 'started';
				this.inFlight++;
				try {
					resolve({ ok: true, value: await task() });
				} catch (error) {
					resolve({ ok: false, error });
				} finally {
					this.inFlight--;
				}
			};
			const expiration = options.expirationMs ?? this.expirationMs;
			handle.bottleneck
				.schedule({ priority: options.priority ?? 5, expiration }, job)
				// Once started, the task settles the promise itself (an expired job keeps running).
				.catch((error: unknown) => leaveQueue(() => reject(error)));
		});
	}

	// ——— joining, leaving, recreating ———

	private async start(): Promise<void> {
		if (!(await this.redis.whenReady(this.readyTimeoutMs))) {
			this.leave('is unreachable');
			return;
		}
		if (await this.connect()) this.join();
		else this.leave('did not answer in time');
	}

	/** Makes sure a working clustered Bottleneck exists; false when Redis does not cooperate. */
	private async connect(): Promise<boolean> {
		if (!this.redis.isReady()) return false;
		try {
			this.handle ??= this.createHandle();
			await this.probeHandle(this.handle);
			return true;
		} catch (error) {
			if (!isKeysLost(error) || !this.handle) return false;
		}
		try {
			this.retire(this.handle);
			this.handle = this.createHandle();
			await this.probeHandle(this.handle);
			return true;
		} catch {
			return false;
		}
	}

	private async probeHandle(handle: Handle): Promise<void> {
		await withTimeout(handle.bottleneck.ready(), this.readyTimeoutMs);
		await withTimeout(handle.bottleneck.currentReservoir(), this.readyTimeoutMs);
	}

	private join(): void {
		const rejoined = this.announcedLocal;
		this.joined = true;
		this.announcedLocal = false;
		if (this.rejoinTimer) clearInterval(this.rejoinTimer);
		this.rejoinTimer = undefined;
		if (rejoined) this.warn(`Redis (${this.redis.target.label}) is back: the rate limit is shared again`);
		else this.logger?.debug(`Intercom rate limit shared through Redis (${this.redis.target.label})`);
	}

	/** Redis is unavailable: requests go through the process's own limiter until it is back. */
	private leave(reason: string): void {
		const handle = this.handle;
		this.joined = false;
		if (!this.announcedLocal) {
			this.announcedLocal = true;
			this.warn(`Redis (${this.redis.target.label}) ${reason}: limiting requests in this process only until it is back`);
		}
		if (handle) for (const reroute of [...handle.pending]) reroute();
		this.rejoinTimer ??= setInterval(() => void this.rejoin(), this.rejoinIntervalMs);
		this.rejoinTimer.unref();
	}

	private async rejoin(): Promise<void> {
		if (this.joined || this.rejoining || this.starting || !this.redis.isReady()) return;
		this.rejoining = true;
		try {
			if (await this.connect()) this.join();
		} finally {
			this.rejoining = false;
		}
	}

	/** Redis lost the limiter's keys: a new Bottleneck with the same id recreates them. */
	private async recreate(handle: Handle): Promise<void> {
		if (this.swapping) return await this.swapping;
		if (handle !== this.handle) return;
		this.swapping = (async () => {
			this.warn("the shared rate limit's state was lost from Redis (restart, FLUSHALL or eviction): recreating it");
			const waiting = [...handle.pending];
			this.retire(handle);
			this.handle = undefined;
			this.handle = this.createHandle(true);
			try {
				await this.probeHandle(this.handle);
			} catch (error) {
				this.leave(`failed (${messageOf(error)})`);
			}
			for (const reroute of waiting) reroute();
		})().finally(() => (this.swapping = undefined));
		await this.swapping;
	}

	/**
	 * A Bottleneck on the shared keys. After the keys were lost mid-window (`afterLoss`), no
	 * process knows what other processes spent of the window since: the new reservoir starts
	 * empty and the refill at the window's reset (scheduled by every process) restores it.
	 */
	private createHandle(afterLoss = false): Handle {
		const midWindow = this.mode === 'headers' && this.windowResetMs > this.now();
		const allowance = midWindow
			? afterLoss
				? 0
				: (this.lastEstimate ?? this.limit ?? this.initialAllowance)
			: (this.limit ?? this.initialAllowance);
		const settings: ClusterSettings = {
			id: this.id,
			connection: this.redis.bottleneck,
			reservoir: this.mode === 'none' ? null : allowance,
			minTime: this.minTime,
			heartbeatInterval: this.heartbeatIntervalMs,
			trackDoneStatus: false,
		};
		const handle: Handle = { bottleneck: new Bottleneck(settings), pending: new Set() };
		handle.bottleneck.on('error', (error: unknown) => this.onClusterError(handle, error));
		return handle;
	}

	/** Stops using a Bottleneck: unsubscribes it (when Redis can answer) and drops its queue. */
	private retire(handle: Handle): void {
		if (this.redis.isReady()) void Promise.resolve(handle.bottleneck.disconnect(false)).catch(() => undefined);
		void handle.bottleneck.stop({ dropWaitingJobs: true }).catch(() => undefined);
	}

	private onClusterError(handle: Handle, error: unknown): void {
		if (handle !== this.handle) return; // a retired limiter's leftovers
		if (isKeysLost(error)) {
			void this.recreate(handle);
			return;
		}
		if (this.joined) this.leave(`failed (${messageOf(error)})`);
	}

	/** Checks Redis after a long wait; leaves when it does not answer. */
	private async probe(): Promise<void> {
		const handle = this.handle;
		if (!handle || !this.joined) return;
		try {
			await this.probeHandle(handle);
		} catch (error) {
			this.onClusterError(handle, error);
		}
	}

	/** Runs a reservoir operation on the shared limiter; skipped while limiting locally. */
	private onCluster(operation: (bottleneck: Bottleneck) => Promise<unknown>): void {
		const handle = this.handle;
		if (!handle || !this.joined) return;
		operation(handle.bottleneck).catch((error: unknown) => this.onClusterError(handle, error));
	}

	// ——— the window ———

	/**
	 * Lowers the shared reservoir to `estimate`. One call in flight per process: estimates that
	 * arrive meanwhile are folded into the lowest, sent next (one Redis call instead of many).
	 */
	private lowerTo(estimate: number, windowResetMs: number): void {
		if (this.lowest === undefined || this.lowest.windowResetMs < windowResetMs) this.lowest = { estimate, windowResetMs };
		else if (this.lowest.windowResetMs === windowResetMs) this.lowest.estimate = Math.min(this.lowest.estimate, estimate);
		if (this.lowering) return;
		const { estimate: value, windowResetMs: window } = this.lowest;
		this.lowest = undefined;
		this.lowering = true;
		const handle = this.handle;
		if (!handle || !this.joined) {
			this.lowering = false;
			return;
		}
		lowerReservoir(this.redis.client, this.id, value, window)
			.catch((error: unknown) => this.onClusterError(handle, error))
			.finally(() => {
				this.lowering = false;
				if (this.lowest !== undefined) this.lowerTo(this.lowest.estimate, this.lowest.windowResetMs);
			});
	}

	/** `minTime` spreads a window's allowance over its length; the length is learned from resets. */
	private learnWindow(resetMs: number, limit: number): void {
		if (this.mode === 'headers' && resetMs > this.windowResetMs) {
			this.windowMs = Math.min(this.windowMs ?? Infinity, resetMs - this.windowResetMs);
		}
		const guess = Math.min(this.initialWindowMs, Math.max(1_000, Math.ceil((resetMs - this.now()) / 1_000) * 1_000));
		const minTime = Math.floor((this.windowMs ?? guess) / Math.max(1, limit));
		if (minTime === this.minTime) return;
		this.minTime = minTime;
		this.onCluster(async (b) => await updateSettings(b, { minTime }));
	}

	private async refillOnce(bottleneck: Bottleneck, window: number | string, allowance: number): Promise<void> {
		const ttlMs = 3 * (this.windowMs ?? this.initialWindowMs);
		if (await claimRefill(this.redis.client, this.id, window, ttlMs)) {
			await updateSettings(bottleneck, { reservoir: allowance });
		}
	}

	private scheduleRefill(window: number | string, atMs: number, allowance: number): void {
		this.clearRefill();
		const timer = setTimeout(
			() => {
				this.refill = undefined;
				this.onCluster(async (b) => await this.refillOnce(b, window, allowance));
				if (this.mode === 'unknown') {
					const next = this.now() + this.initialWindowMs;
					this.scheduleRefill(`unknown-${Math.floor(next / this.initialWindowMs)}`, next, allowance);
				}
			},
			Math.max(0, atMs - this.now()),
		);
		timer.unref();
		this.refill = { window, atMs, allowance, timer };
	}

	private clearRefill(): void {
		if (this.refill) clearTimeout(this.refill.timer);
		this.refill = undefined;
	}

	private warn(message: string): void {
		this.logger?.warn(`Intercom rate limit: ${message}`);
	}
}

/** Typed as returning the limiter; in fact a promise of it, which rejects when Redis does. */
async function updateSettings(bottleneck: Bottleneck, settings: Bottleneck.ConstructorOptions): Promise<void> {
	await (bottleneck.updateSettings(settings) as unknown as Promise<Bottleneck>);
}

function isKeysLost(error: unknown): boolean {
	return KEYS_LOST.test(messageOf(error));
}

function messageOf(error: unknown): string {
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
