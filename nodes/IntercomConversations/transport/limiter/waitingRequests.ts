/**
 * Requests waiting for budget, by priority (0 first, 9 last) and in arrival order within a
 * priority. Constant time to add and take; a cancelled request is skipped when its turn comes.
 */
export interface Waiting {
	start(): void;
	cancelled: boolean;
}

const PRIORITIES = 10;

export class WaitingRequests {
	/** Per priority: the queue; slots before `heads[lane]` are taken and cleared (undefined). */
	private readonly lanes: Array<Waiting | undefined>[] = Array.from({ length: PRIORITIES }, () => []);
	private readonly heads: number[] = new Array<number>(PRIORITIES).fill(0);
	private count = 0;

	/** Requests waiting (cancelled ones excluded). */
	get size(): number {
		return this.count;
	}

	add(request: Waiting, priority: number): void {
		const lane = Math.min(PRIORITIES - 1, Math.max(0, Math.floor(priority)));
		this.lanes[lane].push(request);
		this.count++;
	}

	/** Marks a waiting request as gone; it will not start. */
	cancel(request: Waiting): void {
		if (request.cancelled) return;
		request.cancelled = true;
		this.count--;
	}

	/** The next request to start, or undefined when none waits. */
	take(): Waiting | undefined {
		for (let lane = 0; lane < PRIORITIES; lane++) {
			const queue = this.lanes[lane];
			while (this.heads[lane] < queue.length) {
				const request = queue[this.heads[lane]] as Waiting;
				// A taken slot lets go of its request at once: a started request's closures hold its
				// promise, and so its answer, until the slot is cleared.
				queue[this.heads[lane]++] = undefined;
				if (this.heads[lane] > 1024 && this.heads[lane] * 2 > queue.length) {
					queue.splice(0, this.heads[lane]);
					this.heads[lane] = 0;
				}
				if (!request.cancelled) {
					this.count--;
					return request;
				}
			}
		}
		return undefined;
	}
}
