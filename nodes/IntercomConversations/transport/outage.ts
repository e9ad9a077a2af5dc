import { abortReason } from './sleep';

/**
 * A workspace that Intercom fails broadly (10 failures in a row without a success, or its
 * retry budget spent, retryBudget.ts) pauses instead of failing items: requests wait here without being sent, and one of them at a time
 * probes, first after 1 s, then at growing intervals up to 5 s. The first success (a probe's or
 * any other request's) ends the pause. A probe's failure during the pause does not use up its
 * item's attempts; the wait is bounded: a request that has waited `maxPauseMs` in pauses fails,
 * saying Intercom has been failing that long. One per workspace and process.
 */

/** How long a request may wait in a pause before it fails (documented in the README). */
export const MAX_PAUSE_MS = 120_000;
const FIRST_PROBE_MS = 1_000;
const MAX_PROBE_INTERVAL_MS = 5_000;
/** Server errors and network failures in a row (no success between them) that pause the workspace. */
const FAILURES_TO_PAUSE = 10;

/** When a request first waited in a pause (undefined: never). */
export interface PauseClock {
	since?: number;
}

/** Sent as usual; sent as the pause's probe; or not sent: the pause lasted longer than allowed. */
export type Passage = 'go' | 'probe' | 'gave-up';

export class OutageGate {
	private pausedAt: number | undefined;
	private probing = false;
	private nextProbeAt = 0;
	private interval = FIRST_PROBE_MS;
	private readonly waiting = new Set<() => void>();
	private failuresInARow = 0;

	constructor(private readonly now: () => number = Date.now) {}

	/** True while the workspace is paused (for tests and diagnostics). */
	get paused(): boolean {
		return this.pausedAt !== undefined;
	}

	/** Intercom fails broadly: pause (no-op while paused). */
	pause(): void {
		if (this.pausedAt !== undefined) return;
		this.pausedAt = this.now();
		this.interval = FIRST_PROBE_MS;
		this.nextProbeAt = this.pausedAt + this.interval;
	}

	/**
	 * Waits until the request may be sent: at once when not paused; during a pause, until it is
	 * the next probe or the pause ends; 'gave-up' once this request has waited `maxPauseMs` in
	 * pauses (`waited` keeps that across its attempts). A request that comes after a long pause
	 * still gets its turn to probe: a workspace never stays paused for want of a probe.
	 */
	async pass(waited: PauseClock, signal?: AbortSignal, maxPauseMs = MAX_PAUSE_MS): Promise<Passage> {
		for (;;) {
			if (signal?.aborted) throw abortReason(signal);
			if (this.pausedAt === undefined) return 'go';
			const now = this.now();
			waited.since ??= now;
			if (now - waited.since >= maxPauseMs) return 'gave-up';
			if (!this.probing && now >= this.nextProbeAt) {
				this.probing = true;
				return 'probe';
			}
			await this.waitForChange(Math.min(waited.since + maxPauseMs - now, Math.max(10, this.nextProbeAt - now)), signal);
		}
	}

	/** An attempt failed with a server error or a network failure. */
	failed(): void {
		if (++this.failuresInARow >= FAILURES_TO_PAUSE) this.pause();
	}

	/** A request (a probe or any other) was answered successfully: the pause ends. */
	succeeded(passage: Passage): void {
		this.failuresInARow = 0;
		if (passage === 'probe') this.probing = false;
		if (this.pausedAt === undefined) return;
		this.pausedAt = undefined;
		this.wakeAll();
	}

	/** A probe failed: the next one comes later. */
	probeFailed(): void {
		this.probing = false;
		this.interval = Math.min(this.interval * 2, MAX_PROBE_INTERVAL_MS);
		this.nextProbeAt = this.now() + this.interval;
		this.wakeAll();
	}

	/** A probe ended without an answer to judge (cancelled, a final 4xx): let another probe. */
	probeAbandoned(): void {
		this.probing = false;
		this.wakeAll();
	}

	private async waitForChange(ms: number, signal?: AbortSignal): Promise<void> {
		await new Promise<void>((resolve) => {
			const done = () => {
				clearTimeout(timer);
				signal?.removeEventListener('abort', done);
				this.waiting.delete(done);
				resolve();
			};
			const timer = setTimeout(done, ms);
			timer.unref();
			signal?.addEventListener('abort', done, { once: true });
			this.waiting.add(done);
		});
	}

	private wakeAll(): void {
		for (const wake of [...this.waiting]) wake();
	}
}
