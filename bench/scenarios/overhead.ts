import axios from 'axios';
import Bottleneck from 'bottleneck';
import http from 'node:http';
import https from 'node:https';
import { IntercomClient } from '../../nodes/IntercomConversations/transport';
import { runInChild } from '../lib/childJob';
import { lanes } from '../lib/lanes';
import type { BenchSizes } from '../lib/config';
import { runNodeOperation, type Target } from '../lib/nodeRunner';
import { check, type ScenarioResult } from '../lib/types';
import { Workspace } from '../lib/workspace';

export const OVERHEAD_TARGET = 1.15;
const CONCURRENCY = 10;
type Variant = 'axios' | 'bottleneck' | 'transport' | 'node';
const VARIANTS: Variant[] = ['axios', 'bottleneck', 'transport', 'node'];
const LABELS: Record<Variant, string> = {
	axios: 'plain axios (same agent settings)',
	bottleneck: 'axios inside a bare Bottleneck (diagnostic)',
	transport: 'our transport (IntercomClient.request)',
	node: 'whole node execute() (reference)',
};

export interface OverheadJob {
	kind: 'overhead';
	target: Target;
	ids: string[];
	requests: number;
	rounds: number;
}

export interface VariantStats {
	variant: Variant;
	requests: number;
	cpuMicros: number;
	wallMs: number;
	/** CPU µs per request of each measured round. */
	perRound: number[];
}

export interface OverheadResult {
	variants: VariantStats[];
}

declare const gc: (() => void) | undefined;

/**
 * In a fresh process, with the sandbox in another one: the same close requests (POST
 * /conversations/{id}/parts, no closing message: the node's most common write) sent
 * `requests` times per round with at most 10 in flight, by
 * - axios with the transport's keep-alive agent settings,
 * - the same axios calls inside a bare Bottleneck (what the in-process limiter was built on until the
 *   benchmark showed its cost; the Redis-shared limiter still uses it),
 *   to tell the limiter's share of the overhead from the rest,
 * - our transport (IntercomClient.request: limiter, retry wrapper, error mapping),
 * - the whole node (execute(): parameters, validation, router, transport) for reference.
 * Rounds alternate the variants' order (ABC, CBA, …) so warm-up and drift hit all alike;
 * CPU is process.cpuUsage() (user + system) around each round, after a forced GC.
 */
export async function overheadJob(job: OverheadJob): Promise<OverheadResult> {
	const { target, ids, requests } = job;
	const body = { message_type: 'close', type: 'admin', admin_id: target.adminId };
	const path = (i: number) => `/conversations/${ids[i % ids.length]}/parts`;
	const indices = Array.from({ length: requests }, (_, i) => i);

	const plain = axios.create({
		baseURL: target.url,
		headers: {
			Authorization: `Bearer ${target.token}`,
			Accept: 'application/json',
			'Content-Type': 'application/json',
			'Intercom-Version': '2.16',
		},
		httpAgent: new http.Agent({ keepAlive: true, maxSockets: 64 }),
		httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 64 }),
	});
	const client = new IntercomClient({ baseUrl: target.url, accessToken: target.token });
	// As the transport's limiter runs against a server that sends no rate-limit headers.
	const bottleneck = new Bottleneck({ reservoir: null });

	const runs: Record<Variant, () => Promise<void>> = {
		axios: () => lanes(indices, CONCURRENCY, async (i) => void (await plain.post(path(i), body))),
		bottleneck: () =>
			lanes(indices, CONCURRENCY, async (i) => void (await bottleneck.schedule({ priority: 5 }, () => plain.post(path(i), body)))),
		transport: () =>
			lanes(indices, CONCURRENCY, async (i) => void (await client.request({ method: 'POST', path: path(i), body, retry: 'idempotent' }))),
		node: async () => {
			const run = await runNodeOperation(target, 'close', indices.map((i) => ({ conversation_id: ids[i % ids.length] })));
			if (run.failed) throw new Error(`${run.failed} items failed in the overhead run`);
		},
	};

	const stats = new Map<Variant, VariantStats>(
		VARIANTS.map((variant) => [variant, { variant, requests: 0, cpuMicros: 0, wallMs: 0, perRound: [] }]),
	);
	for (const variant of VARIANTS) await runs[variant](); // warm-up: JIT, sockets, limiter mode
	for (let round = 0; round < job.rounds; round++) {
		const order = round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
		for (const variant of order) {
			if (typeof gc === 'function') gc();
			const cpu = process.cpuUsage();
			const start = process.hrtime.bigint();
			await runs[variant]();
			const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
			const used = process.cpuUsage(cpu);
			const entry = stats.get(variant) as VariantStats;
			entry.requests += requests;
			entry.cpuMicros += used.user + used.system;
			entry.wallMs += wallMs;
			entry.perRound.push((used.user + used.system) / requests);
		}
	}
	return { variants: [...stats.values()] };
}

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Scenario 3: CPU per request, ours vs axios, no latency, no limit. */
export async function overhead(sizes: BenchSizes): Promise<ScenarioResult> {
	const workspace = await Workspace.start({ conversations: 1_000, rateLimit: false, latencyMs: 0, tokens: 1, name: 'overhead' });
	let result: OverheadResult;
	try {
		result = await runInChild({
			kind: 'overhead',
			target: workspace.target(),
			ids: workspace.take(1_000),
			requests: sizes.overheadRequests,
			rounds: sizes.overheadRounds,
		});
	} finally {
		await workspace.close();
	}
	const by = (variant: Variant) => result.variants.find((v) => v.variant === variant) as VariantStats;
	const perRequest = (v: VariantStats) => v.cpuMicros / v.requests;
	const axiosCpu = perRequest(by('axios'));
	const ratio = perRequest(by('transport')) / axiosCpu;
	const bottleneckRatio = perRequest(by('bottleneck')) / axiosCpu;
	const why =
		`a bare Bottleneck around the same axios calls costs ${bottleneckRatio.toFixed(2)}× axios by itself ` +
		`(+${(perRequest(by('bottleneck')) - axiosCpu).toFixed(0)} µs of the transport's +${(perRequest(by('transport')) - axiosCpu).toFixed(0)} µs per request)`;
	const medianRatio = median(by('transport').perRound) / median(by('axios').perRound);
	const id = '3';
	return {
		id,
		title: 'Overhead',
		conditions: `${sizes.overheadRounds} rounds × ${sizes.overheadRequests} close requests per variant (after a warm-up round), concurrency ${CONCURRENCY}, keep-alive agent (maxSockets 64), no latency, no limit; client in a fresh process, sandbox in another`,
		checks: [
			check(id, 'CPU per request, ours ÷ axios', `${ratio.toFixed(3)}× (median of rounds ${medianRatio.toFixed(3)}×)`, `≤ ${OVERHEAD_TARGET}×`, ratio <= OVERHEAD_TARGET,
				why),
		],
		tables: [
			{
				title: 'Scenario 3: CPU per request (client process only)',
				header: ['variant', 'requests', 'CPU µs / request', 'median of rounds (µs)', '× axios', 'wall req/s'],
				rows: result.variants.map((v) => [
					LABELS[v.variant],
					String(v.requests),
					perRequest(v).toFixed(1),
					median(v.perRound).toFixed(1),
					`${(perRequest(v) / axiosCpu).toFixed(3)}×`,
					(v.requests / (v.wallMs / 1000)).toFixed(0),
				]),
			},
		],
		notes: [
			'The target compares the transport with axios. The Bottleneck row is a diagnostic: Bottleneck\'s in-memory store, which the in-process limiter used before this benchmark showed its cost (the Redis-shared limiter still uses Bottleneck); the whole-node row adds parameter reading, validation and output items.',
		],
		data: { ...result, ratio, medianRatio, bottleneckRatio },
	};
}
