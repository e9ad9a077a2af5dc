/**
 * Workflow and credential JSON for the real-n8n scenario: a manual trigger, the conversation IDs
 * as items (Set in raw mode, then Split Out), and one closing node, the one measured.
 */
import { nodeCredentials } from '../../testkit/credentials';

export const MEASURED_NODE = 'Close';
const NODE_TYPE = 'n8n-nodes-intercom-conversations.intercomConversations';

export interface N8nTarget {
	url: string;
	token: string;
	adminId: string;
}

/** HTTP Request node settings as users set them (names from n8n 2.8.4's HttpRequest V3). */
export interface HttpRequestSettings {
	/** `options.batching.batch`: items per batch and ms between batches; undefined: no batching. */
	batching?: { batchSize: number; batchInterval: number };
	/** Node settings "Retry On Fail": n8n caps tries at 5 and the wait at 5,000 ms. */
	retryOnFail?: { maxTries: number; waitBetweenTries: number };
}

let nodeCounter = 0;
const node = (name: string, type: string, typeVersion: number, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
	id: `5c0e7a10-0000-4000-8000-${String(++nodeCounter).padStart(12, '0')}`,
	name,
	type,
	typeVersion,
	position: [nodeCounter * 220, 0],
	parameters,
	...extra,
});

function workflow(id: string, ids: string[], measured: ReturnType<typeof node>) {
	const chain = [
		node('Start', 'n8n-nodes-base.manualTrigger', 1, {}),
		node('Input', 'n8n-nodes-base.set', 3.4, {
			mode: 'raw',
			jsonOutput: JSON.stringify({ rows: ids.map((conversation_id) => ({ conversation_id })) }),
			options: {},
		}),
		node('Rows', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'rows', options: {} }),
		measured,
	];
	const connections = Object.fromEntries(
		chain.slice(0, -1).map((from, i) => [from.name, { main: [[{ node: chain[i + 1].name, type: 'main', index: 0 }]] }]),
	);
	return { id, name: `bench ${id}`, active: false, nodes: chain, connections, settings: { executionOrder: 'v1' } };
}

export const credentialId = (key: string) => `benchCred${key}`.slice(0, 16).padEnd(16, '0');

/** This package's credential pointing at the sandbox. */
export function intercomCredential(key: string, target: N8nTarget) {
	return {
		id: credentialId(key),
		name: `Bench ${key}`,
		type: 'intercomConversationsApi',
		data: { ...nodeCredentials(target), clientSecret: 'bench-client-secret' },
	};
}

/** This node closing every conversation, at its defaults (no options set). */
export function oursWorkflow(id: string, key: string, target: N8nTarget, ids: string[]) {
	return workflow(
		id,
		ids,
		node(MEASURED_NODE, NODE_TYPE, 1, {
			resource: 'conversation',
			operation: 'close',
			conversationId: { __rl: true, mode: 'id', value: '={{ $json.conversation_id }}' },
			adminId: target.adminId,
			body: '',
		}, { credentials: { intercomConversationsApi: { id: credentialId(key), name: `Bench ${key}` } } }),
	);
}

/** n8n's HTTP Request node POSTing the same close (`/conversations/{id}/parts`) per item. */
export function httpRequestWorkflow(id: string, target: N8nTarget, ids: string[], settings: HttpRequestSettings) {
	const options = settings.batching ? { batching: { batch: settings.batching } } : {};
	const retry = settings.retryOnFail ? { retryOnFail: true, ...settings.retryOnFail } : {};
	return workflow(
		id,
		ids,
		node(MEASURED_NODE, 'n8n-nodes-base.httpRequest', 4.2, {
			method: 'POST',
			url: `=${target.url}/conversations/{{ $json.conversation_id }}/parts`,
			authentication: 'none',
			sendHeaders: true,
			specifyHeaders: 'keypair',
			headerParameters: {
				parameters: [
					{ name: 'Authorization', value: `Bearer ${target.token}` },
					{ name: 'Intercom-Version', value: '2.16' },
					{ name: 'Accept', value: 'application/json' },
				],
			},
			sendBody: true,
			contentType: 'json',
			specifyBody: 'json',
			jsonBody: JSON.stringify({ message_type: 'close', type: 'admin', admin_id: target.adminId }),
			options,
		}, retry),
	);
}
