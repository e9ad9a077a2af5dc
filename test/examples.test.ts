import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { IDataObject, INodeExecutionData, INodeProperties, INodeType } from 'n8n-workflow';
import { IntercomConversations } from '../nodes/IntercomConversations/IntercomConversations.node';
import { IntercomConversationsTrigger } from '../nodes/IntercomConversationsTrigger/IntercomConversationsTrigger.node';
import { splitErrorOutput, useNodeSandbox, type ParameterValue } from '../testkit';

/** The example workflows in examples/: well-formed, using only parameters our nodes declare, and doing what they say. */

const EXAMPLES_DIR = path.resolve(__dirname, '..', 'examples');
const NODE_TYPE = 'n8n-nodes-intercom-conversations.intercomConversations';
const TRIGGER_TYPE = 'n8n-nodes-intercom-conversations.intercomConversationsTrigger';
const CREDENTIAL_REF = { intercomConversationsApi: { id: 'sandboxCred000001', name: 'Intercom sandbox' } };
/** Core nodes the examples may use, at versions n8n 2.8.4 has. */
const CORE_VERSIONS: Record<string, number[]> = {
	'n8n-nodes-base.manualTrigger': [1],
	'n8n-nodes-base.set': [3.4],
	'n8n-nodes-base.code': [2],
	'n8n-nodes-base.splitInBatches': [3],
	'n8n-nodes-base.aggregate': [1],
	'n8n-nodes-base.splitOut': [1],
	'n8n-nodes-base.noOp': [1],
	'n8n-nodes-base.scheduleTrigger': [1.2],
	'n8n-nodes-base.convertToFile': [1],
};

interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	parameters: IDataObject;
	credentials?: IDataObject;
	onError?: string;
}
interface Workflow {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }>;
}

const files = readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json'));
const load = (file: string) => JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as Workflow;
const byName = (name: string) => {
	const found = files.map(load).find((w) => w.name === name);
	if (!found) throw new Error(`no example named "${name}"`);
	return found;
};
const nodeOf = (workflow: Workflow, name: string) => {
	const found = workflow.nodes.find((n) => n.name === name);
	if (!found) throw new Error(`no node "${name}" in "${workflow.name}"`);
	return found;
};

const isExpression = (value: unknown) => typeof value === 'string' && value.startsWith('=');
const shown = (property: INodeProperties, values: IDataObject) =>
	Object.entries(property.displayOptions?.show ?? {}).every(([key, allowed]) =>
		(allowed as unknown[]).includes(values[key]),
	);

/** Problems with one value against its property (options exist, collections hold declared fields, locator modes exist). */
function valueProblems(property: INodeProperties, value: unknown, where: string): string[] {
	if (isExpression(value)) return [];
	const optionValues = (property.options ?? []).map((o) => (o as { value?: unknown }).value);
	switch (property.type) {
		case 'options':
			return optionValues.includes(value) || property.typeOptions?.loadOptionsMethod ? [] : [`${where}: ${JSON.stringify(value)} is not an option`];
		case 'multiOptions':
			return (Array.isArray(value) ? value : [value]).filter((v) => !optionValues.includes(v)).map((v) => `${where}: ${JSON.stringify(v)} is not an option`);
		case 'collection':
			return Object.entries((value ?? {}) as IDataObject).flatMap(([key, sub]) => {
				const option = (property.options as INodeProperties[]).find((o) => o.name === key);
				return option ? valueProblems(option, sub, `${where}.${key}`) : [`${where}.${key} is not declared`];
			});
		case 'resourceLocator': {
			const mode = (value as { mode?: string })?.mode;
			return property.modes?.some((m) => m.name === mode) ? [] : [`${where}: mode ${JSON.stringify(mode)} does not exist`];
		}
		case 'boolean':
			return typeof value === 'boolean' ? [] : [`${where}: not a boolean`];
		case 'number':
			return typeof value === 'number' ? [] : [`${where}: not a number`];
		default:
			return [];
	}
}

/** Every parameter is declared and shown for the node's resource and operation, and every required one is set. */
function parameterProblems(nodeType: INodeType, parameters: IDataObject): string[] {
	const properties = nodeType.description.properties;
	const values: IDataObject = { ...parameters };
	for (const p of properties) if (values[p.name] === undefined && shown(p, values)) values[p.name] = p.default as IDataObject[string];
	const problems = Object.entries(parameters).flatMap(([name, value]) => {
		const property = properties.find((p) => p.name === name && shown(p, values));
		return property ? valueProblems(property, value, name) : [`${name} is not a parameter of this resource and operation`];
	});
	for (const p of properties) {
		if (p.required && shown(p, values) && p.type !== 'notice') {
			const value = values[p.name] as unknown;
			const empty = value === '' || value === undefined || (typeof value === 'object' && value !== null && (value as { value?: unknown }).value === '');
			if (empty) problems.push(`${p.name} is required`);
		}
	}
	return problems;
}

/** Example parameters as the harness takes them: `={{ $json.a.b }}` becomes a function of the item. */
function runnable(value: unknown): ParameterValue {
	if (typeof value === 'string' && value.startsWith('=')) {
		const match = /^=\{\{\s*\$json\.([\w.]+)\s*\}\}$/.exec(value);
		if (!match) throw new Error(`expression ${value} is not supported by this test`);
		return (item: IDataObject) => match[1].split('.').reduce<unknown>((v, k) => (v as IDataObject | undefined)?.[k], item);
	}
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		const { __rl: _rl, ...rest } = value as IDataObject;
		return Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, runnable(v)]));
	}
	return value;
}
const runnableParameters = (node: WorkflowNode) =>
	Object.fromEntries(Object.entries(node.parameters).map(([k, v]) => [k, runnable(v)])) as Record<string, ParameterValue>;

describe('Example workflows: well-formed and importable', () => {
	it('has the five documented examples', () => {
		expect(files.map(load).map((w) => w.name).sort()).toEqual([
			'Bulk close from a list',
			'Close stale conversations',
			'Stripe payment failed → Intercom conversation',
			'Unassign on close',
			'Weekly closed-conversation report',
		]);
	});

	it.each(files)('%s', (file) => {
		const workflow = load(file);
		expect(workflow.id).toMatch(/^[A-Za-z0-9]{1,21}$/);
		const names = workflow.nodes.map((n) => n.name);
		expect(new Set(names).size).toBe(names.length);
		expect(new Set(workflow.nodes.map((n) => n.id)).size).toBe(names.length);
		for (const [from, { main }] of Object.entries(workflow.connections)) {
			expect(names).toContain(from);
			for (const target of main.flat()) expect(names).toContain(target.node);
		}
		const starts = workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.manualTrigger' || n.type === TRIGGER_TYPE);
		expect(starts).toHaveLength(1);

		const problems: string[] = [];
		for (const node of workflow.nodes) {
			if (node.type === NODE_TYPE || node.type === TRIGGER_TYPE) {
				expect(node.typeVersion).toBe(1);
				expect(node.credentials).toEqual(CREDENTIAL_REF);
				const nodeType = node.type === NODE_TYPE ? new IntercomConversations() : new IntercomConversationsTrigger();
				problems.push(...parameterProblems(nodeType, node.parameters).map((p) => `${node.name}: ${p}`));
			} else {
				expect(CORE_VERSIONS[node.type]).toContain(node.typeVersion);
			}
			// A node sending errors to its error output must have that output connected.
			if (node.onError === 'continueErrorOutput') expect(workflow.connections[node.name]?.main[1]?.length).toBeGreaterThan(0);
		}
		expect(problems).toEqual([]);
	});
});

describe('Example workflows: their Intercom steps against the sandbox', () => {
	const nodeType = new IntercomConversations();
	const kit = useNodeSandbox({ seed: 300 });
	const { sandbox } = kit;
	const run = (node: WorkflowNode, items: IDataObject[]) =>
		kit.run({
			parameters: runnableParameters(node),
			items,
			onError: node.onError as 'continueErrorOutput' | undefined,
		});
	const all = () => [...sandbox.state.conversations.values()];

	it('"Close stale conversations" finds exactly the open ones silent for 7 days and closes them with the sign-off', async () => {
		const workflow = byName('Close stale conversations');
		const now = Math.floor(Date.now() / 1000);
		const stale = all().filter(
			(c) => c.state === 'open' && c.waiting_since === null && (c.statistics.last_contact_reply_at ?? Infinity) < now - 7 * 86_400 - 5,
		);
		const borderline = (c: (typeof stale)[number]) => Math.abs((c.statistics.last_contact_reply_at ?? 0) - (now - 7 * 86_400)) <= 5;
		const found = await run(nodeOf(workflow, 'Find stale conversations'), [{}]);
		const foundIds = found.map((i) => String(i.json.id)).filter((id) => !borderline(sandbox.state.conversations.get(id)!));
		expect(stale.length).toBeGreaterThan(5);
		expect(foundIds.sort()).toEqual(stale.map((c) => c.id).sort());

		const closer = nodeOf(workflow, 'Close with sign-off');
		const closed = await run(closer, found.map((i) => i.json));
		const { success, errors } = splitErrorOutput(closed);
		expect(errors).toEqual([]);
		expect(success).toHaveLength(found.length);
		for (const item of found) {
			const conversation = sandbox.state.conversations.get(String(item.json.id))!;
			expect(conversation.state).toBe('closed');
			expect(conversation.parts.at(-1)?.body).toContain("we're closing this conversation");
		}
		// Run again: nothing is stale any more.
		expect(await run(nodeOf(workflow, 'Find stale conversations'), [{}])).toEqual([]);
	});

	it('"Bulk close from a list" closes URLs and bare IDs and reports the rest in one item', async () => {
		const workflow = byName('Bulk close from a list');
		const open = all().filter((c) => c.state === 'open').slice(0, 3);
		const appId = sandbox.state.app.id_code;
		const rows = [
			{ conversation: `https://app.intercom.com/a/inbox/${appId}/inbox/conversation/${open[0].id}` },
			{ conversation: `https://app.eu.intercom.com/a/inbox/${appId}/inbox/shared/all/conversation/${open[1].id}#part_id=comment-1` },
			{ conversation: open[2].id },
			{ conversation: 'not a conversation' },
			{ conversation: '999999999' },
		];
		const output = await run(nodeOf(workflow, 'Close each'), rows);
		const { success, errors } = splitErrorOutput(output);
		expect(success.map((i) => i.json.id)).toEqual(open.map((c) => c.id));
		for (const c of open) expect(sandbox.state.conversations.get(c.id)?.state).toBe('closed');
		expect(errors.map((i) => (i.pairedItem as { item: number }).item)).toEqual([3, 4]);

		const report = runCode(nodeOf(workflow, 'Failure report').parameters.jsCode as string, errors, (i) => ({
			json: rows[(errors[i].pairedItem as { item: number }).item],
		}));
		expect(report).toHaveLength(1);
		expect(report[0].json.failed).toBe(2);
		const failures = report[0].json.failures as IDataObject[];
		expect(failures.map((f) => f.conversation)).toEqual(['not a conversation', '999999999']);
		expect(String(failures[0].error)).toContain('is not an Intercom conversation URL');
		expect(String(failures[1].error)).toMatch(/404.*not_found/);
	});

	it('"Bulk close from a list" ships a list the Close step reads (URLs and IDs; the bad line is refused)', async () => {
		const workflow = byName('Bulk close from a list');
		const list = runCode(nodeOf(workflow, 'Conversation list').parameters.jsCode as string, [], () => ({ json: {} }));
		expect(list.length).toBeGreaterThanOrEqual(3);
		expect(list.every((i) => typeof i.json.conversation === 'string')).toBe(true);
	});

	it('"Stripe payment failed" makes one contact per Stripe customer, also when the event comes again, and opens a conversation from it', async () => {
		const workflow = byName('Stripe payment failed → Intercom conversation');
		const events = runCode(nodeOf(workflow, 'Stripe events').parameters.jsCode as string, [], () => ({ json: {} })).map((i) => i.json);
		expect(events.length).toBeGreaterThanOrEqual(2);
		const upsert = nodeOf(workflow, 'Create or update the contact');
		const first = await run(upsert, events);
		const again = await run(upsert, events);
		expect(again.map((i) => i.json.id)).toEqual(first.map((i) => i.json.id));
		for (const [i, event] of events.entries()) {
			const held = [...sandbox.state.contacts.values()].filter((c) => c.external_id === event.customer);
			expect(held.map((c) => [c.id, c.email, c.name])).toEqual([[first[i].json.id, event.customer_email, event.customer_name]]);
		}
		// The create step, with the body's cross-node expression replaced by a fixed text.
		const create = nodeOf(workflow, 'Open a conversation');
		const opened = await kit.run({
			parameters: { ...runnableParameters({ ...create, parameters: { ...create.parameters, body: 'My payment failed.' } }) },
			items: first.map((i) => i.json),
		});
		expect(opened.map((i) => i.json.state)).toEqual(events.map(() => 'open'));
		for (const [i, item] of opened.entries()) {
			expect(sandbox.state.conversations.get(String(item.json.id))?.contacts.contacts[0].id).toBe(first[i].json.id);
		}
	});

	const hasUnassign = JSON.stringify(nodeType.description.properties).includes('"value":"unassign"');
	(hasUnassign ? it : it.skip)('"Unassign on close" unassigns the teammate and the team of the conversation the trigger names', async () => {
		const workflow = byName('Unassign on close');
		const closed = all().find((c) => c.state === 'closed' && c.admin_assignee_id !== 0 && c.team_assignee_id !== 0)!;
		const output = await run(nodeOf(workflow, 'Unassign teammate and team'), [{ conversation_id: closed.id, topic: 'conversation.admin.closed' }]);
		expect(output).toHaveLength(1);
		const after = sandbox.state.conversations.get(closed.id)!;
		expect([after.admin_assignee_id, after.team_assignee_id, after.state]).toEqual([0, 0, 'closed']);
	});
});

/** Runs a Code node's JavaScript with `$input` and `$(name).itemMatching(i)` (all these examples use). */
function runCode(jsCode: string, input: INodeExecutionData[], itemMatching: (i: number) => { json: IDataObject }): Array<{ json: IDataObject }> {
	const $input = { all: () => input };
	const $ = () => ({ itemMatching });
	const fn = new Function('$input', '$', jsCode) as (i: typeof $input, d: typeof $) => Array<{ json: IDataObject }>;
	return fn($input, $);
}
