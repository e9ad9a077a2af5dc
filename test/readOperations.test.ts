import { NodeApiError, type IDataObject } from 'n8n-workflow';
import { compileQuery, type ConversationRecord } from '../sandbox';
import { IntercomConversations } from '../nodes/IntercomConversations/IntercomConversations.node';
import { allOf, type SingleFilter } from '../nodes/IntercomConversations/helpers/searchQuery';
import { runNode, splitErrorOutput, useNodeSandbox } from '../testkit';
import { describeWithSpec, validateLoggedRequest } from './helpers/openapi';

const nodeType = new IntercomConversations();
const DAY = 86_400;
const { sandbox, run, credentials } = useNodeSandbox({ seed: 1000, rateLimit: { limit: 1000, windowMs: 1000 } });
const getMany = (parameters: Record<string, unknown>, items?: IDataObject[]) =>
	run({ items, parameters: { resource: 'conversation', operation: 'getMany', ...parameters } });
const all = () => [...sandbox.state.conversations.values()];
/** Intercom's list order, as the sandbox serves it: updated_at descending, then ID descending. */
const listOrder = (list: ConversationRecord[]) =>
	[...list].sort((a, b) => b.updated_at - a.updated_at || b.id.length - a.id.length || (a.id < b.id ? 1 : -1)).map((c) => c.id);
const ids = (output: Array<{ json: { id?: unknown } }>) => output.map((item) => String(item.json.id));
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
const nowSeconds = () => Math.floor(Date.now() / 1000);
const searches = () => sandbox.log.filter((e) => e.route === 'POST /conversations/search');
const lastQuery = () => (searches().at(-1)?.body as { query: unknown }).query;

async function failure(promise: Promise<unknown>): Promise<Error> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e as Error,
	);
	if (!error) throw new Error('expected the node to fail');
	return error;
}

describe('Get Many: paging through 1,000 conversations', () => {
	it('returns all 1,000 with Return All, in list order, in 7 pages of 150', async () => {
		const before = sandbox.log.length;
		const output = await getMany({ returnAll: true });
		expect(ids(output)).toEqual(listOrder(all()));
		const pages = sandbox.log.slice(before).filter((e) => e.route === 'GET /conversations');
		expect(pages).toHaveLength(7);
		expect(pages.every((e) => e.status === 200)).toBe(true);
		output.forEach((item) => expect(item.pairedItem).toEqual({ item: 0 }));
		// List items, not whole conversations.
		expect(output[0].json.conversation_parts).toBeUndefined();
	});

	it('returns exactly the first 200 with a Limit of 200 (a page of 150, then one of 50)', async () => {
		const before = sandbox.log.length;
		const output = await getMany({ returnAll: false, limit: 200 });
		expect(ids(output)).toEqual(listOrder(all()).slice(0, 200));
		const pages = sandbox.log.slice(before).filter((e) => e.route === 'GET /conversations');
		expect(pages.map((e) => e.path)).toHaveLength(2);
	});

	it('returns 50 by default', async () => {
		const output = await getMany({});
		expect(ids(output)).toEqual(listOrder(all()).slice(0, 50));
	});

	it('returns exactly the open set across pages, with and without Return All', async () => {
		const open = all().filter((c) => c.state === 'open');
		expect(open.length).toBeGreaterThan(450);
		const everything = await getMany({ returnAll: true, filters: { state: ['open'] } });
		expect(ids(everything)).toEqual(listOrder(open));
		expect(lastQuery()).toEqual({ field: 'state', operator: '=', value: 'open' });
		const limited = await getMany({ returnAll: false, limit: 151, filters: { state: ['open'] } });
		expect(ids(limited)).toEqual(listOrder(open).slice(0, 151));
		const pages = searches().slice(-2).map((e) => (e.body as { pagination: { per_page: number } }).pagination.per_page);
		expect(pages).toEqual([150, 1]);
	});

	it('retries a failed page and still returns the exact set', async () => {
		sandbox.failNext('POST /conversations/search', '503');
		const output = await getMany({ returnAll: true, filters: { state: ['closed'] } });
		expect(ids(output)).toEqual(listOrder(all().filter((c) => c.state === 'closed')));
	});

	it('lists once per input item, each paired to its item', async () => {
		const output = await getMany({ limit: 3, filters: (item: { state: string }) => ({ state: [item.state] }) }, [
			{ state: 'open' },
			{ state: 'snoozed' },
		]);
		expect(output).toHaveLength(6);
		expect(output.slice(0, 3).every((i) => i.json.state === 'open' && (i.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(output.slice(3).every((i) => i.json.state === 'snoozed' && (i.pairedItem as { item: number }).item === 1)).toBe(true);
	});
});

describe('Get Many: each filter returns exactly the matching conversations', () => {
	const admin = () => [...sandbox.state.admins.values()][1].id;
	const team = () => [...sandbox.state.teams.values()][0].id;
	const tag = () => [...sandbox.state.tags.values()].find((t) => t.name === 'vip')!;
	const t0 = nowSeconds();
	const cases: Array<[string, () => Record<string, unknown>, (c: ConversationRecord) => boolean]> = [
		['state closed or snoozed', () => ({ state: ['closed', 'snoozed'] }), (c) => c.state !== 'open'],
		['admin assignee', () => ({ adminAssigneeId: admin() }), (c) => String(c.admin_assignee_id) === admin()],
		['team assignee (as a number)', () => ({ teamAssigneeId: Number(team()) }), (c) => String(c.team_assignee_id) === team()],
		['no teammate', () => ({ unassigned: 'admin' }), (c) => c.admin_assignee_id === 0],
		['neither teammate nor team', () => ({ unassigned: 'both' }), (c) => c.admin_assignee_id === 0 && c.team_assignee_id === 0],
		['team, but no teammate', () => ({ teamAssigneeId: team(), unassigned: 'admin' }), (c) => String(c.team_assignee_id) === team() && c.admin_assignee_id === 0],
		['tag by name', () => ({ tag: 'vip' }), (c) => c.tags.tags.some((t) => t.name === 'vip')],
		['tag by name, other case', () => ({ tag: 'VIP' }), (c) => c.tags.tags.some((t) => t.name === 'vip')],
		['tag by ID', () => ({ tag: tag().id }), (c) => c.tags.tags.some((t) => t.id === tag().id)],
		['created after', () => ({ createdAfter: iso(t0 - 10 * DAY) }), (c) => c.created_at > t0 - 10 * DAY],
		['created before', () => ({ createdBefore: iso(t0 - 30 * DAY) }), (c) => c.created_at < t0 - 30 * DAY],
		[
			'updated between',
			() => ({ updatedAfter: iso(t0 - 20 * DAY), updatedBefore: iso(t0 - 5 * DAY) }),
			(c) => c.updated_at > t0 - 20 * DAY && c.updated_at < t0 - 5 * DAY,
		],
		['priority urgent or high', () => ({ priority: ['urgent', 'high'] }), (c) => c.priority === 'urgent' || c.priority === 'high'],
		[
			'every filter at once',
			() => ({ state: ['open'], unassigned: 'team', priority: ['none'], createdAfter: iso(t0 - 50 * DAY), updatedBefore: iso(t0 - DAY) }),
			(c) => c.state === 'open' && c.team_assignee_id === 0 && c.priority === 'none' && c.created_at > t0 - 50 * DAY && c.updated_at < t0 - DAY,
		],
	];

	it.each(cases)('%s', async (_name, filters, matches) => {
		const expected = all().filter(matches);
		expect(expected.length).toBeGreaterThan(0);
		expect(expected.length).toBeLessThan(1000);
		const output = await getMany({ returnAll: true, filters: filters() });
		expect(ids(output)).toEqual(listOrder(expected));
	});

	it('"No Customer Reply For 7 days": open, the team wrote last, the customer silent for 7 days', async () => {
		const before = nowSeconds();
		const output = await getMany({ returnAll: true, filters: { noCustomerReplyForDays: 7 } });
		const after = nowSeconds();
		const query = lastQuery() as { operator: string; value: SingleFilter[] };
		const threshold = query.value.find((f) => f.field === 'statistics.last_contact_reply_at')?.value as number;
		expect(threshold).toBeGreaterThanOrEqual(before - 7 * DAY);
		expect(threshold).toBeLessThanOrEqual(after - 7 * DAY);
		const stale = all().filter(
			(c) => c.state === 'open' && c.waiting_since === null && (c.statistics.last_contact_reply_at ?? Infinity) < threshold,
		);
		expect(stale.length).toBeGreaterThan(20);
		expect(ids(output)).toEqual(listOrder(stale));
	});

	it('"Customer Waiting For 3 days": open, the customer wrote last and has waited 3 days', async () => {
		const output = await getMany({ returnAll: true, filters: { customerWaitingForDays: 3 } });
		const query = lastQuery() as { operator: string; value: SingleFilter[] };
		const threshold = query.value.find((f) => f.field === 'waiting_since')?.value as number;
		const waiting = all().filter((c) => c.state === 'open' && c.waiting_since !== null && c.waiting_since < threshold);
		expect(waiting.length).toBeGreaterThan(20);
		expect(ids(output)).toEqual(listOrder(waiting));
	});

	it('keeps more than 15 filters within Intercom\'s limit by nesting AND groups', () => {
		const filters: SingleFilter[] = Array.from({ length: 20 }, (_, i) => ({ field: 'created_at', operator: '>', value: i }));
		const query = allOf(filters) as { operator: string; value: Array<{ value: unknown[] }> };
		expect(query.value).toHaveLength(2);
		expect(query.value[0].value).toHaveLength(15);
		expect(() => compileQuery(query)).not.toThrow();
	});
});

describe('Get Many: raw Intercom query', () => {
	const query = {
		operator: 'OR',
		value: [
			{ operator: 'AND', value: [{ field: 'state', operator: '=', value: 'snoozed' }, { field: 'priority', operator: '=', value: 'urgent' }] },
			{ field: 'source.body', operator: '~', value: 'refund' },
		],
	};

	it('sends the query as written (JSON text) and returns exactly its matches', async () => {
		const output = await getMany({ returnAll: true, filterType: 'rawQuery', rawQuery: JSON.stringify(query), filters: { state: ['closed'] } });
		expect(lastQuery()).toEqual(query);
		const expected = all().filter(compileQuery(query));
		expect(expected.length).toBeGreaterThan(10);
		expect(ids(output)).toEqual(listOrder(expected));
	});

	it('accepts a whole search body (its pagination is replaced by the node\'s)', async () => {
		const output = await getMany({ limit: 5, filterType: 'rawQuery', rawQuery: { query, pagination: { per_page: 2 } } });
		expect(ids(output)).toEqual(listOrder(all().filter(compileQuery(query))).slice(0, 5));
		expect((searches().at(-1)?.body as { pagination: unknown }).pagination).toEqual({ per_page: 5 });
	});
});

describe('Get', () => {
	const withParts = () => all().find((c) => c.parts.length >= 3)!;

	it('returns the conversation with its parts by default', async () => {
		const c = withParts();
		const [item] = await run({ parameters: { resource: 'conversation', operation: 'get', conversationId: { mode: 'id', value: c.id } } });
		expect(item.json.id).toBe(c.id);
		const parts = item.json.conversation_parts as { conversation_parts: Array<{ id: string; body: string | null }> };
		expect(parts.conversation_parts.map((p) => p.id)).toEqual(c.parts.map((p) => p.id));
		expect(parts.conversation_parts.some((p) => p.body?.includes('<p>'))).toBe(true);
	});

	it('drops the parts when Include Parts is off, and accepts an inbox URL', async () => {
		const c = withParts();
		const url = `https://app.intercom.com/a/inbox/${sandbox.state.app.id_code}/inbox/conversation/${c.id}#part_id=comment-1`;
		const [item] = await run({
			parameters: { resource: 'conversation', operation: 'get', conversationId: { mode: 'url', value: url }, includeParts: false },
		});
		expect(item.json.id).toBe(c.id);
		expect(item.json.conversation_parts).toBeUndefined();
		expect(item.json.source).toBeDefined();
	});

	it('asks Intercom for plain text', async () => {
		const c = withParts();
		const [item] = await run({
			parameters: { resource: 'conversation', operation: 'get', conversationId: { mode: 'id', value: c.id }, plainText: true },
		});
		expect(sandbox.log.at(-1)?.path).toBe(`/conversations/${c.id}`);
		const parts = (item.json.conversation_parts as { conversation_parts: Array<{ body: string | null }> }).conversation_parts;
		expect(parts.every((p) => p.body === null || !p.body.includes('<'))).toBe(true);
		expect(String((item.json.source as { body: string }).body)).not.toContain('<p>');
	});

	it('reports an unknown conversation as a 404 on the error output', async () => {
		const output = await run({
			parameters: { resource: 'conversation', operation: 'get', conversationId: { mode: 'id', value: '1' } },
			onError: 'continueErrorOutput',
		});
		const { errors } = splitErrorOutput(output);
		expect(errors).toHaveLength(1);
		expect(String(errors[0].json.error)).toMatch(/404.*not_found/);
	});
});

describe('Contact: Get', () => {
	const contacts = () => [...sandbox.state.contacts.values()];

	it('returns the contact', async () => {
		const contact = contacts()[0];
		const [item] = await run({ parameters: { resource: 'contact', operation: 'get', contactId: contact.id } });
		expect(item.json).toMatchObject({ type: 'contact', id: contact.id, email: contact.email });
	});

	it('says which contact a merged one now lives under (410 contact_merged)', async () => {
		const [from, into] = contacts().slice(-2);
		sandbox.state.mergeContact(from.id, into.id);
		const error = await failure(run({ parameters: { resource: 'contact', operation: 'get', contactId: from.id } }));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(`Item 0: contact ${from.id} was merged into contact ${into.id}`);
		expect((error as NodeApiError).description).toContain(`use that ID`);
		expect((error as NodeApiError).description).toContain('contact_merged');
		expect((error as NodeApiError).httpCode).toBe('410');
	});

	it('routes an unknown (404) and a merged (410) contact to the error output, the good one through', async () => {
		const [merged] = [...sandbox.state.mergedContacts.keys()];
		const good = contacts()[1].id;
		const output = await run({
			items: [{ id: good }, { id: 'aaaaaaaaaaaaaaaaaaaaaaaa' }, { id: merged }],
			parameters: { resource: 'contact', operation: 'get', contactId: (item: { id: string }) => item.id },
			onError: 'continueErrorOutput',
		});
		const { success, errors } = splitErrorOutput(output);
		expect(success.map((i) => i.json.id)).toEqual([good]);
		expect(errors.map((i) => (i.pairedItem as { item: number }).item)).toEqual([1, 2]);
		expect(String(errors[0].json.error)).toMatch(/404.*not_found.*User Not Found/);
		expect(String(errors[1].json.error)).toContain(`Item 2: contact ${merged} was merged into contact`);
	});
});

describe('Bad input is refused before any request, naming the item and the field', () => {
	const cases: Array<[string, Record<string, unknown>, RegExp]> = [
		['Limit 0', { operation: 'getMany', limit: 0 }, /^Item 1: Limit 0 is not a whole number/],
		['Limit 2.5', { operation: 'getMany', limit: 2.5 }, /^Item 1: Limit 2\.5/],
		['invalid raw JSON', { operation: 'getMany', filterType: 'rawQuery', rawQuery: '{"field": "state",' }, /^Item 1: Raw Query is not valid JSON/],
		[
			'16 filters in a raw group',
			{ operation: 'getMany', filterType: 'rawQuery', rawQuery: { operator: 'AND', value: Array.from({ length: 16 }, () => ({ field: 'open', operator: '=', value: true })) } },
			/^Item 1: Raw Query query has 16 filters; Intercom allows at most 15/,
		],
		['a raw operator Intercom lacks', { operation: 'getMany', filterType: 'rawQuery', rawQuery: { field: 'state', operator: '==', value: 'open' } }, /^Item 1: Raw Query query\.operator "=="/],
		['a non-numeric admin filter', { operation: 'getMany', filters: { adminAssigneeId: 'ada@example.com' } }, /^Item 1: Admin Assignee "ada@example\.com" is not a numeric ID/],
		['an unknown state', { operation: 'getMany', filters: { state: ['pending'] } }, /^Item 1: State "pending" is not one of open, closed, snoozed/],
		['a date that is not one', { operation: 'getMany', filters: { createdAfter: 'last tuesday' } }, /^Item 1: Created After "last tuesday" is not a date/],
		['negative days', { operation: 'getMany', filters: { noCustomerReplyForDays: -1 } }, /^Item 1: No Customer Reply For \(Days\) -1/],
		['both waiting filters', { operation: 'getMany', filters: { noCustomerReplyForDays: 7, customerWaitingForDays: 7 } }, /^Item 1: No Customer Reply For \(Days\) contradicts/],
		['an assignee and "no teammate"', { operation: 'getMany', filters: { adminAssigneeId: '991267001', unassigned: 'both' } }, /^Item 1: Unassigned contradicts Admin Assignee/],
		['a conversation ID with letters', { operation: 'get', conversationId: { mode: 'id', value: '12a' } }, /^Item 1: Conversation ID "12a" is not a number/],
		['an empty contact ID', { resource: 'contact', operation: 'get', contactId: '  ' }, /^Item 1: Contact is empty/],
	];

	it.each(cases)('%s', async (_name, parameters, message) => {
		const good: Record<string, unknown> = {
			resource: 'conversation',
			conversationId: { mode: 'id', value: all()[0].id },
			contactId: [...sandbox.state.contacts.values()][0].id,
		};
		const before = sandbox.stats.requests;
		// Item 0 is valid; item 1 carries the bad value.
		const bad = Object.fromEntries(
			Object.entries(parameters).map(([k, v]) => [k, k === 'operation' || k === 'resource' ? v : (_: unknown, i: number) => (i === 1 ? v : good[k])]),
		);
		const error = await failure(run({ items: [{}, {}], parameters: { ...good, ...bad } }));
		expect(error.message).toMatch(message);
		expect(sandbox.stats.requests).toBe(before);
	});

	it('refuses an unknown tag after reading the tags, before reading any conversation', async () => {
		const before = sandbox.log.length;
		const error = await failure(getMany({ filters: { tag: 'no-such-tag' } }));
		expect(error.message).toBe('Item 0: Tag "no-such-tag" is not a tag of this workspace');
		expect(sandbox.log.slice(before).map((e) => e.route)).toEqual(['GET /tags']);
	});

	it('refuses a priority filter with API version 2.15', async () => {
		const error = await failure(
			runNode(nodeType, {
				credentials: { ...credentials(), apiVersion: '2.15' },
				parameters: { resource: 'conversation', operation: 'getMany', filters: { priority: ['high'] } },
			}),
		);
		expect(error.message).toBe('Item 0: Priority cannot be filtered with API version 2.15');
	});
});

describeWithSpec('Contract: what the read operations send', () => {
	it("matches Intercom's OpenAPI 2.16 request schemas for every body sent in this file", () => {
		const sent = sandbox.log.filter((entry) => entry.body !== undefined && entry.route !== 'unknown');
		expect(sent.filter((e) => e.route === 'POST /conversations/search').length).toBeGreaterThan(20);
		const problems = sent.flatMap((entry) => validateLoggedRequest(entry).map((p) => `${entry.route}: ${p}`));
		expect(problems).toEqual([]);
	});
});
