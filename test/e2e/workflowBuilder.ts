/** Builds n8n workflow JSON for the end-to-end tests (what users' saved workflows hold). */

export const NODE_TYPE = 'n8n-nodes-intercom-conversations.intercomConversations';
export const TRIGGER_TYPE = 'n8n-nodes-intercom-conversations.intercomConversationsTrigger';
export const CREDENTIAL_REF = { intercomConversationsApi: { id: 'sandboxCred000001', name: 'Intercom sandbox' } };

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	onError?: string;
	webhookId?: string;
}

type Connections = Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }>;

export interface Workflow {
	id: string;
	name: string;
	active: boolean;
	nodes: WorkflowNode[];
	connections: Connections;
	settings: Record<string, unknown>;
}

let counter = 0;
const uuid = () => `9b1d2c1e-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

export function node(name: string, type: string, typeVersion: number, parameters: Record<string, unknown>, extra: Partial<WorkflowNode> = {}): WorkflowNode {
	return { id: uuid(), name, type, typeVersion, position: [counter * 220, 0], parameters, ...extra };
}

export const manualTrigger = () => node('Start', 'n8n-nodes-base.manualTrigger', 1, {});

/** One item per element of `values`, each `{ [field]: value }` (Set in raw mode, then Split Out). */
export function itemsOf(field: string, values: unknown[]): WorkflowNode[] {
	return [
		node('Input', 'n8n-nodes-base.set', 3.4, {
			mode: 'raw',
			jsonOutput: JSON.stringify({ rows: values.map((value) => ({ [field]: value })) }),
			options: {},
		}),
		node('Rows', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'rows', options: {} }),
	];
}

export function intercom(name: string, parameters: Record<string, unknown>, extra: Partial<WorkflowNode> = {}): WorkflowNode {
	return node(name, NODE_TYPE, 1, parameters, { credentials: CREDENTIAL_REF, ...extra });
}

/**
 * A workflow whose `chain` nodes run one after the other; `links` adds other connections
 * ([from, output, to]) to `chain` or `others` nodes.
 */
export function workflow(
	id: string,
	name: string,
	chain: WorkflowNode[],
	links: Array<[string, number, string]> = [],
	others: WorkflowNode[] = [],
): Workflow {
	if (id.length > 21) throw new Error(`workflow id ${id} is longer than 21 characters`);
	const connections: Connections = {};
	const connect = (from: string, output: number, to: string) => {
		connections[from] ??= { main: [] };
		while (connections[from].main.length <= output) connections[from].main.push([]);
		connections[from].main[output].push({ node: to, type: 'main', index: 0 });
	};
	chain.slice(1).forEach((n, i) => connect(chain[i].name, 0, n.name));
	links.forEach(([from, output, to]) => connect(from, output, to));
	return { id, name, active: false, nodes: [...chain, ...others], connections, settings: { executionOrder: 'v1' } };
}

export const byId = (expression: string) => ({ __rl: true, mode: 'id', value: expression });
