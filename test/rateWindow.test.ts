import type { Sandbox, SandboxOptions } from '../sandbox';
import { splitErrorOutput, useNodeSandbox } from '../testkit';

/**
 * The rate window over real HTTP when Intercom's clock and ours disagree, and when a gateway
 * sends broken rate-limit headers: every close still goes through, in bounded time, without a
 * 429 storm. Each test has a sandbox (and so a workspace connection) of its own.
 */
const kit = useNodeSandbox({ fresh: true });

async function closeMany(options: SandboxOptions, count: number, prepare?: (sb: Sandbox) => void) {
	const sb = await kit.start({ seed: count * 2 + 40, ...options });
	prepare?.(sb);
	const ids = kit.notClosed(count);
	const started = Date.now();
	const output = await kit.closeEach(ids);
	const { success, errors } = splitErrorOutput(output);
	const closes = sb.log.filter((entry) => entry.route === 'POST /conversations/{id}/parts').length;
	return { success, errors, ids, sb, seconds: (Date.now() - started) / 1000, closes, rateLimited: sb.stats.rateLimited };
}

describe('a skewed clock', () => {
	for (const skewMs of [15_000, -15_000]) {
		it(`closes 50 conversations at 20 per second with n8n's clock ${skewMs > 0 ? 'ahead of' : 'behind'} Intercom's by 15 s`, async () => {
			// The sandbox's clock is Intercom's: n8n ahead by 15 s = Intercom behind by 15 s.
			const run = await closeMany({ rateLimit: { limit: 20, windowMs: 1_000 }, clockOffsetMs: -skewMs }, 50);
			expect(run.errors).toHaveLength(0);
			expect(run.success).toHaveLength(50);
			for (const id of run.ids) expect(run.sb.state.conversations.get(id)?.state).toBe('closed');
			expect(run.seconds).toBeLessThan(20);
			expect(run.rateLimited).toBeLessThanOrEqual(Math.ceil(run.closes * 0.05));
		});
	}

	for (const skewMs of [5_000, -5_000]) {
		it(`draws almost no 429 with n8n's clock ${skewMs > 0 ? 'ahead of' : 'behind'} Intercom's by 5 s`, async () => {
			const run = await closeMany({ rateLimit: { limit: 50, windowMs: 1_000 }, clockOffsetMs: -skewMs }, 250);
			expect(run.errors).toHaveLength(0);
			console.log(`clock ${skewMs > 0 ? 'ahead' : 'behind'} 5 s: ${run.closes} closes, ${run.rateLimited} × 429 (${((100 * run.rateLimited) / run.closes).toFixed(1)} %), ${run.seconds.toFixed(1)} s`);
			expect(run.rateLimited / run.closes).toBeLessThan(0.02);
		});
	}
});

describe('broken rate-limit headers', () => {
	it('keeps going when every answer says nothing remains and names a reset 15 s in the past', async () => {
		const run = await closeMany({ rateLimit: { limit: 1_000, windowMs: 1_000 } }, 30, (sb) =>
			sb.setRateHeaders((headers, { nowMs }) => ({
				...headers,
				'X-RateLimit-Remaining': '0',
				'X-RateLimit-Reset': String(Math.floor(nowMs / 10_000) * 10 - 15),
			})),
		);
		expect(run.errors).toHaveLength(0);
		expect(run.success).toHaveLength(30);
		expect(run.seconds).toBeLessThan(40);
	});

	it('keeps going when a gateway announces a limit of 0', async () => {
		const run = await closeMany({ rateLimit: { limit: 1_000, windowMs: 1_000 } }, 10, (sb) =>
			sb.setRateHeaders((headers) => ({ ...headers, 'X-RateLimit-Limit': '0', 'X-RateLimit-Remaining': '0' })),
		);
		expect(run.errors).toHaveLength(0);
		expect(run.success).toHaveLength(10);
		expect(run.seconds).toBeLessThan(30);
	});

	it('waits at most 30 s (then probes) when nothing remains until a reset an hour ahead', async () => {
		// Two requests: the admin check, then the close, held 30 s, not an hour.
		const run = await closeMany({ rateLimit: { limit: 1_000, windowMs: 1_000 } }, 1, (sb) =>
			sb.setRateHeaders((headers, { nowMs }) => ({
				...headers,
				'X-RateLimit-Remaining': '0',
				'X-RateLimit-Reset': String(Math.ceil(nowMs / 1000) + 3_600),
			})),
		);
		expect(run.errors).toHaveLength(0);
		expect(run.success).toHaveLength(1);
		expect(run.seconds).toBeGreaterThan(25);
		expect(run.seconds).toBeLessThan(50);
	}, 90_000);
});
