import type { IDataObject } from 'n8n-workflow';
import { fillMacro, placeholdersOf, unfillable } from '../nodes/IntercomConversations/helpers/macroText';
import type { Macro } from '../sandbox/tickets';
import { useNodeSandbox } from '../testkit';
import { validateLoggedRequest } from './helpers/openapi';

/**
 * The Macro option of Reply and Close, over real HTTP through the node: the macro's text becomes
 * the message with its placeholders filled from the conversation, its contact and the admin; a
 * placeholder the API gives no value for is refused (named) before anything is written.
 */

const kit = useNodeSandbox({ seed: 40, rateLimit: false });
const { sandbox, admin, byId } = kit;
// Every request body the node sent is valid for Intercom's OpenAPI 2.16.
afterEach(() => {
	const problems = sandbox.log.filter((e) => e.body !== undefined).flatMap((e) => validateLoggedRequest(e).map((p) => `${e.route}: ${p}`));
	expect(problems).toEqual([]);
});

const macroNamed = (name: string): Macro => {
	const macro = [...sandbox.state.tickets.macros.values()].find((m) => m.name === name);
	if (!macro) throw new Error(`no macro ${name}`);
	return macro;
};
const openConversation = (contactName = 'Jane Doe') => {
	const contact = sandbox.state.addContact({ name: contactName, email: `${contactName.split(' ')[0].toLowerCase()}@example.com` });
	return { conversation: sandbox.state.addConversation({ contactId: contact.id }), contact };
};
const writes = () => sandbox.log.filter((e) => e.method !== 'GET');
const refusal = async (promise: Promise<unknown>) => ((await promise.catch((e: unknown) => e)) as Error).message;
const lastPart = (id: string) => sandbox.partsFor(id).at(-1);

describe('Reply with a macro', () => {
	it("sends the macro's text with the contact's first name, the conversation ID and the teammate's name", async () => {
		const { conversation } = openConversation('Jane Doe');
		const macro = macroNamed('Refund on its way');
		const [item] = await kit.run({
			parameters: { resource: 'conversation', operation: 'reply', conversationId: byId(conversation.id), adminId: admin(), macroId: macro.id },
		});
		const teammate = sandbox.state.admins.get(admin())?.name;
		const expected = `<p>Hi Jane, the refund for conversation ${conversation.id} is on its way. ${teammate}</p>`;
		expect(lastPart(conversation.id)).toMatchObject({ part_type: 'comment', body: expected });
		expect(item.json.macro).toEqual({ id: macro.id, name: 'Refund on its way', actions: [] });
		expect((item.json.conversation_parts as IDataObject).conversation_parts).toEqual([expect.objectContaining({ body: expected })]);
	});

	it('uses a placeholder\'s default when the contact has no value, and HTML-escapes the values it fills', async () => {
		const { conversation, contact } = openConversation('Tom <b>Smith</b>');
		contact.email = 'tom&co@example.com';
		await kit.run({
			parameters: { resource: 'conversation', operation: 'reply', conversationId: byId(conversation.id), adminId: admin(), macroId: macroNamed('Plan details').id },
		});
		expect(lastPart(conversation.id)?.body).toBe('<p>Your plan: Free. Contact: tom&amp;co@example.com.</p>');
		contact.custom_attributes.plan = 'Pro';
		await kit.run({
			parameters: { resource: 'conversation', operation: 'reply', conversationId: byId(conversation.id), adminId: admin(), macroId: macroNamed('Plan details').id },
		});
		expect(lastPart(conversation.id)?.body).toBe('<p>Your plan: Pro. Contact: tom&amp;co@example.com.</p>');
	});

	it('refuses a macro with a placeholder the API cannot fill, naming it, before anything is written', async () => {
		const { conversation } = openConversation();
		sandbox.resetStats();
		const error = await refusal(
			kit.run({
				parameters: { resource: 'conversation', operation: 'reply', conversationId: byId(conversation.id), adminId: admin(), macroId: macroNamed('Order status').id },
			}),
		);
		expect(error).toBe('Item 0: Macro "Order status" has placeholder {{order.number}} that the node cannot fill');
		expect(writes()).toEqual([]);
		expect(sandbox.partsFor(conversation.id)).toEqual([]);
	});

	it.each([
		['a macro this workspace does not have', { macroId: '123' }, 'Item 0: Macro 123 is not a macro of this workspace (or not visible to this token)'],
		['a message as well as a macro', { body: 'My own words' }, 'Item 0: Message and Macro are both set'],
		['a macro ID that is not a number', { macroId: 'refund' }, 'Item 0: Macro "refund" is not a numeric ID'],
	])('refuses %s before writing', async (_, override, message) => {
		const { conversation } = openConversation();
		sandbox.resetStats();
		const parameters = { resource: 'conversation', operation: 'reply', conversationId: byId(conversation.id), adminId: admin(), macroId: macroNamed('Thanks for waiting').id, ...override };
		expect(await refusal(kit.run({ parameters }))).toBe(message);
		expect(writes()).toEqual([]);
	});

	it('replies as before without a macro (no macro in the output)', async () => {
		const { conversation } = openConversation();
		const [item] = await kit.run({ parameters: { resource: 'conversation', operation: 'reply', conversationId: byId(conversation.id), adminId: admin(), body: 'Plain' } });
		expect(item.json.macro).toBeUndefined();
		expect(lastPart(conversation.id)?.body).toBe('<p>Plain</p>');
	});
});

describe('Close with a macro', () => {
	it("closes with the macro's text as the closing message", async () => {
		const { conversation } = openConversation();
		const macro = macroNamed('Thanks for waiting');
		const [item] = await kit.run({
			parameters: { resource: 'conversation', operation: 'close', conversationId: byId(conversation.id), adminId: admin(), macroId: macro.id },
		});
		expect(conversation.state).toBe('closed');
		expect(lastPart(conversation.id)).toMatchObject({ part_type: 'close', body: '<p>Thank you for your patience! We are on it.</p>' });
		expect(item.json.macro).toEqual({ id: macro.id, name: macro.name, actions: [] });
	});
});

describe('Macro placeholders', () => {
	const html = '<p>Hi <attribute key="user.first_name" default="there"/>, <attribute key="company.name"/> <attribute key="app.id"/></p>';

	it('reads keys and defaults as the API sends them', () => {
		expect(placeholdersOf(html)).toEqual([{ key: 'user.first_name', fallback: 'there' }, { key: 'company.name' }, { key: 'app.id' }]);
		expect(unfillable(html)).toEqual(['company.name', 'app.id']);
	});

	it('fills user, conversation and teammate keys, custom attributes included', () => {
		const text = fillMacro(
			'<attribute key="user.last_name"/>|<attribute key="conversation.custom_attributes.order"/>|<attribute key="teammate.first_name"/>|<attribute key="user.phone" default="none"/>',
			{ contact: { name: 'Ada King Lovelace', phone: null }, conversation: { custom_attributes: { order: 42 } }, teammate: { name: 'Grace Hopper' } },
		);
		expect(text).toBe('King Lovelace|42|Grace|none');
	});
});

describe('Macro dropdown', () => {
	it('lists every macro across pages', async () => {
		const { getMacros } = await import('../nodes/IntercomConversations/methods/tickets');
		const store = sandbox.state.tickets;
		for (let i = 0; i < 160; i++) {
			const at = new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
			store.macros.set(String(9000 + i), { ...macroNamed('Thanks for waiting'), id: String(9000 + i), name: `Bulk ${i}`, created_at: at, updated_at: at });
		}
		sandbox.resetStats();
		const context = {
			getCredentials: async () => kit.credentials(),
			getNode: () => ({ name: 'Intercom Conversations' }),
			helpers: {},
		};
		const options = await getMacros.call(context as never);
		expect(options).toHaveLength(store.macros.size);
		expect(sandbox.log.filter((e) => e.route === 'GET /macros').length).toBe(2);
	});
});
