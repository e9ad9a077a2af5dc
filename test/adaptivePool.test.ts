import type { SandboxOptions } from '../sandbox';
import { splitErrorOutput, useNodeSandbox } from '../testkit';

/**
 * The rate limit is the only brake by default: with Intercom-like latency the node keeps as many
 * requests in flight as the limit allows (Little's law), and an explicit Concurrency still caps
 * them. Each test has a sandbox of its own, so a fresh workspace connection and pace.
 */
const kit = useNodeSandbox({ fresh: true });

async function closeAll(options: SandboxOptions, count: number, extra: Record<string, unknown> = {}) {
	const sb = await kit.start({ seed: count * 2 + 50, ...options });
	const ids = kit.notClosed(count);
	const started = Date.now();
	const output = await kit.closeEach(ids, extra);
	const seconds = (Date.now() - started) / 1000;
	const closes = sb.log.filter((entry) => entry.route === 'POST /conversations/{id}/parts');
	return { output, ids, seconds, sb, closes, accepted: closes.filter((e) => e.status === 200).length };
}

describe('adaptive concurrency', () => {
	it('reaches the rate limit at 300 ms latency with the default options, without a 429 storm', async () => {
		// 60 per 1-second window at 300 ms: 10 in flight (the old fixed pool) could do 33/s at most.
		const { output, ids, seconds, sb, closes } = await closeAll(
			{ rateLimit: { limit: 60, windowMs: 1_000 }, latencyMs: 300 },
			360,
		);
		const { success, errors } = splitErrorOutput(output);
		expect(errors).toHaveLength(0);
		expect(success.map((item) => item.json.id)).toEqual(ids);
		for (const id of ids) expect(sb.state.conversations.get(id)?.state).toBe('closed');
		const perSecond = ids.length / seconds;
		console.log(`300 ms latency, 60/s limit: ${ids.length} closes in ${seconds.toFixed(1)} s = ${perSecond.toFixed(1)}/s, at most ${sb.stats.maxInFlight} in flight, ${sb.stats.rateLimited} × 429`);
		expect(sb.stats.maxInFlight).toBeGreaterThan(10);
		// Generous bounds: the limit is 60/s; 33/s is what ten requests in flight could do.
		expect(perSecond).toBeGreaterThan(40);
		expect(sb.stats.rateLimited).toBeLessThan(closes.length * 0.05);
	});

	it('never has more requests in flight than an explicit Concurrency', async () => {
		const { output, sb } = await closeAll({ rateLimit: { limit: 200, windowMs: 1_000 }, latencyMs: 100 }, 60, {
			options: { concurrency: 4 },
		});
		expect(splitErrorOutput(output).errors).toHaveLength(0);
		expect(sb.stats.maxInFlight).toBeLessThanOrEqual(4);
		expect(sb.stats.maxInFlight).toBeGreaterThanOrEqual(2);
	});

	it('keeps the in-flight count bounded and loses nothing when Intercom slows down tenfold mid-run', async () => {
		const started = Date.now();
		const sb = await kit.start({ seed: 700, rateLimit: { limit: 100, windowMs: 1_000 }, latencyMs: 50 });
		const ids = kit.notClosed(300);
		setTimeout(() => sb.setLatency(500), 1_000);
		const output = await kit.closeEach(ids);
		console.log(`latency step 50 → 500 ms: ${ids.length} closes in ${((Date.now() - started) / 1000).toFixed(1)} s, at most ${sb.stats.maxInFlight} in flight, ${sb.stats.rateLimited} × 429`);
		expect(splitErrorOutput(output).errors).toHaveLength(0);
		for (const id of ids) expect(sb.writesFor(id)).toBe(1);
		// 100/s × 0.5 s × 1.5 + 2 ≈ 77: bounded by the pace's own rule, far from the 256 ceiling.
		expect(sb.stats.maxInFlight).toBeLessThanOrEqual(120);
	});
});
