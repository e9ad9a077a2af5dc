/**
 * The retry loop over real HTTP: what Intercom asks for (`Retry-After` on 429 and 503), bounded
 * waits, the per-workspace retry budget and the outage pause it leads to, and cancellation. The sandbox's own log and counters
 * say what Intercom would have seen.
 */
import { IntercomApiError, IntercomClient } from '../nodes/IntercomConversations/transport';
import type { FaultKind, RouteKey } from '../sandbox';
import { useSandbox } from '../testkit';

const FAST_BACKOFF = { baseMs: 20, capMs: 100 };
/** A fresh token per client: each is its own workspace, with its own limiter and retry budget. */
const tokens = Array.from({ length: 30 }, (_, i) => `retry-test-token-${i}-abcdef`);
let nextToken = 0;

const sandbox = useSandbox({ seed: 10, tokens, rateLimit: false });
afterEach(() => sandbox().clearFaults());

function client(extra: Partial<ConstructorParameters<typeof IntercomClient>[0]> = {}): IntercomClient {
	return new IntercomClient({ baseUrl: sandbox().url, accessToken: tokens[nextToken++], backoff: FAST_BACKOFF, ...extra });
}

const ME = { method: 'GET', path: '/me' } as const;

/** Intercom answers the next `times` requests on `route` with `kind`, sending `Retry-After: retryAfter`. */
function failNext(route: RouteKey, kind: FaultKind, times: number, retryAfter?: string): void {
	if (retryAfter !== undefined) sandbox().setFaults(route, { retryAfter });
	sandbox().failNext(route, kind, times);
}

/**
 * Requests the sandbox receives while `run` runs, and until it has seen no new one for 200 ms
 * (on a loaded machine, a request that timed out on our side may arrive late).
 */
async function countRequests<T>(run: () => Promise<T>): Promise<{ result: T; requests: number }> {
	const before = sandbox().stats.requests;
	const result = await run();
	for (let seen = -1; seen !== sandbox().stats.requests; ) {
		seen = sandbox().stats.requests;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	return { result, requests: sandbox().stats.requests - before };
}

async function failure(promise: Promise<unknown>): Promise<IntercomApiError> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(IntercomApiError);
	return error as IntercomApiError;
}

/**
 * Every request to the workspace fails with a 503: the budget is spent, the workspace pauses, and
 * (with the client's short `maxPauseMs`) the items fail once the pause has lasted that long.
 */
async function broadOutage(c: IntercomClient, items: number): Promise<{ errors: IntercomApiError[]; requests: number }> {
	sandbox().setFaults('GET /me', { status503: 1 });
	const { result, requests } = await countRequests(
		async () => await Promise.all(Array.from({ length: items }, async () => await failure(c.request(ME)))),
	);
	sandbox().clearFaults();
	return { errors: result, requests };
}

describe('Retry-After', () => {
	it('waits as long as a 503 asks, then succeeds', async () => {
		failNext('GET /me', '503', 1, '2');
		const before = sandbox().log.length;
		const me = await client().request<{ type: string }>(ME);
		expect(me.type).toBe('admin');
		const [first, second] = sandbox().log.slice(before);
		expect([first.status, second.status]).toEqual([503, 200]);
		// The backoff alone would have waited at most 100 ms.
		expect(second.at - first.at).toBeGreaterThanOrEqual(1500);
		expect(second.at - first.at).toBeLessThan(15_000);
	});

	it('waits at most 30 s when Intercom asks for an hour, and fails saying what it asked when it asks on every attempt', async () => {
		const conversation = [...sandbox().state.conversations.keys()][0];
		failNext('GET /me', '503', 2, '999999');
		failNext('GET /conversations/{id}', '429', 2, '3600');
		const timedFailure = async (request: Parameters<IntercomClient['request']>[0]) => {
			const started = Date.now();
			const error = await failure(client({ maxAttempts: 2 }).request(request));
			return { error, elapsed: Date.now() - started };
		};
		const { result, requests } = await countRequests(
			async () => await Promise.all([timedFailure(ME), timedFailure({ method: 'GET', path: `/conversations/${conversation}` })]),
		);
		const [unavailable, limited] = result;
		expect(requests).toBe(4);
		expect([unavailable.error.status, limited.error.status]).toEqual([503, 429]);
		expect(unavailable.error.attempts).toBe(2);
		expect(unavailable.error.message).toContain('Intercom asked to wait 999999 s (Retry-After) on every attempt; gave up after 2 attempts');
		expect(limited.error.message).toContain('Intercom asked to wait 3600 s (Retry-After) on every attempt; gave up after 2 attempts');
		// Each waited once, 30 s (in parallel), not an hour.
		for (const { elapsed } of result) {
			expect(elapsed).toBeGreaterThanOrEqual(25_000);
			expect(elapsed).toBeLessThan(50_000);
		}
	}, 90_000);
});

describe('the retry budget and the outage pause', () => {
	it('pauses the workspace under a broad outage instead of failing items: 60 items all close once Intercom is back', async () => {
		const c = client();
		sandbox().setFaults('GET /me', { status503: 1 });
		setTimeout(() => sandbox().clearFaults(), 3_000);
		const started = Date.now();
		const { result, requests } = await countRequests(
			async () => await Promise.all(Array.from({ length: 60 }, async () => await c.request<{ type: string }>(ME))),
		);
		expect(result.every((me) => me.type === 'admin')).toBe(true);
		expect(Date.now() - started).toBeGreaterThanOrEqual(2_500);
		// 60 first attempts, a few retries until 10 failures in a row pause it, a probe every 1–4 s, then the 60 again.
		expect(requests).toBeGreaterThan(60);
		expect(requests).toBeLessThanOrEqual(60 + 100 + 5 + 60);
		expect(c.connection.outage.paused).toBe(false);
	});

	it('gives up after the longest pause, saying how long Intercom has been failing', async () => {
		const { errors, requests } = await broadOutage(client({ maxPauseMs: 1_500 }), 60);
		expect(errors.every((e) => e.status === 503)).toBe(true);
		expect(requests).toBeLessThanOrEqual(60 + 100 + 3);
		const paused = errors.filter((e) => /Intercom has been failing requests of this workspace for over 2 s/.test(e.message));
		expect(paused.length).toBeGreaterThan(0);
		expect(paused[0].message).toContain('last answer: Intercom answered 503');
	});

	it('is per workspace: another workspace still retries during the outage of the first', async () => {
		await broadOutage(client({ maxPauseMs: 1_000 }), 60);
		failNext('GET /me', '503', 1);
		const { result, requests } = await countRequests(async () => await client().request<{ type: string }>(ME));
		expect(result.type).toBe('admin');
		expect(requests).toBe(2);
	});

	it('after the outage: the first success ends the pause, 429s are retried at once, a lone 503 is retried without a pause', async () => {
		const c = client({ maxPauseMs: 6_000 });
		await broadOutage(c, 60);
		expect(c.connection.outage.paused).toBe(true);
		// The next request probes, succeeds, and the pause ends.
		await c.request(ME);
		expect(c.connection.outage.paused).toBe(false);
		// A 429 costs nothing: it waits in the limiter and goes again.
		failNext('GET /me', '429', 1, '0');
		expect((await countRequests(async () => await c.request(ME))).requests).toBe(2);
		// One 503 among successes is retried after a short backoff, without a pause.
		failNext('GET /me', '503', 1);
		const quick = Date.now();
		const retried = await countRequests(async () => await c.request<{ type: string }>(ME));
		expect(retried.requests).toBe(2);
		expect(Date.now() - quick).toBeLessThan(800);
	});

	it('ends the pause when a probe is answered with a 4xx: Intercom is up', async () => {
		const c = client({ maxPauseMs: 6_000 });
		await broadOutage(c, 30);
		expect(c.connection.outage.paused).toBe(true);
		const missing = await failure(c.request({ method: 'GET', path: '/conversations/999999999' }));
		expect(missing.status).toBe(404);
		expect(c.connection.outage.paused).toBe(false);
	});

	it('pauses when 30 items time out at once: Intercom gets about one request per item, not five', async () => {
		const c = client({ timeoutMs: 200, maxPauseMs: 1_000 });
		const admins = { method: 'GET', path: '/admins' } as const;
		await c.request(admins); // the limiter learns that there is no announced limit, and sends concurrently
		sandbox().failNext('GET /admins', 'timeout', 30 * 5);
		const { result: errors, requests } = await countRequests(
			async () => await Promise.all(Array.from({ length: 30 }, async () => await failure(c.request(admins)))),
		);
		expect(errors.every((e) => e.status === undefined)).toBe(true);
		expect(errors.some((e) => /Intercom has been failing requests of this workspace/.test(e.message))).toBe(true);
		// 10 failures in a row pause the workspace: the 30 first attempts, a few retries, a probe or two.
		expect(requests).toBeGreaterThanOrEqual(30);
		expect(requests).toBeLessThanOrEqual(50);
	});
});

describe('cancelling the execution', () => {
	it.each([
		['a 503 Retry-After wait', '503'],
		['a 429 hold in the limiter', '429'],
	] as const)('ends %s at once', async (_, kind) => {
		failNext('GET /me', kind, 1, '20');
		const controller = new AbortController();
		const started = Date.now();
		setTimeout(() => controller.abort(), 300);
		const { result: error, requests } = await countRequests(
			async () => await client({ signal: controller.signal }).request(ME).catch((e: unknown) => e),
		);
		expect((error as Error).name).toBe('CancelledError');
		expect(requests).toBe(1);
		expect(Date.now() - started).toBeLessThan(5000);
	});
});
