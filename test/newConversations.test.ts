import { NodeOperationError, type IDataObject, type INodeExecutionData } from 'n8n-workflow';
import type { Contact, ConversationRecord } from '../sandbox';
import { createPrng } from '../sandbox/prng';
import { splitErrorOutput, useNodeSandbox, type RunOptions } from '../testkit';
import { validateLoggedRequest } from './helpers/openapi';

/**
 * Conversation → Create (a contact's message) and Send Message (an admin's), over real HTTP:
 * what the items output, what Intercom (the sandbox) holds, bad input refused before any request,
 * and one conversation per item under commit-then-fail faults.
 */

const kit = useNodeSandbox({ seed: 40, rateLimit: false });
const { sandbox, admin } = kit;
afterEach(() => {
	sandbox.clearFaults();
	sandbox.setReadLag(0);
});

type Parameters = Record<string, unknown>;
const run = (parameters: Parameters, options: Omit<RunOptions, 'credentials' | 'parameters'> = {}) =>
	kit.run({ ...options, parameters: { resource: 'conversation', ...parameters } });

let seq = 0;
/** A contact of its own for each test, so counts on the sandbox are this test's. */
const newContact = (role: Contact['role'] = 'user'): Contact =>
	sandbox.state.addContact({ role, email: `new-conversations-${++seq}@example.com` });

/** The conversations the sandbox holds with this contact whose opening message has this text. */
const startedWith = (contactId: string, text?: string): ConversationRecord[] =>
	[...sandbox.state.conversations.values()].filter(
		(c) => c.contacts.contacts.some((x) => x.id === contactId) && (text === undefined || c.source.body.includes(text)),
	);

const byId = (id: unknown) => ({ mode: 'id', value: id });
const byEmail = (email: unknown) => ({ mode: 'email', value: email });

/** Runs the node expecting it to refuse the input; returns the error and the requests it sent meanwhile. */
async function refused(parameters: Parameters, items?: IDataObject[]): Promise<{ error: NodeOperationError; requests: string[] }> {
	const mark = sandbox.log.length;
	const error = await run(parameters, { items }).then(
		() => undefined,
		(e: unknown) => e,
	);
	if (!(error instanceof NodeOperationError)) throw new Error(`expected a NodeOperationError, got ${String(error)}`);
	return { error, requests: sandbox.log.slice(mark).map((e) => `${e.method} ${e.path}`) };
}

describe('Create conversation', () => {
	it('starts a conversation from a user given by ID, and outputs it with Intercom’s answer', async () => {
		const contact = newContact();
		const [item] = await run({ operation: 'create', contact: byId(contact.id), body: 'My order #1042 has not arrived' });
		const [conversation] = startedWith(contact.id);
		expect(conversation).toBeDefined();
		expect(item.json).toMatchObject({
			type: 'conversation',
			id: conversation.id,
			state: 'open',
			message: { type: 'user_message', id: conversation.source.id, conversation_id: conversation.id, body: 'My order #1042 has not arrived' },
		});
		expect(conversation.source).toMatchObject({ author: { type: 'user', id: contact.id }, body: '<p>My order #1042 has not arrived</p>' });
		const create = sandbox.log.filter((e) => e.route === 'POST /conversations').pop();
		expect(create?.body).toEqual({ from: { type: 'user', id: contact.id }, body: 'My order #1042 has not arrived' });
		expect(validateLoggedRequest(create as never)).toEqual([]);
	});

	it('finds the contact by email, sends a lead as a lead, and keeps HTML as text', async () => {
		const lead = newContact('lead');
		const [item] = await run({ operation: 'create', contact: byEmail(lead.email), body: 'Is <b>2 < 3</b>?' });
		const [conversation] = startedWith(lead.id);
		expect(item.json.id).toBe(conversation.id);
		expect(conversation.source.author).toMatchObject({ type: 'lead', id: lead.id });
		expect(sandbox.log.filter((e) => e.route === 'POST /conversations').pop()?.body).toMatchObject({ from: { type: 'lead', id: lead.id } });
	});

	it('back-dates a conversation brought over from another tool, and Simplify keeps the id, state and message', async () => {
		const contact = newContact();
		const [item] = await run({
			operation: 'create',
			contact: byId(contact.id),
			body: 'Imported from the old helpdesk',
			createOptions: { createdAt: '2024-03-01T10:00:00Z' },
			simplify: true,
		});
		const [conversation] = startedWith(contact.id);
		expect(conversation.created_at).toBe(Date.parse('2024-03-01T10:00:00Z') / 1000);
		expect(item.json).toEqual({
			id: conversation.id,
			state: 'open',
			message: expect.objectContaining({ id: conversation.source.id, conversation_id: conversation.id }) as unknown,
		});
	});

	it('fails the item of a contact that does not exist, naming the item and the field, without writing', async () => {
		const known = newContact();
		const output = await run(
			{ operation: 'create', contact: byEmail((item: IDataObject) => item.email), body: 'Hello' },
			{ items: [{ email: known.email }, { email: 'nobody@example.com' }], onError: 'continueErrorOutput' },
		);
		const { success, errors } = splitErrorOutput(output);
		expect(success).toHaveLength(1);
		expect(errors.map((e) => e.json.error)).toEqual(['Item 1: Contact "nobody@example.com" matches no contact']);
		expect(startedWith(known.id)).toHaveLength(1);

		const unknownId = await run({ operation: 'create', contact: byId('ffffffffffffffffffffffff'), body: 'Hello' }).catch((e: unknown) => e);
		expect((unknownId as Error).message).toBe('Item 0: Contact ffffffffffffffffffffffff is not a contact of this workspace');
		expect(sandbox.log.filter((e) => e.route === 'POST /conversations' && JSON.stringify(e.body).includes('ffffffffffff'))).toEqual([]);
	});

	it.each([
		['an empty message', { body: '  ' }, 'Item 1: Message is empty'],
		['a contact ID that is not one', { contact: byId('not a contact id!') }, 'Item 1: Contact "not a contact id!" is not an Intercom contact ID'],
		['an email that is not one', { contact: byEmail('jane.example.com') }, 'Item 1: Contact "jane.example.com" is not an email address'],
		['a URL that is not a contact page', { contact: { mode: 'url', value: 'https://example.com/users/1' } }, 'Item 1: Contact "https://example.com/users/1" is not the URL of an Intercom contact'],
		['a date that is not one', { createOptions: { createdAt: 'yesterday-ish' } }, 'Item 1: Created At "yesterday-ish" is not a date'],
	])('refuses %s before any request', async (_name, bad, message) => {
		const contact = newContact();
		const good = { operation: 'create', contact: byId(contact.id), body: 'Hello' };
		// Item 0 is good, item 1 has the bad value.
		const parameters: Parameters = { ...good };
		for (const [key, value] of Object.entries(bad)) {
			parameters[key] = (_item: IDataObject, index: number) => (index === 1 ? value : ((good as Parameters)[key] ?? {}));
		}
		const { error, requests } = await refused(parameters, [{}, {}]);
		expect(error.message).toBe(message);
		expect(requests).toEqual([]);
		expect(startedWith(contact.id)).toEqual([]);
	});

	it('takes a contact from the URL of its Intercom page', async () => {
		const contact = newContact();
		await run({ operation: 'create', contact: { mode: 'url', value: `https://app.eu.intercom.com/a/apps/abc123/users/${contact.id}/all-conversations` }, body: 'Hi' });
		expect(startedWith(contact.id)).toHaveLength(1);
	});
});

describe('Send message', () => {
	it('sends an in-app message from a teammate, which opens a conversation, and outputs Intercom’s answer', async () => {
		const contact = newContact();
		const [item] = await run({ operation: 'sendMessage', adminId: admin(), contact: byId(contact.id), body: 'Your invoice is ready' });
		const [conversation] = startedWith(contact.id);
		expect(item.json).toMatchObject({
			type: 'admin_message',
			id: conversation.source.id,
			message_type: 'inapp',
			body: 'Your invoice is ready',
			conversation_id: conversation.id,
		});
		expect(item.json.subject).toBeUndefined();
		expect(conversation.source).toMatchObject({ delivered_as: 'admin_initiated', author: { type: 'admin', id: admin() } });
		const sent = sandbox.log.filter((e) => e.route === 'POST /messages').pop();
		expect(sent?.body).toEqual({
			message_type: 'in_app',
			body: 'Your invoice is ready',
			from: { type: 'admin', id: Number(admin()) },
			to: { type: 'user', id: contact.id },
		});
		expect(validateLoggedRequest(sent as never)).toEqual([]);
	});

	it('sends an email with its subject and template to a contact found by email, opened in the inbox at once', async () => {
		const lead = newContact('lead');
		const [item] = await run({
			operation: 'sendMessage',
			adminId: admin(),
			contact: byEmail(lead.email),
			messageType: 'email',
			subject: 'Your trial ends Friday',
			body: '<p>Reply to keep your data.</p>',
			messageOptions: { template: 'personal', createConversationWithoutContactReply: true },
		});
		const [conversation] = startedWith(lead.id);
		expect(item.json).toMatchObject({ type: 'admin_message', message_type: 'email', subject: 'Your trial ends Friday', conversation_id: conversation.id });
		expect(conversation.source).toMatchObject({ type: 'email', subject: 'Your trial ends Friday' });
		const sent = sandbox.log.filter((e) => e.route === 'POST /messages').pop();
		expect(sent?.body).toMatchObject({ template: 'personal', to: { type: 'lead', id: lead.id }, create_conversation_without_contact_reply: true });
		expect(validateLoggedRequest(sent as never)).toEqual([]);
	});

	it.each([
		['an email without a subject', { messageType: 'email', subject: '' }, 'Item 0: Subject is empty'],
		['an empty message', { body: '' }, 'Item 0: Message is empty'],
		['a message type that is not one', { messageType: 'sms' }, 'Item 0: Message Type "sms" is not one of in_app, email'],
		['a sender who is a team', { adminId: 'team' }, 'is a team, not an admin'],
	])('refuses %s before sending anything', async (_name, bad, message) => {
		const contact = newContact();
		const parameters: Parameters = { operation: 'sendMessage', adminId: admin(), contact: byId(contact.id), body: 'Hello', ...bad };
		if (parameters.adminId === 'team') parameters.adminId = kit.team();
		const { error, requests } = await refused(parameters);
		expect(error.message).toContain(message);
		expect(requests.filter((r) => !r.startsWith('GET /admins') && !r.startsWith('GET /teams'))).toEqual([]);
		expect(startedWith(contact.id)).toEqual([]);
	});
});

describe('One conversation per item after ambiguous failures', () => {
	/** Items: `perContact` per contact, every text twice for the same contact (deliberate twins). */
	function batch(contacts: Contact[], perContact: number, tag: string): IDataObject[] {
		return contacts.flatMap((c, i) =>
			Array.from({ length: perContact }, (_, k) => ({ contact_id: c.id, text: `${tag} ${i} #${Math.floor(k / 2)}` })),
		);
	}

	/** Each item's conversation, from its output: one distinct conversation per item, holding the item's text. */
	function expectOnePerItem(items: IDataObject[], output: INodeExecutionData[], idOf: (json: IDataObject) => unknown) {
		const { success, errors } = splitErrorOutput(output);
		expect(errors).toEqual([]);
		expect(success).toHaveLength(items.length);
		const ids = success.map((o) => String(idOf(o.json)));
		expect(new Set(ids).size).toBe(items.length);
		success.forEach((o, i) => {
			const conversation = sandbox.state.conversations.get(ids[i]) as ConversationRecord;
			expect(conversation.contacts.contacts[0].id).toBe(items[i].contact_id);
			expect(conversation.source.body).toContain(String(items[i].text));
		});
		// The sandbox's own record: no conversation lost, none twice.
		for (const contactId of new Set(items.map((i) => String(i.contact_id)))) {
			const wanted = items.filter((i) => i.contact_id === contactId).map((i) => String(i.text)).sort();
			const held = startedWith(contactId).map((c) => c.source.body.replace(/<\/?p>/g, '')).sort();
			expect(held).toEqual(wanted);
		}
	}

	const faults = (seed: number) => {
		const prng = createPrng(seed);
		return { commitThenFail: 0.02, status503: 0.02, reset: 0.01, random: () => prng.next() };
	};

	it('creates 300 conversations for 300 items under 2 % commit-then-fail (and 503s, resets, on reads too)', async () => {
		const contacts = Array.from({ length: 50 }, () => newContact());
		const items = batch(contacts, 6, 'Create under faults');
		sandbox.setFaults('*', faults(12));
		const output = await run(
			{ operation: 'create', contact: byId((item: IDataObject) => item.contact_id), body: (item: IDataObject) => item.text, options: { maxAttempts: 10 } },
			{ items, onError: 'continueErrorOutput' },
		);
		expect(sandbox.stats.faultsInjected).toBeGreaterThan(0);
		expectOnePerItem(items, output, (json) => json.id);
	}, 120_000);

	it('sends 200 messages for 200 items under 2 % commit-then-fail, commit-then-reset included', async () => {
		const contacts = Array.from({ length: 40 }, () => newContact());
		const items = batch(contacts, 5, 'Message under faults');
		sandbox.setFaults('*', faults(34));
		sandbox.setFaults('POST /messages', { ...faults(56), commitThenFailMode: 'reset' });
		const output = await run(
			{
				operation: 'sendMessage',
				adminId: admin(),
				contact: byId((item: IDataObject) => item.contact_id),
				body: (item: IDataObject) => item.text,
				messageOptions: { createConversationWithoutContactReply: true },
				options: { maxAttempts: 10 },
			},
			{ items, onError: 'continueErrorOutput' },
		);
		expectOnePerItem(items, output, (json) => json.conversation_id);
	}, 120_000);

	it('without Open in Inbox Now, a message whose answer was lost fails its item and is not sent again', async () => {
		const [contact, other] = [newContact(), newContact()];
		sandbox.failNext('POST /messages', 'commit-then-500', 1);
		const items = [
			{ contact_id: contact.id, text: 'Your refund is on its way' },
			{ contact_id: other.id, text: 'Your refund is on its way' },
		];
		const output = await run(
			{ operation: 'sendMessage', adminId: admin(), contact: byId((item: IDataObject) => item.contact_id), body: (item: IDataObject) => item.text },
			{ items, onError: 'continueErrorOutput' },
		);
		const { success, errors } = splitErrorOutput(output);
		expect(errors).toHaveLength(1);
		expect(errors[0].json.error).toBe('Item 0: Intercom did not confirm the message, and it was not sent again');
		expect(String(errors[0].json.message)).toContain('Open in Inbox Now');
		expect(success.map((o) => o.json.conversation_id)).toEqual([startedWith(other.id)[0].id]);
		// Intercom kept the first one (the answer was lost), once: it is not sent again.
		const sent = sandbox.log.filter((e) => e.route === 'POST /messages' && JSON.stringify(e.body).includes(contact.id));
		expect(sent.map((e) => e.status)).toEqual([500]);
		expect(startedWith(contact.id)).toHaveLength(1);
	}, 60_000);

	it('finds a write that landed when search lags it, and keeps two identical items apart', async () => {
		const contact = newContact();
		sandbox.setReadLag(1_500);
		sandbox.failNext('POST /conversations', 'commit-then-500', 2);
		const items = [{ contact_id: contact.id, text: 'Same words twice' }, { contact_id: contact.id, text: 'Same words twice' }];
		const output = await run(
			{ operation: 'create', contact: byId((item: IDataObject) => item.contact_id), body: (item: IDataObject) => item.text },
			{ items },
		);
		expectOnePerItem(items, output, (json) => json.id);
		// Both writes landed and failed; each item's read-back found one, so neither was sent again.
		const sent = sandbox.log.filter((e) => e.route === 'POST /conversations' && JSON.stringify(e.body).includes(contact.id));
		expect(sent.map((e) => e.status)).toEqual([500, 500]);
	}, 60_000);
});
