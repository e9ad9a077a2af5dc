import { LocalLimiter, MAX_HOLD_MS } from '../nodes/IntercomConversations/transport/limiter';
import type { RateLimitState, RetryHint, Ticket } from '../nodes/IntercomConversations/transport/types';

/**
 * The rate window under hostile and broken headers, with a clock of our own (fake timers), over
 * thousands of random sequences: the limiter always makes progress, never starts more requests
 * than an answer said remain, and never waits longer than its documented maximum. The same
 * window over real HTTP, with the sandbox's clock skewed, is in rateWindow.test.ts.
 * `SEED=n npx jest test/limiter.test.ts` replays one sequence and prints its answers.
 */

function prng(seed: number): () => number {
	let s = seed >>> 0 || 1;
	return () => {
		s ^= s << 13;
		s >>>= 0;
		s ^= s >>> 17;
		s ^= s << 5;
		s >>>= 0;
		return s / 2 ** 32;
	};
}

const pick = <T>(random: () => number, values: T[]): T => values[Math.floor(random() * values.length)];

interface Running {
	ticket: Ticket;
	finish: () => void;
}

beforeEach(() => jest.useFakeTimers({ now: Date.UTC(2026, 11, 2, 12, 0, 0) }));
afterEach(() => jest.useRealTimers());

describe('the rate window under arbitrary headers and clock offsets', () => {
	it('always makes progress and never starts more than an answer allowed (1,000 random sequences)', async () => {
		for (let seed = Number(process.env.SEED ?? 1); seed <= Number(process.env.SEED ?? 1000); seed++) {
			const random = prng(seed);
			const limiter = new LocalLimiter();
			// Intercom's clock against ours: up to a minute apart either way.
			const offsetMs = pick(random, [0, 0, 5_000, -5_000, 15_000, -15_000, 60_000, -60_000, Math.round((random() - 0.5) * 40_000)]);
			const dated = random() < 0.6;
			const running: Running[] = [];
			let started = 0;
			let done = 0;
			const total = 5 + Math.floor(random() * 30);
			const all: Array<Promise<void>> = [];
			for (let i = 0; i < total; i++) {
				all.push(
					limiter.schedule(
						(ticket) =>
							new Promise<void>((finish) => {
								started++;
								running.push({ ticket, finish });
							}),
					).then(() => {
						done++;
					}),
				);
			}
			await Promise.resolve();
			let rounds = 0;
			while (done < total) {
				rounds++;
				if (rounds > 400) throw new Error(`seed ${seed}: no progress (${done} of ${total} done, ${started} started)`);
				const request = running.shift();
				if (!request) {
					// Nothing in flight and requests waiting: the longest wait is bounded.
					const before = started;
					await jest.advanceTimersByTimeAsync(MAX_HOLD_MS + 100);
					if (started === before && done < total) {
						throw new Error(`seed ${seed}: waited ${MAX_HOLD_MS + 100} ms with ${total - done} requests waiting and none started`);
					}
					continue;
				}
				const serverNow = Date.now() + offsetMs;
				const limit = pick(random, [0, 1, 3, 10, 1666, 1e9, -1]);
				const remaining = pick(random, [-3, 0, 0, 1, 2, limit, limit + 10, Math.floor(random() * 20)]);
				const resetMs = Math.ceil((serverNow + pick(random, [-60_000, -1_000, 0, 400, 1_000, 10_000, 3_600_000])) / 1000) * 1000;
				const state: RateLimitState = {
					limit,
					remaining,
					resetMs,
					serverDateMs: dated ? Math.floor(serverNow / 1000) * 1000 : undefined,
					receivedAtMs: Date.now(),
				};
				if (process.env.SEED) console.log(JSON.stringify({ at: Date.now(), offsetMs, dated, state }));
				if (random() < 0.15) {
					const hint: RetryHint = {
						retryAfterMs: pick(random, [undefined, 0, 1_000, 3_600_000, 999_999_000]),
						rateLimit: random() < 0.5 ? state : undefined,
						receivedAtMs: Date.now(),
					};
					const held = limiter.holdUntil(hint);
					expect(held).toBeLessThanOrEqual(MAX_HOLD_MS);
					// A 429 is answered too: the request is done (its retry would be a new schedule).
				} else {
					const before = started;
					limiter.observe(state, request.ticket);
					const startedByAnswer = started - before;
					const allowed = Math.max(0, Math.min(remaining, limit));
					if (startedByAnswer > allowed) {
						throw new Error(`seed ${seed}: an answer with remaining ${remaining} (limit ${limit}) started ${startedByAnswer} requests`);
					}
				}
				request.finish();
				await jest.advanceTimersByTimeAsync(random() < 0.3 ? Math.floor(random() * 2_000) : 0);
			}
			await Promise.all(all);
		}
	});

	it('caps a hold of an hour, or of Retry-After 999999, at the documented maximum, then lets one request probe', async () => {
		const limiter = new LocalLimiter();
		const starts: number[] = [];
		// Every answer says: 50 left of 100, reset in 10 s, on a clock that agrees with ours.
		const send = () =>
			limiter.schedule(async (ticket) => {
				starts.push(Date.now());
				const now = Date.now();
				limiter.observe({ limit: 100, remaining: 50, resetMs: Math.ceil(now / 1000) * 1000 + 10_000, serverDateMs: Math.floor(now / 1000) * 1000, receivedAtMs: now }, ticket);
			});
		await send();
		const held = limiter.holdUntil({ retryAfterMs: 999_999_000, receivedAtMs: Date.now() });
		expect(held).toBe(MAX_HOLD_MS);
		const t0 = Date.now();
		const more = [1, 2, 3].map(() => send());
		await jest.advanceTimersByTimeAsync(MAX_HOLD_MS - 100);
		expect(starts).toHaveLength(1);
		await jest.advanceTimersByTimeAsync(200);
		// One probe first; its answer tells the budget, and the other two follow at once.
		await Promise.all(more);
		expect(starts).toHaveLength(4);
		expect(starts[1] - t0).toBeGreaterThanOrEqual(MAX_HOLD_MS);
		expect(starts[3] - t0).toBeLessThan(MAX_HOLD_MS + 1_000);
		// A reset an hour ahead with nothing left is capped the same way.
		const hour = limiter.holdUntil({ rateLimit: { limit: 100, remaining: 0, resetMs: Date.now() + 3_600_000, receivedAtMs: Date.now() }, receivedAtMs: Date.now() });
		expect(hour).toBe(MAX_HOLD_MS);
	});

	it('does not park the budget on a limit of 0 or a reset in the past', async () => {
		const limiter = new LocalLimiter();
		let count = 0;
		const answer = (ticket: Ticket, limit: number, resetMs: number) =>
			limiter.observe({ limit, remaining: 0, resetMs, serverDateMs: Date.now(), receivedAtMs: Date.now() }, ticket);
		const all = Array.from({ length: 20 }, (_, i) =>
			limiter.schedule(async (ticket) => {
				count++;
				// Half say a limit of 0, half a reset 15 s in the past (the same one each time).
				answer(ticket, i % 2 ? 0 : 100, Date.now() - 15_000 - (Date.now() % 1000));
			}),
		);
		for (let i = 0; i < 50 && count < 20; i++) await jest.advanceTimersByTimeAsync(1_000);
		await Promise.all(all);
		expect(count).toBe(20);
	});
});
