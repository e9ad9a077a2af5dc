import axios from 'axios';
import { bodyOf, pathOf, sleep, type Approach } from './types';

/**
 * (c) n8n's HTTP Request node with its Batching option and Retry On Fail, as n8n runs them
 * (reference: n8n.md §5):
 * - HttpRequestV3: before item i (i > 0, i % batchSize === 0) it sleeps `batchInterval`; every
 *   request is started without waiting for the previous ones (so a batch runs concurrently), then
 *   `Promise.allSettled` over all of them; the first rejected one throws (no "Continue On Fail").
 * - Retry On Fail (workflow-execute `getRetryParams`): the whole node runs again with all its
 *   input items, up to `maxTries` (≤ 5) times, `waitBetweenTries` (≤ 5 s) apart.
 * Requests reject on any non-2xx answer, as n8n's default "Never Error: off" does.
 */
export const BATCH_SIZE = 50;
export const BATCH_INTERVAL_MS = 1_000;
export const MAX_TRIES = 5;
export const WAIT_BETWEEN_TRIES_MS = 5_000;

export const n8nHttpBatching: Approach = {
	key: 'n8nBatch',
	label: 'n8n HTTP Request (batch 50/1 s, Retry On Fail 5×5 s)',
	async run(target, ops) {
		const http = axios.create({
			baseURL: target.url,
			headers: { Authorization: `Bearer ${target.token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
		});
		let failed = 0;
		let tries = 0;
		while (tries < MAX_TRIES) {
			tries++;
			const requests: Array<Promise<unknown>> = [];
			for (let i = 0; i < ops.length; i++) {
				if (i > 0 && i % BATCH_SIZE === 0) await sleep(BATCH_INTERVAL_MS);
				const request = http.post(pathOf(ops[i]), bodyOf(ops[i], target.adminId));
				// Settled later by allSettled; a rejection during the batch sleep must not count as unhandled.
				request.catch(() => undefined);
				requests.push(request);
			}
			const settled = await Promise.allSettled(requests);
			failed = settled.filter((s) => s.status === 'rejected').length;
			if (failed === 0) break;
			if (tries < MAX_TRIES) await sleep(WAIT_BETWEEN_TRIES_MS);
		}
		return {
			failed,
			note:
				failed > 0
					? `node failed after ${tries} tries: the execution stops, no item reaches the next node`
					: `${tries} ${tries === 1 ? 'try' : 'tries'}`,
		};
	},
};
