import type { IDataObject } from 'n8n-workflow';
import { createPrng } from '../sandbox/prng';
import type { TicketRecord } from '../sandbox/tickets';
import { useNodeSandbox } from '../testkit';
import { validateLoggedRequest } from './helpers/openapi';

/**
 * The Ticket resource and Conversation → Convert to Ticket, over real HTTP through the node:
 * outputs, the sandbox's own record, bad input refused before anything is written, and
 * exactly-once replies and creates under ambiguous failures.
 */

const kit = useNodeSandbox({ seed: 60, rateLimit: false });
const { sandbox, admin, team, byId } = kit;
afterEach(() => sandbox.clearFaults());
// Every request body the node sent is valid for Intercom's OpenAPI 2.16.
afterEach(() => {
	const problems = sandbox.log.filter((e) => e.body !== undefined).flatMap((e) => validateLoggedRequest(e).map((p) => `${e.route}: ${p}`));
	expect(problems).toEqual([]);
});

const store = () => sandbox.state.tickets;
const bug = () => store().typeNamed('Bug report');
const severityId = (label: string) =>
	(bug().ticket_type_attributes.ticket_type_attributes.find((a) => a.name === 'Severity')?.input_options.list_options as Array<{ id: string; label: string }>).find(
		(o) => o.label === label,
	)?.id;
const contacts = () => [...sandbox.state.contacts.values()];
const newTicket = (type = 'Bug report', contactId = contacts()[0].id): TicketRecord =>
	store().addTicket({ type: store().typeNamed(type), contactIds: [contactId], attributes: { _default_title_: `Seeded ${type}` } });
const run = (parameters: Record<string, unknown>, items?: IDataObject[]) => kit.run({ parameters: { resource: 'ticket', ...parameters } as never, items });
const writes = () => sandbox.log.filter((e) => e.method !== 'GET' && e.route !== 'POST /tickets/search');
const refusal = async (promise: Promise<unknown>) => ((await promise.catch((e: unknown) => e)) as Error).message;

describe('Ticket: Create', () => {
	it('creates a bug report with its title, description and a list attribute given by label', async () => {
		const contact = contacts()[1];
		const [item] = await run({
			operation: 'create',
			ticketTypeId: bug().id,
			contactId: contact.id,
			title: 'Export button does nothing',
			description: 'Since Monday',
			attributesInput: 'fields',
			attributes: { attribute: [{ name: 'Severity', value: 'high' }] },
			createOptions: { teamAssigneeId: team() },
		});
		const ticket = store().tickets.get(String(item.json.id));
		expect(ticket?.ticket_attributes).toEqual({ _default_title_: 'Export button does nothing', _default_description_: 'Since Monday', Severity: severityId('High') });
		expect(ticket?.contacts.contacts.map((c) => c.id)).toEqual([contact.id]);
		expect(ticket?.team_assignee_id).toBe(Number(team()));
		expect(item.json).toMatchObject({ type: 'ticket', ticket_type: { id: bug().id } });
	});

	it('takes the attributes as JSON', async () => {
		const [item] = await run({
			operation: 'create',
			ticketTypeId: store().typeNamed('Billing question').id,
			contactId: contacts()[2].id,
			title: 'Invoice VAT',
			attributesInput: 'json',
			attributesJson: '{"Invoice number": "INV-42"}',
		});
		expect(store().tickets.get(String(item.json.id))?.ticket_attributes['Invoice number']).toBe('INV-42');
	});

	it.each([
		['an empty title', { title: ' ' }, 'Item 0: Title is empty'],
		['a contact ID that is not one', { contactId: 'not a contact!' }, 'Item 0: Contact ID "not a contact!" is not an Intercom contact ID'],
	])('refuses %s before any request', async (_, override, message) => {
		sandbox.resetStats();
		const error = await refusal(run({ operation: 'create', ticketTypeId: bug().id, contactId: contacts()[0].id, title: 'T', ...override }));
		expect(error).toBe(message);
		expect(sandbox.log).toEqual([]);
	});

	it.each([
		['a missing required attribute', {}, 'Item 0: Attributes misses "Severity", required for a "Bug report" ticket'],
		['an attribute the type does not have', { attributes: { attribute: [{ name: 'Colour', value: 'red' }] } }, 'Item 0: Attributes "Colour" is not an attribute of the ticket type "Bug report"'],
		['a list value that is not an option', { attributes: { attribute: [{ name: 'Severity', value: 'Meh' }] } }, 'Item 0: Attribute "Severity" "Meh" is not one of its options (Low, High, Critical)'],
		['an unknown ticket type', { ticketTypeId: '999' }, 'Item 0: Ticket Type 999 is not a ticket type of this workspace'],
	])('refuses %s before writing', async (_, override, message) => {
		sandbox.resetStats();
		const error = await refusal(run({ operation: 'create', ticketTypeId: bug().id, contactId: contacts()[0].id, title: 'T', ...override }));
		expect(error).toBe(message);
		expect(writes()).toEqual([]);
	});

	it('creates each ticket once when the create lands but its answer is lost', async () => {
		const contact = contacts()[3];
		const before = store().tickets.size;
		sandbox.failNext('POST /tickets', 'commit-then-500', 1);
		const output = await run({
			operation: 'create',
			ticketTypeId: store().typeNamed('Engineering task').id,
			contactId: contact.id,
			title: 'Once only',
		});
		const created = [...store().tickets.values()].filter((t) => t.ticket_attributes._default_title_ === 'Once only');
		expect(created).toHaveLength(1);
		expect(store().tickets.size).toBe(before + 1);
		expect(output[0].json.id).toBe(created[0].id);
	});
});

describe('Ticket: Get and Update', () => {
	it('gets a ticket with its parts', async () => {
		const ticket = newTicket();
		const [item] = await run({ operation: 'get', ticketId: ticket.id });
		expect(item.json).toMatchObject({ id: ticket.id, ticket_parts: { type: 'ticket_part.list' } });
	});

	it('refuses a ticket ID that is not a number before any request', async () => {
		sandbox.resetStats();
		expect(await refusal(run({ operation: 'get', ticketId: 'abc' }))).toBe('Item 0: Ticket ID "abc" is not a numeric ID');
		expect(sandbox.log).toEqual([]);
	});

	it('sets the state, the assignee, an attribute and closes the ticket', async () => {
		const ticket = newTicket();
		const inProgress = store().stateOf('in_progress');
		await run({
			operation: 'update',
			ticketId: ticket.id,
			adminId: admin(),
			updateFields: { ticketStateId: inProgress.id, assigneeId: admin(), openState: 'closed' },
			attributesInput: 'json',
			attributesJson: { _default_description_: 'Reproduced' },
		});
		expect(ticket.ticket_state.category).toBe('in_progress');
		expect(ticket.admin_assignee_id).toBe(Number(admin()));
		expect(ticket.open).toBe(false);
		expect(ticket.ticket_attributes._default_description_).toBe('Reproduced');
		expect(ticket.parts.some((p) => p.part_type === 'ticket_state_updated_by_admin' && p.author.id === admin())).toBe(true);
	});

	it('snoozes a ticket until a moment and unassigns it', async () => {
		const ticket = newTicket();
		ticket.team_assignee_id = Number(team());
		const until = Math.floor(Date.now() / 1000) + 86_400;
		const [item] = await run({ operation: 'update', ticketId: ticket.id, adminId: admin(), updateFields: { snoozedUntil: new Date(until * 1000).toISOString(), assigneeId: '0' } });
		expect(ticket.snoozed_until).toBe(until);
		expect(ticket.team_assignee_id).toBe(0);
		expect(item.json.snoozed_until).toBe(until);
	});

	it.each([
		['nothing to change', {}, 'Item 0: Update Fields are empty'],
		['a snooze in the past', { updateFields: { snoozedUntil: '2020-01-01T00:00:00Z' } }, 'Item 0: Snoozed Until 2020-01-01T00:00:00.000Z is not in the future'],
		['an unknown state', { updateFields: { ticketStateId: '1' } }, 'Item 0: Ticket State 1 is not a ticket state of this workspace'],
		['an assignee that is neither admin nor team', { updateFields: { assigneeId: '12345' } }, 'Item 0: Assignee 12345 is neither an admin nor a team of this workspace'],
	])('refuses %s before writing', async (_, override, message) => {
		const ticket = newTicket();
		sandbox.resetStats();
		expect(await refusal(run({ operation: 'update', ticketId: ticket.id, adminId: admin(), ...override }))).toBe(message);
		expect(writes()).toEqual([]);
	});
});

describe('Ticket: Reply, Add Note, tags', () => {
	it('replies and notes, each part written once with its author', async () => {
		const ticket = newTicket();
		const [reply] = await run({ operation: 'reply', ticketId: ticket.id, adminId: admin(), body: 'We are on it' });
		const [note] = await run({ operation: 'addNote', ticketId: ticket.id, adminId: admin(), body: 'Asked engineering' });
		expect(reply.json).toMatchObject({ type: 'ticket_part', part_type: 'comment', body: '<p>We are on it</p>', ticket_id: ticket.id });
		expect(note.json).toMatchObject({ part_type: 'note', body: '<p>Asked engineering</p>' });
		expect(ticket.parts.map((p) => [p.part_type, p.body, p.author.id])).toEqual([
			['comment', '<p>We are on it</p>', admin()],
			['note', '<p>Asked engineering</p>', admin()],
		]);
	});

	it('refuses an empty reply before any request', async () => {
		sandbox.resetStats();
		expect(await refusal(run({ operation: 'reply', ticketId: newTicket().id, adminId: admin(), body: '' }))).toBe('Item 0: Message is empty');
		expect(sandbox.log).toEqual([]);
	});

	it('writes every reply exactly once under 2 % commit-then-fail: none twice, none lost', async () => {
		const tickets = Array.from({ length: 10 }, () => newTicket());
		const items = Array.from({ length: 200 }, (_, i) => ({ ticket: tickets[i % tickets.length].id, text: `Update ${i}` }));
		// Seeded: the first 200 draws of seed 3 hold 8 faults, so the retry path runs on every run.
		const prng = createPrng(3);
		sandbox.setFaults('POST /tickets/{id}/reply', { commitThenFail: 0.02, random: () => prng.next() });
		const output = await run(
			{ operation: 'reply', ticketId: (item: IDataObject) => item.ticket, adminId: admin(), body: (item: IDataObject) => item.text, options: { maxAttempts: 10 } },
			items,
		);
		expect(output).toHaveLength(items.length);
		const failed = sandbox.log.filter((e) => e.route === 'POST /tickets/{id}/reply' && e.fault !== undefined);
		expect(failed.length).toBeGreaterThan(0);
		for (const item of items) {
			const parts = (store().tickets.get(item.ticket)?.parts ?? []).filter((p) => p.body === `<p>${item.text}</p>`);
			expect(parts).toHaveLength(1);
		}
		expect(new Set(output.map((o) => o.json.id)).size).toBe(items.length);
	}, 60_000);

	it('adds and removes a tag by name (the one tag rule)', async () => {
		const ticket = newTicket();
		const tag = [...sandbox.state.tags.values()][0];
		const [added] = await run({ operation: 'addTag', ticketId: ticket.id, adminId: admin(), tag: { mode: 'name', value: tag.name.toUpperCase() } });
		expect(added.json).toMatchObject({ type: 'tag', id: tag.id, ticket_id: ticket.id });
		expect(ticket.tags.map((t) => t.id)).toEqual([tag.id]);
		await run({ operation: 'removeTag', ticketId: ticket.id, adminId: admin(), tag: { mode: 'id', value: tag.id } });
		expect(ticket.tags).toEqual([]);
	});

	it('removes a tag once when the removal lands but its answer is lost', async () => {
		const ticket = newTicket();
		const tag = [...sandbox.state.tags.values()][1];
		store().applyTag(ticket, tag, admin());
		sandbox.failNext('DELETE /tickets/{id}/tags/{tag_id}', 'commit-then-500', 1);
		const [item] = await run({ operation: 'removeTag', ticketId: ticket.id, adminId: admin(), tag: { mode: 'id', value: tag.id } });
		expect(item.json).toMatchObject({ id: tag.id });
		expect(ticket.tags).toEqual([]);
	});

	it('refuses a tag the workspace does not have before any write', async () => {
		sandbox.resetStats();
		const error = await refusal(run({ operation: 'addTag', ticketId: newTicket().id, adminId: admin(), tag: { mode: 'name', value: 'no-such-tag' } }));
		expect(error).toBe('Item 0: Tag "no-such-tag" is not a tag of this workspace');
		expect(writes()).toEqual([]);
	});
});

describe('Ticket: Get Many', () => {
	it('finds the tickets of a type in a state, as the sandbox holds them', async () => {
		const type = store().typeNamed('Billing question');
		const made = Array.from({ length: 5 }, (_, i) => newTicket('Billing question', contacts()[i].id));
		made[0].ticket_state = { ...store().stateOf('resolved') };
		made[1].ticket_state = { ...store().stateOf('resolved') };
		const output = await run({ operation: 'getMany', returnAll: true, ticketFilters: { ticketTypeId: type.id, states: ['resolved'] } });
		const expected = [...store().tickets.values()].filter((t) => t.ticket_type.id === type.id && t.ticket_state.category === 'resolved').map((t) => t.id);
		expect(output.map((o) => o.json.id).sort()).toEqual(expected.sort());
		expect(expected).toEqual(expect.arrayContaining([made[0].id, made[1].id]));
	});

	it('returns all tickets across pages, or stops at the limit', async () => {
		const contact = contacts()[9].id;
		for (let i = 0; i < 160; i++) newTicket('Outage', contact);
		const all = await run({ operation: 'getMany', returnAll: true });
		expect(all).toHaveLength(store().tickets.size);
		expect(new Set(all.map((o) => o.json.id)).size).toBe(store().tickets.size);
		expect(sandbox.log.filter((e) => e.route === 'POST /tickets/search').length).toBeGreaterThanOrEqual(2);
		const some = await run({ operation: 'getMany', returnAll: false, limit: 7 });
		expect(some).toHaveLength(7);
	});

	it('filters by creation dates and the admin assignee', async () => {
		const old = newTicket();
		old.created_at = 1_600_000_000;
		old.admin_assignee_id = Number(admin());
		const output = await run({
			operation: 'getMany',
			returnAll: true,
			ticketFilters: { createdBefore: '2021-01-01T00:00:00Z', adminAssigneeId: admin() },
		});
		expect(output.map((o) => o.json.id)).toEqual([old.id]);
	});
});

describe('Ticket: linked conversations', () => {
	it('links a conversation to a tracker ticket and unlinks it', async () => {
		const tracker = newTicket('Outage');
		const conversation = sandbox.state.addConversation({ contactId: contacts()[4].id });
		const [linked] = await run({ operation: 'linkConversation', ticketId: tracker.id, conversationId: byId(conversation.id) });
		expect(linked.json).toMatchObject({ type: 'conversation', id: conversation.id });
		expect(conversation.linked_objects.data).toEqual([{ type: 'ticket', id: tracker.id, category: 'Tracker' }]);
		expect(tracker.linked_objects.data).toEqual([{ type: 'conversation', id: conversation.id, category: null }]);
		await run({ operation: 'unlinkConversation', ticketId: tracker.id, conversationId: byId(conversation.id) });
		expect(conversation.linked_objects.data).toEqual([]);
		expect(tracker.linked_objects.total_count).toBe(0);
	});

	it('links once when the link lands but its answer is lost', async () => {
		const tracker = newTicket('Outage');
		const conversation = sandbox.state.addConversation({ contactId: contacts()[5].id });
		sandbox.failNext('POST /tickets/{id}/linked_conversations', 'commit-then-reset', 1);
		const [linked] = await run({ operation: 'linkConversation', ticketId: tracker.id, conversationId: byId(conversation.id) });
		expect(linked.json.id).toBe(conversation.id);
		expect(tracker.linked_objects.data).toHaveLength(1);
	});

	it("says so when the ticket is not a tracker (Intercom's answer)", async () => {
		const ticket = newTicket();
		const conversation = sandbox.state.addConversation({ contactId: contacts()[6].id });
		const error = await refusal(run({ operation: 'linkConversation', ticketId: ticket.id, conversationId: byId(conversation.id) }));
		expect(error).toContain('Only tracker tickets support linking conversations');
	});
});

describe('Conversation: Convert to Ticket', () => {
	it('converts a conversation to a customer ticket with its attributes; the conversation links to it', async () => {
		const conversation = sandbox.state.addConversation({ contactId: contacts()[7].id, title: 'Crash on upload', body: 'It crashes' });
		const [item] = await kit.run({
			parameters: {
				resource: 'conversation',
				operation: 'convertToTicket',
				conversationId: byId(conversation.id),
				ticketTypeId: bug().id,
				attributesInput: 'json',
				attributesJson: '{"Severity": "Critical", "Steps to reproduce": "Upload a 2 GB file"}',
			},
		});
		const ticketId = store().converted.get(conversation.id);
		expect(item.json.id).toBe(ticketId);
		expect(store().tickets.get(String(ticketId))?.ticket_attributes).toMatchObject({ _default_title_: 'Crash on upload', Severity: severityId('Critical') });
		expect(conversation.linked_objects.data).toEqual([{ type: 'ticket', id: ticketId, category: 'Customer' }]);
	});

	it('converts once when the conversion lands but its answer is lost', async () => {
		const conversation = sandbox.state.addConversation({ contactId: contacts()[8].id });
		sandbox.failNext('POST /conversations/{id}/convert', 'commit-then-500', 1);
		const [item] = await kit.run({
			parameters: {
				resource: 'conversation',
				operation: 'convertToTicket',
				conversationId: byId(conversation.id),
				ticketTypeId: store().typeNamed('Billing question').id,
				attributes: { attribute: [{ name: 'Invoice number', value: 'INV-7' }] },
			},
		});
		expect(item.json.id).toBe(store().converted.get(conversation.id));
		expect([...store().tickets.values()].filter((t) => t.linked_objects.data.some((o) => o.id === conversation.id))).toHaveLength(1);
	});

	it.each([
		['a tracker type', () => ({ ticketTypeId: store().typeNamed('Outage').id }), 'Item 0: Ticket Type "Outage" is a Tracker type; a conversation converts to a customer ticket type only'],
		['a missing required attribute', () => ({ ticketTypeId: bug().id }), 'Item 0: Attributes misses "Severity", required for a "Bug report" ticket'],
	])('refuses %s before writing', async (_, override, message) => {
		const conversation = sandbox.state.addConversation({ contactId: contacts()[0].id });
		sandbox.resetStats();
		const error = await refusal(kit.run({ parameters: { resource: 'conversation', operation: 'convertToTicket', conversationId: byId(conversation.id), ...override() } }));
		expect(error).toBe(message);
		expect(writes()).toEqual([]);
	});
});
