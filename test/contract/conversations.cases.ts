import type { Case } from './case';

/** Contract cases of the conversations routes (see case.ts). */
export const CASES: Case[] = [
	// POST /conversations (a contact's message) and POST /messages (an admin's): new conversations.
	{
		name: 'create conversation from a user',
		route: 'POST /conversations',
		path: () => '/conversations',
		body: (f) => ({ from: { type: 'user', id: f.contact }, body: 'Hello there' }),
		status: 200,
	},
	{
		name: 'create conversation from a lead, back-dated',
		route: 'POST /conversations',
		path: () => '/conversations',
		body: (f) => ({ from: { type: 'lead', id: f.state.addContact({ role: 'lead' }).id }, body: 'Imported', created_at: 1671028894 }),
		status: 200,
	},
	{
		name: 'create conversation for an unknown contact',
		route: 'POST /conversations',
		path: () => '/conversations',
		body: () => ({ from: { type: 'user', id: 'ffffffffffffffffffffffff' }, body: 'Hello there' }),
		status: 404,
	},
	{
		name: 'create conversation without a body',
		route: 'POST /conversations',
		path: () => '/conversations',
		body: (f) => ({ from: { type: 'user', id: f.contact } }),
		status: 400,
		validRequest: false,
	},
	{
		name: 'admin in-app message to a user',
		route: 'POST /messages',
		path: () => '/messages',
		body: (f) => ({ message_type: 'in_app', body: 'heyy', from: { type: 'admin', id: Number(f.admin) }, to: { type: 'user', id: f.contact } }),
		status: 200,
	},
	{
		name: 'admin email to a user, opened in the inbox',
		route: 'POST /messages',
		path: () => '/messages',
		body: (f) => ({
			message_type: 'email',
			subject: 'Your order',
			body: 'It shipped.',
			template: 'plain',
			from: { type: 'admin', id: Number(f.admin) },
			to: { type: 'user', id: f.contact },
			create_conversation_without_contact_reply: true,
		}),
		status: 200,
	},
	{
		name: 'admin email without a subject',
		route: 'POST /messages',
		path: () => '/messages',
		body: (f) => ({ message_type: 'email', body: 'hey there', template: 'plain', from: { type: 'admin', id: Number(f.admin) }, to: { type: 'user', id: f.contact } }),
		status: 422,
		validRequest: false,
	},
	{
		name: 'admin message without a body',
		route: 'POST /messages',
		path: () => '/messages',
		body: (f) => ({ message_type: 'in_app', from: { type: 'admin', id: Number(f.admin) }, to: { type: 'user', id: f.contact } }),
		status: 400,
		validRequest: false,
	},
];
