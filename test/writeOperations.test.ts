import { DateTime } from 'luxon';
import { NodeOperationError } from 'n8n-workflow';
import type { ConversationRecord, ConversationState } from '../sandbox';
import { snoozePresetEnd } from '../nodes/IntercomConversations/helpers/snoozePresets';
import { searchTags } from '../nodes/IntercomConversations/methods/listSearch';
import { loadOptionsContext, useNodeSandbox, type RunOptions } from '../testkit';
import { describeWithSpec, validateLoggedRequest } from './helpers/openapi';

const { sandbox, run, credentials, admin, team, byId } = useNodeSandbox({ seed: 300, rateLimit: { limit: 400, windowMs: 1000 } });
const conversation = (parameters: Record<string, unknown>, options: Omit<RunOptions, 'credentials' | 'parameters'> = {}, apiVersion?: string) =>
	run({ ...options, parameters: { resource: 'conversation', ...parameters } }, apiVersion);
const record = (id: string) => sandbox.state.conversations.get(id) as ConversationRecord;
const texts = (id: string, type: string) => sandbox.partsFor(id, type).map((p) => p.body ?? '');
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A conversation no other test in this file has used, in the given state. */
const used = new Set<string>();
function fresh(state: ConversationState): string {
	const found = [...sandbox.state.conversations.values()].find((c) => c.state === state && !used.has(c.id));
	if (!found) throw new Error(`no unused ${state} conversation left in the seed`);
	used.add(found.id);
	return found.id;
}

/** Runs the node expecting it to fail; returns the error and whether anything was written meanwhile. */
async function refused(run: () => Promise<unknown>): Promise<{ error: NodeOperationError; writes: string[] }> {
	const mark = sandbox.log.length;
	const error = await run().then(
		() => undefined,
		(e: unknown) => e,
	);
	if (!(error instanceof NodeOperationError)) throw new Error(`expected a NodeOperationError, got ${String(error)}`);
	const writes = sandbox.log.slice(mark).filter((e) => e.method !== 'GET').map((e) => `${e.method} ${e.path}`);
	return { error, writes };
}

type Parts = { conversation_parts: Array<{ part_type: string; body: string | null }> };

describe('Reply', () => {
	it('sends a reply the customer sees, with two attachments', async () => {
		const id = fresh('open');
		const [item] = await conversation({
			operation: 'reply',
			conversationId: byId(id),
			adminId: admin(),
			body: 'Here is your invoice.',
			attachmentUrls: 'https://example.com/invoice.pdf,\nhttps://example.com/receipt.png',
		});
		expect(item.json.id).toBe(id);
		const replies = sandbox.partsFor(id, 'comment').filter((p) => (p.body ?? '').includes('Here is your invoice.'));
		expect(replies).toHaveLength(1);
		expect(replies[0].attachments.map((a) => a.url)).toEqual(['https://example.com/invoice.pdf', 'https://example.com/receipt.png']);
		expect(record(id).state).toBe('open');
	});

	it('sends and closes in one step, leaving exactly one reply and one close', async () => {
		const id = fresh('open');
		const writes = sandbox.writesFor(id);
		const closes = sandbox.partsFor(id, 'close').length;
		const [item] = await conversation({
			operation: 'reply',
			conversationId: byId(id),
			adminId: admin(),
			body: 'All sorted, closing this now.',
			replyOptions: { closeAfterSending: true },
		});
		expect(item.json).toMatchObject({ id, state: 'closed' });
		expect((item.json.conversation_parts as Parts).conversation_parts.map((p) => p.part_type)).toEqual(['comment', 'close']);
		expect(sandbox.writesFor(id)).toBe(writes + 2);
		expect(texts(id, 'comment').filter((b) => b.includes('All sorted, closing this now.'))).toHaveLength(1);
		expect(sandbox.partsFor(id, 'close')).toHaveLength(closes + 1);
		expect(record(id).state).toBe('closed');
	});

	it('sends the reply once when Intercom saves it and then answers 500, and the close once when that fails too', async () => {
		const id = fresh('open');
		const writes = sandbox.writesFor(id);
		sandbox.failNext('POST /conversations/{id}/reply', 'commit-then-500');
		sandbox.failNext('POST /conversations/{id}/parts', 'commit-then-500');
		const [item] = await conversation({
			operation: 'reply',
			conversationId: byId(id),
			adminId: admin(),
			body: 'Sent once, even after a 500.',
			replyOptions: { closeAfterSending: true },
		});
		expect(item.json.state).toBe('closed');
		expect(texts(id, 'comment').filter((b) => b.includes('Sent once, even after a 500.'))).toHaveLength(1);
		expect(sandbox.writesFor(id)).toBe(writes + 2);
		expect(sandbox.stats.faultsInjected).toBeGreaterThanOrEqual(2);
	});

	it.each([
		['11 attachments', Array.from({ length: 11 }, (_, i) => `https://example.com/${i}.png`).join(','), 'has 11 URLs; Intercom accepts at most 10'],
		['a non-http URL', 'ftp://example.com/file.pdf', '"ftp://example.com/file.pdf" is not an http(s) URL'],
		['text that is not a URL', 'invoice.pdf', '"invoice.pdf" is not an http(s) URL'],
	])('refuses %s before any request, naming the item and the field', async (_, attachmentUrls, problem) => {
		const id = fresh('open');
		const { error, writes } = await refused(() =>
			conversation(
				{ operation: 'reply', conversationId: byId(id), adminId: admin(), body: 'x', attachmentUrls: (_: unknown, i: number) => (i === 1 ? attachmentUrls : '') },
				{ items: [{}, {}] },
			),
		);
		expect(error.message).toBe(`Item 1: Attachment URLs ${problem}`);
		expect(writes).toEqual([]);
	});

	it('accepts attachment URLs given as an array by an expression', async () => {
		const id = fresh('open');
		await conversation({
			operation: 'reply',
			conversationId: byId(id),
			adminId: admin(),
			body: 'Array of attachments',
			attachmentUrls: () => ['https://example.com/a.png', 'https://example.com/b.png'],
		});
		const reply = sandbox.partsFor(id, 'comment').find((p) => (p.body ?? '').includes('Array of attachments'));
		expect(reply?.attachments).toHaveLength(2);
	});

	it('refuses a team ID as the author before any request', async () => {
		const { error, writes } = await refused(() =>
			conversation({ operation: 'reply', conversationId: byId(fresh('open')), adminId: team(), body: 'x' }),
		);
		expect(error.message).toBe(`Item 0: Admin ${team()} is a team, not an admin`);
		expect(writes).toEqual([]);
	});
});

describe('Snooze', () => {
	it('snoozes until a date and time read in the chosen time zone', async () => {
		const id = fresh('open');
		const [item] = await conversation({
			operation: 'snooze',
			conversationId: byId(id),
			adminId: admin(),
			snoozeMode: 'until',
			snoozeUntil: '2030-01-15T09:30:00',
			timezone: 'Europe/Berlin',
		});
		const expected = Date.UTC(2030, 0, 15, 8, 30) / 1000;
		expect(item.json).toMatchObject({ id, state: 'snoozed', snoozed_until: expected });
		expect(record(id).snoozed_until).toBe(expected);
	});

	it('snoozes for 4 hours from now', async () => {
		const id = fresh('open');
		const before = nowSeconds();
		await conversation({ operation: 'snooze', conversationId: byId(id), adminId: admin(), snoozeMode: 'in4Hours' });
		expect(record(id).state).toBe('snoozed');
		expect(record(id).snoozed_until).toBeGreaterThanOrEqual(before + 4 * 3600);
		expect(record(id).snoozed_until).toBeLessThanOrEqual(nowSeconds() + 4 * 3600);
	});

	it("snoozes until tomorrow at 09:00 in the workflow's time zone when none is chosen", async () => {
		const id = fresh('open');
		await conversation(
			{ operation: 'snooze', conversationId: byId(id), adminId: admin(), snoozeMode: 'tomorrowAt9', timezone: '' },
			{ timezone: 'Asia/Tokyo' },
		);
		const until = DateTime.fromSeconds(record(id).snoozed_until as number, { zone: 'Asia/Tokyo' });
		expect(until.toFormat('HH:mm')).toBe('09:00');
		expect(until.toISODate()).toBe(DateTime.now().setZone('Asia/Tokyo').plus({ days: 1 }).toISODate());
	});

	it('snoozes once when Intercom applies the snooze and then answers 500', async () => {
		const id = fresh('open');
		const snoozes = sandbox.partsFor(id, 'snoozed').length;
		sandbox.failNext('POST /conversations/{id}/parts', 'commit-then-500');
		await conversation({ operation: 'snooze', conversationId: byId(id), adminId: admin(), snoozeMode: 'inDays', days: 3 });
		expect(sandbox.partsFor(id, 'snoozed')).toHaveLength(snoozes + 1);
		expect(record(id).state).toBe('snoozed');
	});

	it.each([
		['a moment in the past', { snoozeMode: 'until', snoozeUntil: '2020-01-01T00:00:00Z' }, 'Item 0: Snooze Until 2020-01-01T01:00:00.000+01:00 is in the past'],
		['an empty date', { snoozeMode: 'until', snoozeUntil: '' }, 'Item 0: Snooze Until is empty'],
		['a date that is not one', { snoozeMode: 'until', snoozeUntil: 'next week' }, 'Item 0: Snooze Until "next week" is not a date and time'],
		['an unknown time zone', { snoozeMode: 'in1Hour', timezone: 'Mars/Olympus' }, 'Item 0: Time Zone "Mars/Olympus" is not a time zone'],
		['zero days', { snoozeMode: 'inDays', days: 0 }, 'Item 0: Days 0 is not a whole number from 1 to 365'],
	])('refuses %s before any request', async (_, parameters, message) => {
		const id = fresh('open');
		const { error, writes } = await refused(() =>
			conversation({ operation: 'snooze', conversationId: byId(id), adminId: admin(), timezone: 'Europe/Berlin', ...parameters }),
		);
		expect(error.message).toBe(message);
		expect(writes).toEqual([]);
		expect(record(id).state).toBe('open');
	});
});

describe('Snooze presets across a daylight-saving change (fixed clock)', () => {
	// Europe/Berlin: 2026-03-29 02:00 CET → 03:00 CEST. America/New_York: 2026-11-01 02:00 EDT → 01:00 EST.
	const at = (iso: string, zone: string) => DateTime.fromISO(iso, { zone });
	const end = (preset: Parameters<typeof snoozePresetEnd>[0], now: DateTime, zone: string, days?: number) =>
		snoozePresetEnd(preset, now, zone, days).toUTC().toISO();

	it('Berlin: "tomorrow at 09:00" asked the evening before the change is 09:00 summer time', () => {
		expect(end('tomorrowAt9', at('2026-03-28T21:00', 'Europe/Berlin'), 'Europe/Berlin')).toBe('2026-03-29T07:00:00.000Z');
	});

	it('Berlin: "in 4 hours" across the change is 4 real hours (5 on the wall clock)', () => {
		const now = at('2026-03-28T23:30', 'Europe/Berlin');
		const snooze = snoozePresetEnd('in4Hours', now, 'Europe/Berlin');
		expect(snooze.toMillis() - now.toMillis()).toBe(4 * 3600 * 1000);
		expect(snooze.toISO()).toBe('2026-03-29T04:30:00.000+02:00');
	});

	it('Berlin: "in 1 hour" from 01:30 lands at 03:30, skipping the missing hour', () => {
		expect(snoozePresetEnd('in1Hour', at('2026-03-29T01:30', 'Europe/Berlin'), 'Europe/Berlin').toISO()).toBe('2026-03-29T03:30:00.000+02:00');
	});

	it('Berlin: "next Monday at 09:00" from the Friday before is Monday 09:00 summer time', () => {
		expect(end('nextMondayAt9', at('2026-03-27T18:00', 'Europe/Berlin'), 'Europe/Berlin')).toBe('2026-03-30T07:00:00.000Z');
	});

	it('New York: "tomorrow at 09:00" asked the evening before the change is 09:00 standard time', () => {
		expect(end('tomorrowAt9', at('2026-10-31T20:00', 'America/New_York'), 'America/New_York')).toBe('2026-11-01T14:00:00.000Z');
	});

	it('New York: "in 4 hours" across the change is 4 real hours (3 on the wall clock)', () => {
		const now = at('2026-11-01T00:30', 'America/New_York');
		const snooze = snoozePresetEnd('in4Hours', now, 'America/New_York');
		expect(snooze.toMillis() - now.toMillis()).toBe(4 * 3600 * 1000);
		expect(snooze.toISO()).toBe('2026-11-01T03:30:00.000-05:00');
	});

	it('New York: "in 3 days" across the spring change keeps the time of day', () => {
		expect(snoozePresetEnd('inDays', at('2026-03-06T10:00', 'America/New_York'), 'America/New_York', 3).toISO()).toBe(
			'2026-03-09T10:00:00.000-04:00',
		);
	});

	it('New York: "next Monday at 09:00" asked on a Monday is a week later', () => {
		expect(end('nextMondayAt9', at('2026-10-26T08:00', 'America/New_York'), 'America/New_York')).toBe('2026-11-02T14:00:00.000Z');
	});

	it('the same instant gives different presets in Berlin and New York', () => {
		const now = DateTime.fromISO('2026-03-28T21:00:00Z');
		expect(end('tomorrowAt9', now, 'Europe/Berlin')).toBe('2026-03-29T07:00:00.000Z');
		expect(end('tomorrowAt9', now, 'America/New_York')).toBe('2026-03-29T13:00:00.000Z');
	});
});

describe('Open', () => {
	it('reopens a closed conversation and a snoozed one', async () => {
		const ids = [fresh('closed'), fresh('snoozed')];
		const output = await conversation(
			{ operation: 'open', conversationId: byId((item: { id: string }) => item.id), adminId: admin() },
			{ items: ids.map((id) => ({ id })) },
		);
		expect(output.map((o) => o.json.state)).toEqual(['open', 'open']);
		for (const id of ids) {
			expect(record(id).state).toBe('open');
			expect(sandbox.partsFor(id, 'open').length).toBeGreaterThanOrEqual(1);
		}
	});
});

describe('Unassign', () => {
	const assigned = (state: ConversationState) => {
		const id = fresh(state);
		record(id).admin_assignee_id = Number(admin());
		record(id).team_assignee_id = Number(team());
		return id;
	};

	it('removes the admin and the team in two calls and leaves a closed conversation closed', async () => {
		const id = assigned('closed');
		const writes = sandbox.writesFor(id);
		const [item] = await conversation({ operation: 'unassign', conversationId: byId(id), adminId: admin(), from: 'both' });
		expect(item.json).toMatchObject({ id, state: 'closed', admin_assignee_id: 0, team_assignee_id: 0 });
		expect((item.json.conversation_parts as Parts).conversation_parts).toHaveLength(2);
		expect(sandbox.writesFor(id)).toBe(writes + 2);
		expect(record(id).state).toBe('closed');
	});

	it('removes only the team, keeping the admin', async () => {
		const id = assigned('open');
		await conversation({ operation: 'unassign', conversationId: byId(id), adminId: admin(), from: 'team' });
		expect(record(id).team_assignee_id).toBe(0);
		expect(record(id).admin_assignee_id).toBe(Number(admin()));
	});

	it('writes each unassignment once when both calls are applied and then answer 500', async () => {
		const id = assigned('open');
		const writes = sandbox.writesFor(id);
		sandbox.failNext('POST /conversations/{id}/parts', 'commit-then-500', 2);
		await conversation({ operation: 'unassign', conversationId: byId(id), adminId: admin(), from: 'both' });
		expect(sandbox.writesFor(id)).toBe(writes + 2);
		expect([record(id).admin_assignee_id, record(id).team_assignee_id]).toEqual([0, 0]);
	});

	it('sends the team unassignment again when it failed before being applied, not mistaking the admin one for it', async () => {
		const id = assigned('open');
		const rolls = [0.9, 0.1]; // the admin call passes, the team call answers 500 unapplied; then no more faults
		sandbox.setFaults('POST /conversations/{id}/parts', { status500: 0.5, random: () => rolls.shift() ?? 0.9 });
		try {
			await conversation({ operation: 'unassign', conversationId: byId(id), adminId: admin(), from: 'both' });
		} finally {
			sandbox.setFaults('POST /conversations/{id}/parts', undefined);
		}
		expect([record(id).admin_assignee_id, record(id).team_assignee_id]).toEqual([0, 0]);
		expect(sandbox.partsFor(id, 'assignment').filter((p) => p.assigned_to?.type === 'nobody_admin')).toHaveLength(2);
	});

	it('refuses an unknown "from" before any request', async () => {
		const { error, writes } = await refused(() =>
			conversation({ operation: 'unassign', conversationId: byId(fresh('open')), adminId: admin(), from: 'everyone' }),
		);
		expect(error.message).toBe('Item 0: Unassign From "everyone" is not one of admin, team, both');
		expect(writes).toEqual([]);
	});
});

describe('Tags', () => {
	const tagNames = (id: string) => record(id).tags.tags.map((t) => t.name);

	it('tags a conversation by name, whatever the case, and by ID', async () => {
		const id = fresh('open');
		const [byName] = await conversation({ operation: 'addTag', conversationId: byId(id), adminId: admin(), tag: { mode: 'name', value: 'BILLING' } });
		expect(byName.json).toMatchObject({ type: 'tag', name: 'billing', conversation_id: id });
		const vip = sandbox.state.findTagByName('vip');
		await conversation({ operation: 'addTag', conversationId: byId(id), adminId: admin(), tag: { mode: 'id', value: vip?.id } });
		expect(tagNames(id)).toEqual(expect.arrayContaining(['billing', 'vip']));
	});

	it('creates a missing tag once for many items, and tags each conversation', async () => {
		const ids = [fresh('open'), fresh('open'), fresh('open')];
		const tagCount = sandbox.state.tags.size;
		const mark = sandbox.log.length;
		await conversation(
			{
				operation: 'addTag',
				conversationId: byId((item: { id: string }) => item.id),
				adminId: admin(),
				tag: { mode: 'name', value: 'Refund Requested' },
				createTagIfMissing: true,
			},
			{ items: ids.map((id) => ({ id })) },
		);
		expect(sandbox.state.tags.size).toBe(tagCount + 1);
		expect(sandbox.log.slice(mark).filter((e) => e.route === 'POST /tags')).toHaveLength(1);
		for (const id of ids) expect(tagNames(id)).toContain('Refund Requested');
	});

	it("lists the workspace's tags in the Tag picker, filtered by name", async () => {
		const context = loadOptionsContext({ credentials: credentials() });
		const all = await searchTags.call(context);
		expect(all.results.map((r) => r.name)).toEqual(expect.arrayContaining(['billing', 'bug', 'vip']));
		const found = await searchTags.call(context, 'BIL');
		expect(found.results).toEqual([{ name: 'billing', value: sandbox.state.findTagByName('billing')?.id }]);
	});

	it('refuses an unknown tag name before any request when not creating it', async () => {
		const { error, writes } = await refused(() =>
			conversation({ operation: 'addTag', conversationId: byId(fresh('open')), adminId: admin(), tag: { mode: 'name', value: 'no-such-tag' } }),
		);
		expect(error.message).toBe('Item 0: Tag "no-such-tag" is not a tag of this workspace');
		expect(writes).toEqual([]);
	});

	it('removes a tag by name, with the acting admin in the DELETE body', async () => {
		const id = fresh('open');
		await conversation({ operation: 'addTag', conversationId: byId(id), adminId: admin(), tag: { mode: 'name', value: 'bug' } });
		const mark = sandbox.log.length;
		const [item] = await conversation({ operation: 'removeTag', conversationId: byId(id), adminId: admin(), tag: { mode: 'name', value: 'bug' } });
		expect(item.json).toMatchObject({ name: 'bug', conversation_id: id });
		expect(tagNames(id)).not.toContain('bug');
		const [deleted] = sandbox.log.slice(mark).filter((e) => e.method === 'DELETE');
		expect(deleted.body).toEqual({ admin_id: admin() });
	});

	it('removes a tag without failing when Intercom removes it and then answers 500', async () => {
		const id = fresh('open');
		await conversation({ operation: 'addTag', conversationId: byId(id), adminId: admin(), tag: { mode: 'name', value: 'feedback' } });
		sandbox.failNext('DELETE /conversations/{id}/tags/{tag_id}', 'commit-then-500');
		const [item] = await conversation({ operation: 'removeTag', conversationId: byId(id), adminId: admin(), tag: { mode: 'name', value: 'feedback' } });
		expect(item.json).toMatchObject({ name: 'feedback', conversation_id: id });
		expect(tagNames(id)).not.toContain('feedback');
	});
});

describe('Update', () => {
	it('sets the title, custom attributes from JSON and pairs, and marks read', async () => {
		const id = fresh('open');
		record(id).read = false;
		const [item] = await conversation({
			operation: 'update',
			conversationId: byId(id),
			updateFields: {
				title: 'Refund for order 1234',
				read: true,
				customAttributesJson: '{ "issue_type": "Billing", "order_count": 3 }',
				customAttributes: { attribute: [{ name: 'issue_type', value: 'Refund' }, { name: 'channel', value: 'email' }] },
			},
		});
		expect(item.json.id).toBe(id);
		expect(record(id)).toMatchObject({ title: 'Refund for order 1234', read: true });
		expect(record(id).custom_attributes).toMatchObject({ issue_type: 'Refund', order_count: 3, channel: 'email' });
	});

	it('sets the priority with a Preview credential', async () => {
		const id = fresh('open');
		const [item] = await conversation(
			{ operation: 'update', conversationId: byId(id), updateFields: { priority: 'urgent', priorityAdminId: admin() } },
			{},
			'Preview',
		);
		expect(item.json.priority).toBe('urgent');
		expect(record(id).priority).toBe('urgent');
	});

	it('refuses a priority with a 2.16 credential before any request, saying to switch to Preview', async () => {
		const { error, writes } = await refused(() =>
			conversation({ operation: 'update', conversationId: byId(fresh('open')), updateFields: { title: 'x', priority: 'high' } }),
		);
		expect(error.message).toBe('Item 0: Priority can only be set with the API version Preview (the credential uses 2.16)');
		expect(error.description).toContain("Switch the credential's API Version to Preview");
		expect(writes).toEqual([]);
	});

	it.each([
		['nothing to update', {}, 'Item 0: Update Fields is empty'],
		['custom attributes that are not JSON', { customAttributesJson: '{ issue_type: ' }, 'Item 0: Custom Attributes (JSON) is not valid JSON'],
		['custom attributes that are a list', { customAttributesJson: '[1, 2]' }, 'Item 0: Custom Attributes (JSON) is not a JSON object'],
	])('refuses %s before any request', async (_, updateFields, message) => {
		const { error, writes } = await refused(() => conversation({ operation: 'update', conversationId: byId(fresh('open')), updateFields }));
		expect(error.message).toContain(message);
		expect(writes).toEqual([]);
	});
});

describe('Close with a closing note, tags and unassignment', () => {
	const richClose = (id: string, closeOptions: Record<string, unknown>, body = 'Thanks for getting in touch!') =>
		conversation({ operation: 'close', conversationId: byId(id), adminId: admin(), body, closeOptions });

	it('writes one note, applies the tags, unassigns both and closes last: exactly four parts', async () => {
		const id = fresh('open');
		record(id).admin_assignee_id = Number(admin());
		record(id).team_assignee_id = Number(team());
		const writes = sandbox.writesFor(id);
		const before = record(id).parts.length;
		const tagsBefore = record(id).tags.tags.map((t) => t.name);
		const [item] = await richClose(id, {
			noteCategory: 'Billing',
			noteSummary: 'Refund issued for the duplicate charge',
			tags: 'billing, VIP',
			unassign: 'both',
		});
		expect(item.json).toMatchObject({ id, state: 'closed', admin_assignee_id: 0, team_assignee_id: 0 });
		const added = record(id).parts.slice(before);
		expect(added.map((p) => p.part_type)).toEqual(['note', 'assignment', 'assignment', 'close']);
		expect(sandbox.writesFor(id)).toBe(writes + 4);
		expect(added[0].body).toBe('<p><b>Category:</b> Billing</p><p><b>Summary:</b> Refund issued for the duplicate charge</p>');
		expect(added[3].body).toContain('Thanks for getting in touch!');
		expect((item.json.conversation_parts as Parts).conversation_parts.map((p) => p.part_type)).toEqual(added.map((p) => p.part_type));
		expect(record(id).tags.tags.map((t) => t.name).sort()).toEqual([...new Set([...tagsBefore, 'billing', 'vip'])].sort());
		expect(record(id).state).toBe('closed');
	});

	it('writes each part once when every call is applied and then answers 500', async () => {
		const id = fresh('open');
		const before = record(id).parts.length;
		sandbox.failNext('POST /conversations/{id}/reply', 'commit-then-500');
		sandbox.failNext('POST /conversations/{id}/tags', 'commit-then-500');
		sandbox.failNext('POST /conversations/{id}/parts', 'commit-then-500', 3);
		const [item] = await richClose(id, { noteSummary: 'Resolved by the 2.3 release', tags: 'bug', unassign: 'both' });
		expect(item.json.state).toBe('closed');
		expect(record(id).parts.slice(before).map((p) => p.part_type)).toEqual(['note', 'assignment', 'assignment', 'close']);
		expect(record(id).tags.tags.map((t) => t.name)).toContain('bug');
	});

	it('keeps a category or summary with < and & as text in the note, written once under a 500 after commit', async () => {
		const id = fresh('open');
		const before = record(id).parts.length;
		sandbox.failNext('POST /conversations/{id}/reply', 'commit-then-500');
		await richClose(id, { noteCategory: 'R&D', noteSummary: 'refund < 50 EUR, <b>not</b> bold' });
		const notes = record(id).parts.slice(before).filter((p) => p.part_type === 'note');
		expect(notes.map((p) => p.body)).toEqual([
			'<p><b>Category:</b> R&amp;D</p><p><b>Summary:</b> refund &lt; 50 EUR, &lt;b&gt;not&lt;/b&gt; bold</p>',
		]);
	});

	it('returns an already closed conversation unchanged and adds no part with "Skip If Already Closed"', async () => {
		const id = fresh('closed');
		const writes = sandbox.writesFor(id);
		const parts = record(id).parts.length;
		const tags = record(id).tags.tags.map((t) => t.name);
		const [item] = await richClose(id, { skipIfClosed: true, noteSummary: 'Should not be written', tags: 'stale', unassign: 'both' });
		expect(item.json).toMatchObject({ id, state: 'closed' });
		expect(sandbox.writesFor(id)).toBe(writes);
		expect(record(id).parts).toHaveLength(parts);
		expect(record(id).tags.tags.map((t) => t.name)).toEqual(tags);
	});

	it('still closes an open conversation with "Skip If Already Closed", with only the close part', async () => {
		const id = fresh('open');
		const before = record(id).parts.length;
		const [item] = await richClose(id, { skipIfClosed: true }, '');
		expect(item.json).toMatchObject({ id, state: 'closed' });
		expect(record(id).parts.slice(before).map((p) => p.part_type)).toEqual(['close']);
	});

	it('refuses an unknown tag before writing anything', async () => {
		const id = fresh('open');
		const { error, writes } = await refused(() => richClose(id, { noteSummary: 'x', tags: 'billing, nope' }));
		expect(error.message).toBe('Item 0: Tags "nope" is not a tag of this workspace');
		expect(writes).toEqual([]);
		expect(record(id).state).toBe('open');
	});
});

describeWithSpec('Contract: what the write operations send', () => {
	it("matches Intercom's OpenAPI 2.16 request schemas for every body sent in this file", () => {
		const sent = sandbox.log.filter((entry) => entry.body !== undefined && entry.route !== 'unknown');
		const routes = new Set(sent.map((entry) => entry.route));
		for (const route of [
			'POST /conversations/{id}/parts',
			'POST /conversations/{id}/reply',
			'POST /conversations/{id}/tags',
			'DELETE /conversations/{id}/tags/{tag_id}',
			'PUT /conversations/{id}',
			'POST /tags',
		]) {
			expect(routes).toContain(route);
		}
		const problems = sent.flatMap((entry) => validateLoggedRequest(entry).map((p) => `${entry.route}: ${p}`));
		expect(problems).toEqual([]);
	});
});
