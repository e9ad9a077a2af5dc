import type Bottleneck from 'bottleneck';
import { createHash } from 'node:crypto';
import type { RedisConnection } from '../redisConnection';
import { abortReason } from '../sleep';
import type { Logger, RateLimitState, RequestLimiter, RetryHint, ScheduleOptions, Ticket } from '../types';
import { claimRefill, lowerReservoir } from './clusterReservoir';
import { ClusterMembership, isKeysLost, type Handle } from './clusterMembership';
import { queueOnCluster, Rerouted, Stalled, type Outcome } from './clusterQueue';
import { LocalLimiter, TicketCounter } from './localLimiter';
import type { Refill, WindowOptions, WindowUpdate } from './window';

export interface ClusterLimiterOptions extends WindowOptions {
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


/**
 * One workspace's request budget shared by every n8n process through Redis: the window of the
 * in-process limiter (`RateWindow`, which this limiter's local fallback keeps), applied to a
 * reservoir in Redis that Bottleneck's Lua scripts spend atomically for all processes:
 * - headers seen by any process lower the shared reservoir (never raise it);
 * - every process schedules the refill at Intercom's reset; the first to claim the window
 *   refills it, so a window is refilled once; seeing a newer window refills the previous one
 *   at once;
 * - `minTime` spreads requests over the window (Intercom counts in windows we do not see the
 *   edges of; the reservoir alone would allow twice the limit within one window's length);
 * - a 429 empties the shared reservoir until the (bounded) hold ends.
 * When Redis cannot be reached, requests go through the in-process limiter, which follows the
 * same headers; membership (clusterMembership.ts) rejoins when Redis answers again.
 */
export class ClusterLimiter implements RequestLimiter {
	readonly id: string;
	private readonly local: LocalLimiter;
	private readonly membership: ClusterMembership;
	private readonly now: () => number;
	private readonly maxClusterWaitMs: number;
	private readonly expirationMs: number;
	private readonly logger?: Logger;
	private minTime: number;
	private refill: (Refill & { timer: NodeJS.Timeout }) | undefined;
	private lastEstimate: number | undefined;
	private readonly tickets = new TicketCounter();
	private lowering = false;
	private checking = false;
	private lowest: { estimate: number; window: number } | undefined;

	constructor(
		workspaceKey: string,
		private readonly redis: RedisConnection,
		options: ClusterLimiterOptions = {},
	) {
		this.id = `intercom-conversations_${createHash('sha256').update(workspaceKey).digest('hex').slice(0, 24)}`;
		this.local = new LocalLimiter(options);
		this.now = options.now ?? Date.now;
		this.maxClusterWaitMs = options.maxClusterWaitMs ?? 120_000;
		this.expirationMs = options.expirationMs ?? 90_000;
		this.minTime = this.window.minTimeMs();
		this.membership = new ClusterMembership(this.id, redis, {
			logger: options.logger,
			heartbeatIntervalMs: Math.min(options.heartbeatIntervalMs ?? 250, 250),
			readyTimeoutMs: options.readyTimeoutMs ?? 3_000,
			rejoinIntervalMs: options.rejoinIntervalMs ?? 1_000,
			initialSettings: (afterLoss) => this.initialSettings(afterLoss),
		});
		this.logger = options.logger;
		this.scheduleRefill(this.window.assumed());
	}

	/** The window model, kept by the local fallback and read here. */
	private get window() {
		return this.local.window;
	}

	/** True while requests are limited through Redis (for tests and diagnostics). */
	get shared(): boolean {
		return this.membership.shared;
	}

	async schedule<T>(task: (ticket: Ticket) => Promise<T>, options: ScheduleOptions = {}): Promise<T> {
		if (options.signal?.aborted) throw abortReason(options.signal);
		for (let round = 0; ; round++) {
			await this.membership.settled();
			const handle = this.membership.handle;
			// A few rounds cover a reroute and a recreation; more means Redis is misbehaving.
			if (!handle || round >= 4) return await this.local.schedule(task, options);
			let outcome: Outcome<T>;
			try {
				outcome = await queueOnCluster(handle, task, {
					...options,
					expirationMs: options.expirationMs ?? this.expirationMs,
					maxWaitMs: this.maxClusterWaitMs,
					ticket: () => this.tickets.next(),
					giveBack: () => {
						if (this.membership.isCurrent(handle)) this.membership.run((b) => b.incrementReservoir(1));
					},
					settled: () => this.unpark(handle),
				});
			} catch (error) {
				if (error instanceof Rerouted) continue;
				if (error instanceof Stalled) {
					this.logger?.warn(
						`Intercom rate limit: a request waited ${this.maxClusterWaitMs} ms for the shared limit; sending it under this process's own limit`,
					);
					void this.membership.probe();
					return await this.local.schedule(task, options);
				}
				if (isKeysLost(error)) {
					await this.membership.recreate(handle);
					continue;
				}
				// Scheduled on a limiter that was just replaced ("This limiter has been stopped."):
				// not a Redis failure, go through the current one.
				if (!this.membership.isCurrent(handle)) continue;
				this.membership.onError(handle, error);
				continue;
			}
			if (outcome.ok) return outcome.value;
			throw outcome.error;
		}
	}

	observe(state: RateLimitState | undefined, ticket?: Ticket): void {
		// The local fallback reads the window (one model for both); this limiter applies it to Redis.
		this.apply(this.local.observeWith(state, ticket));
	}

	holdUntil(hint: RetryHint): number {
		const refill = this.local.holdWith(hint);
		this.membership.run(async (b) => await updateSettings(b, { reservoir: 0 }));
		this.scheduleRefill(refill);
		return Math.max(0, refill.atMs - this.now());
	}

	allowedRate(): number {
		return this.local.allowedRate();
	}

	private apply(update: WindowUpdate): void {
		switch (update.kind) {
			case 'unlimited':
				this.clearRefill();
				this.membership.run(async (b) => await updateSettings(b, { reservoir: null }));
				return;
			case 'new-window': {
				// The previous window's refill is due (whoever claims it first does it).
				const due = this.refill;
				this.lastEstimate = update.budget;
				this.updateMinTime();
				this.scheduleRefill(update.refill);
				this.membership.run(async (b) => {
					if (due && typeof due.window === 'number' && due.window <= update.window) {
						await this.refillOnce(b, due.window, due.allowance);
					}
					this.lowerTo(update.budget, update.window);
				});
				break;
			}
			case 'lower':
				this.lastEstimate = update.budget;
				this.lowerTo(update.budget, update.window);
				break;
			default:
				break;
		}
		if (this.lastEstimate === 0 && !this.refill) this.scheduleRefill(this.window.overdue());
	}

	/**
	 * The shared reservoir is empty and no refill is to come from this process (it came already:
	 * a reset in the past, an answer from a past window, a window's last request failing without
	 * an answer): never park, let one request probe a little later.
	 */
	private unpark(handle: Handle): void {
		if (this.refill || this.checking || this.window.mode !== 'headers') return;
		this.checking = true;
		handle.bottleneck
			.currentReservoir()
			.then((reservoir) => {
				if (reservoir === 0 && !this.refill) this.scheduleRefill(this.window.overdue());
			})
			.catch((error: unknown) => this.membership.onError(handle, error))
			.finally(() => (this.checking = false));
	}


	/**
	 * The reservoir a new Bottleneck starts with. After the keys were lost mid-window
	 * (`afterLoss`), no process knows what other processes spent of the window since: it starts
	 * empty and the refill at the window's reset (scheduled by every process) restores it.
	 */
	private initialSettings(afterLoss: boolean): { reservoir: number | null; minTime: number } {
		const window = this.window;
		if (window.mode === 'none') return { reservoir: null, minTime: this.minTime };
		const midWindow = window.mode === 'headers' && this.refill !== undefined && this.refill.atMs > this.now();
		const reservoir = midWindow ? (afterLoss ? 0 : (this.lastEstimate ?? window.allowance)) : window.allowance;
		return { reservoir, minTime: this.minTime };
	}

	// ——— the shared reservoir ———

	/**
	 * Lowers the shared reservoir to `estimate`. One call in flight per process: estimates that
	 * arrive meanwhile are folded into the lowest, sent next (one Redis call instead of many).
	 */
	private lowerTo(estimate: number, window: number): void {
		if (this.lowest === undefined || this.lowest.window < window) this.lowest = { estimate, window };
		else if (this.lowest.window === window) this.lowest.estimate = Math.min(this.lowest.estimate, estimate);
		if (this.lowering) return;
		const handle = this.membership.handle;
		if (!handle) {
			this.lowest = undefined;
			return;
		}
		const { estimate: value, window: windowResetMs } = this.lowest;
		this.lowest = undefined;
		this.lowering = true;
		lowerReservoir(this.redis.client, this.id, value, windowResetMs)
			.catch((error: unknown) => this.membership.onError(handle, error))
			.finally(() => {
				this.lowering = false;
				if (this.lowest !== undefined) this.lowerTo(this.lowest.estimate, this.lowest.window);
			});
	}

	/** `minTime` spreads a window's allowance over its length. */
	private updateMinTime(): void {
		const minTime = this.window.minTimeMs();
		if (minTime === this.minTime) return;
		this.minTime = minTime;
		this.membership.run(async (b) => await updateSettings(b, { minTime }));
	}

	private async refillOnce(bottleneck: Bottleneck, window: number | string, allowance: number): Promise<void> {
		const ttlMs = 3 * this.window.windowMs;
		if (await claimRefill(this.redis.client, this.id, window, ttlMs)) {
			await updateSettings(bottleneck, { reservoir: allowance });
		}
	}

	private scheduleRefill(refill: Refill): void {
		this.clearRefill();
		const timer = setTimeout(
			() => {
				this.refill = undefined;
				this.membership.run(async (b) => await this.refillOnce(b, refill.window, refill.allowance));
				if (this.window.mode === 'unknown') this.scheduleRefill(this.window.assumed());
			},
			Math.max(0, refill.atMs - this.now()),
		);
		timer.unref();
		this.refill = { ...refill, timer };
	}

	private clearRefill(): void {
		if (this.refill) clearTimeout(this.refill.timer);
		this.refill = undefined;
	}
}

/** Typed as returning the limiter; in fact a promise of it, which rejects when Redis does. */
async function updateSettings(bottleneck: Bottleneck, settings: Bottleneck.ConstructorOptions): Promise<void> {
	await (bottleneck.updateSettings(settings) as unknown as Promise<Bottleneck>);
}
