import { abortReason } from '../sleep';
import type { ScheduleOptions, Ticket } from '../types';
import type { Handle } from './clusterMembership';

/** One request waiting in a clustered Bottleneck, until it runs, is cancelled, stalls or is rerouted. */

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A queued request was taken out of a failing limiter: schedule it again. */
export class Rerouted extends Error {}
/** A queued request waited longer than `maxWaitMs`. */
export class Stalled extends Error {}

export interface QueueOptions extends ScheduleOptions {
	expirationMs: number;
	maxWaitMs: number;
	/** The ticket for the request, when it starts. */
	ticket(): Ticket;
	/** A job that runs after its request left the queue: give its slot back. */
	giveBack(): void;
	/** After the request ran (answered or failed). */
	settled(): void;
}

/**
 * Resolves with the task's outcome; rejects only when the limiter failed (the task did not run):
 * `Rerouted` (the limiter was left or replaced), `Stalled`, or Bottleneck's own error.
 */
export function queueOnCluster<T>(handle: Handle, task: (ticket: Ticket) => Promise<T>, options: QueueOptions): Promise<Outcome<T>> {
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
		const stallTimer = setTimeout(() => leaveQueue(() => reject(new Stalled())), options.maxWaitMs);
		stallTimer.unref();
		handle.pending.add(reroute);
		signal?.addEventListener('abort', onAbort, { once: true });

		const job = async () => {
			if (state !== 'waiting') {
				// Taken out of the queue (cancelled or rerouted): give the slot back, send nothing.
				options.giveBack();
				return;
			}
			leaveQueue(() => undefined);
			state = 'started';
			try {
				resolve({ ok: true, value: await task(options.ticket()) });
			} catch (error) {
				resolve({ ok: false, error });
			} finally {
				options.settled();
			}
		};
		handle.bottleneck
			.schedule({ priority: options.priority ?? 5, expiration: options.expirationMs }, job)
			// Once started, the task settles the promise itself (an expired job keeps running).
			.catch((error: unknown) => leaveQueue(() => reject(error)));
	});
}
