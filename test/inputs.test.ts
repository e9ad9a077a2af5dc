import { NodeHelpers, NodeOperationError, type IDataObject, type INode, type INodeParameters } from 'n8n-workflow';
import { compileQuery, type ConversationRecord, type ConversationState } from '../sandbox';
import { IntercomConversations } from '../nodes/IntercomConversations/IntercomConversations.node';
import { executionOptions } from '../nodes/IntercomConversations/actions/inputs';
import { executeContext, useNodeSandbox } from '../testkit';

/**
 * Types at the edge, sizes, plain values from hand-written JSON, and defaults n8n fills in:
 * every refusal names the item and the field, and reaches Intercom with no request at all.
 */

const nodeType = new IntercomConversations();
const { sandbox, run, credentials, admin, byId } = useNodeSandbox({ seed: 120, rateLimit: { limit: 1000, windowMs: 1000 } });
const record = (id: string) => sandbox.state.conversations.get(id) as ConversationRecord;
const all = () => [...sandbox.state.conversations.values()];

const used = new Set<string>();
function fresh(state: ConversationState): string {
	const found = all().find((c) => c.state === state && !used.has(c.id));
	if (!found) throw new Error(`no unused ${state} conversation left in the seed`);
	used.add(found.id);
	return found.id;
}

/**
 * Runs two items, the first carrying the bad value and the second a good one; expects the
 * node to refuse with `message` and the sandbox to have received no request at all.
 */
async function refusedWithoutRequest(parameters: Record<string, unknown>, message: string, apiVersion?: string) {
	const before = sandbox.stats.requests;
	const error = await run({ items: [{ bad: true }, { bad: false }], parameters }, apiVersion).then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(NodeOperationError);
	expect((error as Error).message).toBe(message);
	expect(sandbox.stats.requests).toBe(before);
}

/** An expression: `bad` for the first item, `good` for the second. */
const firstItem = (bad: unknown, good: unknown) => (item: IDataObject) => (item.bad ? bad : good);

/** What n8n does to saved parameters before the node runs (the Workflow constructor, 2.8.4 and 2.41.1). */
function asN8nLoadsIt(saved: INodeParameters): INodeParameters {
	const description = nodeType.description;
	const node = { name: 'Intercom Conversations', typeVersion: 1, type: 'x', position: [0, 0], parameters: saved } as unknown as INode;
	return NodeHelpers.getNodeParameters(description.properties, saved, true, false, node, description) as INodeParameters;
}

describe('Text fields take text: objects, lists, booleans and null are refused before any request', () => {
	it('an internal note mapped to an object', async () => {
		await refusedWithoutRequest(
			{ resource: 'conversation', operation: 'addNote', conversationId: byId(fresh('open')), adminId: admin(), body: firstItem({ text: 'Refunded' }, 'Refunded') },
			'Item 0: Note is an object, not text',
		);
	});

	it('a reply the customer would see mapped to a list', async () => {
		await refusedWithoutRequest(
			{ resource: 'conversation', operation: 'reply', conversationId: byId(fresh('open')), adminId: admin(), body: firstItem(['Hello', 'there'], 'Hello') },
			'Item 0: Message is a list, not text',
		);
	});

	it('a closing message mapped to null', async () => {
		await refusedWithoutRequest(
			{ resource: 'conversation', operation: 'close', conversationId: byId(fresh('open')), adminId: admin(), body: firstItem(null, 'Bye') },
			'Item 0: Closing Message is null, not text',
		);
	});

	it('a closing-note summary mapped to an object (it used to be dropped silently)', async () => {
		await refusedWithoutRequest(
			{
				resource: 'conversation',
				operation: 'close',
				conversationId: byId(fresh('open')),
				adminId: admin(),
				closeOptions: { noteSummary: firstItem({ summary: 'Refund issued' }, 'Refund issued') },
			},
			'Item 0: Closing Note Summary is an object, not text',
		);
	});

	it('a title mapped to a boolean', async () => {
		await refusedWithoutRequest(
			{ resource: 'conversation', operation: 'update', conversationId: byId(fresh('open')), updateFields: { title: firstItem(true, 'Refund') } },
			'Item 0: Title is a boolean (true), not text',
		);
	});

	it('a contact note mapped to an object', async () => {
		const contactId = [...sandbox.state.contacts.values()][0].id;
		await refusedWithoutRequest(
			{ resource: 'contact', operation: 'createNote', contactId, adminId: admin(), body: firstItem({ a: 1 }, 'Prefers email') },
			'Item 0: Note is an object, not text',
		);
	});

	it('writes a number given as a text field as its text', async () => {
		const id = fresh('open');
		await run({ parameters: { resource: 'conversation', operation: 'addNote', conversationId: byId(id), adminId: admin(), body: 4217 } });
		expect(sandbox.partsFor(id, 'note').map((p) => p.body)).toContain('<p>4217</p>');
	});
});

describe('Boolean fields take true/false or "true"/"false" only', () => {
	it('refuses Read "yes" (it used to send read: false) before any request', async () => {
		await refusedWithoutRequest(
			{ resource: 'conversation', operation: 'update', conversationId: byId(fresh('open')), updateFields: { read: firstItem('yes', true) } },
			'Item 0: Read is "yes", not true or false',
		);
	});

	it('refuses Close After Sending "1" before any request', async () => {
		await refusedWithoutRequest(
			{ resource: 'conversation', operation: 'reply', conversationId: byId(fresh('open')), adminId: admin(), body: 'Hi', replyOptions: { closeAfterSending: firstItem('1', false) } },
			'Item 0: Close After Sending is "1", not true or false',
		);
	});

	it('marks a conversation unread with the text "false"', async () => {
		const id = fresh('open');
		record(id).read = true;
		await run({ parameters: { resource: 'conversation', operation: 'update', conversationId: byId(id), updateFields: { read: 'false' } } });
		expect(record(id).read).toBe(false);
	});
});

describe('Sizes are bounded before any request', () => {
	it('refuses a reply over 100,000 characters', async () => {
		await refusedWithoutRequest(
			{ resource: 'conversation', operation: 'reply', conversationId: byId(fresh('open')), adminId: admin(), body: firstItem('x'.repeat(100_001), 'Hi') },
			'Item 0: Message is 100,001 characters long; the limit is 100,000',
		);
	});

	it('refuses a conversation ID longer than an Intercom ID (19 digits)', async () => {
		await refusedWithoutRequest(
			{ resource: 'conversation', operation: 'get', conversationId: byId(firstItem('1'.repeat(20), fresh('open'))) },
			"Item 0: Conversation ID has 20 digits; Intercom's IDs have at most 19",
		);
	});

	it('refuses a contact ID longer than 24 characters', async () => {
		await refusedWithoutRequest(
			{ resource: 'contact', operation: 'get', contactId: firstItem('a'.repeat(25), [...sandbox.state.contacts.values()][0].id) },
			`Item 0: Contact "${'a'.repeat(25)}" is not an Intercom contact ID`,
		);
	});
});

describe('Conversation given as a plain value (hand-written JSON)', () => {
	it('reads digits as the ID', async () => {
		const id = fresh('open');
		const [item] = await run({ parameters: { resource: 'conversation', operation: 'get', conversationId: id, includeParts: false } });
		expect(item.json.id).toBe(id);
	});

	it('reads an inbox URL as the URL', async () => {
		const id = fresh('open');
		const url = `https://app.intercom.com/a/inbox/abc123/inbox/conversation/${id}`;
		const [item] = await run({ parameters: { resource: 'conversation', operation: 'get', conversationId: url, includeParts: false } });
		expect(item.json.id).toBe(id);
	});

	it('refuses an object before any request', async () => {
		await refusedWithoutRequest(
			{ resource: 'conversation', operation: 'get', conversationId: firstItem({ id: '1' }, fresh('open')) },
			'Item 0: Conversation is an object, not an ID',
		);
	});
});

describe('Defaults n8n fills in hide nothing', () => {
	it('snoozes until the given moment when a workflow gives only Snooze Until', async () => {
		const id = fresh('open');
		const until = '2031-03-04T05:06:07Z';
		const parameters = asN8nLoadsIt({ resource: 'conversation', operation: 'snooze', conversationId: { __rl: true, mode: 'id', value: id }, adminId: admin(), snoozeUntil: until });
		expect(parameters.snoozeUntil).toBe(until); // kept by n8n's resolver
		await run({ parameters });
		expect(record(id)).toMatchObject({ state: 'snoozed', snoozed_until: Date.parse(until) / 1000 });
	});

	it('still snoozes until tomorrow at 09:00 when Snooze Until is empty', async () => {
		const id = fresh('open');
		const parameters = asN8nLoadsIt({ resource: 'conversation', operation: 'snooze', conversationId: { __rl: true, mode: 'id', value: id }, adminId: admin(), timezone: 'UTC' });
		await run({ parameters });
		const at = new Date(record(id).snoozed_until! * 1000);
		expect([at.getUTCHours(), at.getUTCMinutes()]).toEqual([9, 0]);
	});

	it('refuses a raw query given without Filter By, instead of listing every conversation', async () => {
		const parameters = asN8nLoadsIt({
			resource: 'conversation',
			operation: 'getMany',
			returnAll: true,
			rawQuery: JSON.stringify({ field: 'state', operator: '=', value: 'snoozed' }),
		});
		const before = sandbox.stats.requests;
		const error = await run({ parameters }).catch((e: unknown) => e as Error);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toBe(
			'Item 0: Raw Query is set, but Filter By is "Filters" (its default), so it would be ignored and the filters used instead',
		);
		expect(sandbox.stats.requests).toBe(before);
	});
});

describe('Get Many "Unassigned" asks for what the API version reports as nobody', () => {
	const unassigned = (c: ConversationRecord) => c.admin_assignee_id === 0;
	const searchedValue = () => {
		const query = sandbox.log.filter((e) => e.route === 'POST /conversations/search').at(-1)?.body as { query: { field: string; value: unknown } };
		return query.query.value;
	};

	it.each([
		['2.16', 0],
		['2.15', null],
	])('with API version %s it searches admin_assignee_id = %s and returns exactly the unassigned', async (apiVersion, nobody) => {
		const output = await run({ parameters: { resource: 'conversation', operation: 'getMany', returnAll: true, filters: { unassigned: 'admin' } } }, apiVersion);
		expect(searchedValue()).toBe(nobody);
		const expected = all().filter(unassigned).map((c) => c.id).sort();
		expect(expected.length).toBeGreaterThan(0);
		expect(output.map((i) => String(i.json.id)).sort()).toEqual(expected);
	});

	it('the sandbox matches 0 in 2.16 and null up to 2.15, as each version reports it', () => {
		const query = (value: number | null) => ({ field: 'admin_assignee_id', operator: '=', value });
		const count = (value: number | null, version: string) => all().filter(compileQuery(query(value), { version })).length;
		const nobody = all().filter(unassigned).length;
		expect([count(0, '2.16'), count(null, '2.16')]).toEqual([nobody, 0]);
		expect([count(null, '2.15'), count(0, '2.15')]).toEqual([nobody, 0]);
		expect(count(0, 'Preview')).toBe(nobody);
	});
});

describe('Concurrency is an upper bound, Auto by default', () => {
	const options = (value: unknown) =>
		executionOptions(executeContext({ parameters: value === undefined ? {} : { options: value }, credentials: credentials() }));

	it('is Auto (undefined) when not set, and when set to 0', () => {
		expect(options(undefined).concurrency).toBeUndefined();
		expect(options({}).concurrency).toBeUndefined();
		expect(options({ concurrency: 0 }).concurrency).toBeUndefined();
	});

	it('keeps a saved number as the cap', () => {
		expect(options({ concurrency: 10 }).concurrency).toBe(10);
		expect(options({ concurrency: 3 }).concurrency).toBe(3);
	});

	it('defaults to 0 (Auto) in the description, with minValue 0', () => {
		const collection = nodeType.description.properties.find((p) => p.name === 'options');
		const concurrency = (collection?.options as Array<{ name: string; default: unknown; typeOptions?: { minValue?: number } }>).find((o) => o.name === 'concurrency');
		expect(concurrency).toMatchObject({ default: 0, typeOptions: { minValue: 0 } });
	});
});
