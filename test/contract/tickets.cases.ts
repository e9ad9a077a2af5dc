import type { SandboxState } from '../../sandbox';
import type { Case, Fixtures } from './case';

/** Contract cases of the tickets, ticket types and states, convert and macros routes (see case.ts). */

const bug = (s: SandboxState) => s.tickets.typeNamed('Bug report');
const severity = (s: SandboxState) =>
	(bug(s).ticket_type_attributes.ticket_type_attributes.find((a) => a.name === 'Severity')?.input_options.list_options as Array<{ id: string }>)[0].id;
const ticketOf = (f: Fixtures, type = 'Bug report') =>
	f.state.tickets.addTicket({ type: f.state.tickets.typeNamed(type), contactIds: [f.contact], attributes: { _default_title_: 'Contract' } }).id;
const tracker = (f: Fixtures) => ticketOf(f, 'Outage');
/** A conversation not closed and not linked to a tracker yet. */
const unlinkedConversation = (f: Fixtures) => f.state.addConversation({ contactId: f.contact }).id;

export const CASES: Case[] = [
	{ name: 'list ticket types', route: 'GET /ticket_types', path: () => '/ticket_types', status: 200 },
	{ name: 'list ticket types, bad token', route: 'GET /ticket_types', path: () => '/ticket_types', status: 401, token: 'nope' },
	{ name: 'get ticket type', route: 'GET /ticket_types/{id}', path: (f) => `/ticket_types/${bug(f.state).id}`, status: 200 },
	{ name: 'get unknown ticket type', route: 'GET /ticket_types/{id}', path: () => '/ticket_types/999', status: 404 },
	{ name: 'list ticket states', route: 'GET /ticket_states', path: () => '/ticket_states', status: 200 },
	{
		name: 'create ticket',
		route: 'POST /tickets',
		path: () => '/tickets',
		body: (f) => ({
			ticket_type_id: bug(f.state).id,
			contacts: [{ id: f.contact }],
			ticket_attributes: { _default_title_: 'Export broken', _default_description_: 'Nothing happens', Severity: severity(f.state) },
			assignment: { admin_assignee_id: f.admin, team_assignee_id: f.team },
		}),
		status: 200,
	},
	{
		name: 'create ticket without a required attribute',
		route: 'POST /tickets',
		path: () => '/tickets',
		body: (f) => ({ ticket_type_id: bug(f.state).id, contacts: [{ id: f.contact }], ticket_attributes: { _default_title_: 'No severity' } }),
		status: 400,
	},
	{
		name: 'create ticket for an unknown contact',
		route: 'POST /tickets',
		path: () => '/tickets',
		body: (f) => ({ ticket_type_id: bug(f.state).id, contacts: [{ id: 'ffffffffffffffffffffffff' }], ticket_attributes: {} }),
		status: 404,
	},
	{ name: 'get ticket', route: 'GET /tickets/{id}', path: (f) => `/tickets/${ticketOf(f)}`, status: 200 },
	{ name: 'get unknown ticket', route: 'GET /tickets/{id}', path: () => '/tickets/1', status: 404 },
	{
		name: 'update ticket: state, assignee, attributes',
		route: 'PUT /tickets/{id}',
		path: (f) => `/tickets/${ticketOf(f)}`,
		body: (f) => ({
			ticket_state_id: f.state.tickets.stateOf('in_progress').id,
			assignee_id: f.team,
			admin_id: Number(f.admin),
			ticket_attributes: { _default_description_: 'Updated' },
		}),
		status: 200,
	},
	{ name: 'close and unsnooze a ticket', route: 'PUT /tickets/{id}', path: (f) => `/tickets/${ticketOf(f)}`, body: () => ({ open: false }), status: 200 },
	// The spec declares PUT's 400 and 404 without a body, so the error case checked here is the 401.
	{ name: 'update ticket, bad token', route: 'PUT /tickets/{id}', path: (f) => `/tickets/${ticketOf(f)}`, body: () => ({ open: true }), status: 401, token: 'nope' },
	{
		name: 'reply to a ticket',
		route: 'POST /tickets/{id}/reply',
		path: (f) => `/tickets/${ticketOf(f)}/reply`,
		body: (f) => ({ message_type: 'comment', type: 'admin', admin_id: f.admin, body: 'On it' }),
		status: 200,
	},
	{
		name: 'note on a ticket',
		route: 'POST /tickets/{id}/reply',
		path: (f) => `/tickets/${ticketOf(f)}/reply`,
		body: (f) => ({ message_type: 'note', type: 'admin', admin_id: f.admin, body: '<b>Internal</b>' }),
		status: 200,
	},
	{
		name: 'reply to an unknown ticket',
		route: 'POST /tickets/{id}/reply',
		path: () => '/tickets/1/reply',
		body: (f) => ({ message_type: 'comment', type: 'admin', admin_id: f.admin, body: 'On it' }),
		status: 404,
	},
	{
		name: 'reply without a body',
		route: 'POST /tickets/{id}/reply',
		path: (f) => `/tickets/${ticketOf(f)}/reply`,
		body: (f) => ({ message_type: 'comment', type: 'admin', admin_id: f.admin }),
		status: 400,
	},
	{ name: 'tag a ticket', route: 'POST /tickets/{id}/tags', path: (f) => `/tickets/${ticketOf(f)}/tags`, body: (f) => ({ id: f.tag, admin_id: f.admin }), status: 200 },
	{ name: 'tag a ticket with an unknown tag', route: 'POST /tickets/{id}/tags', path: (f) => `/tickets/${ticketOf(f)}/tags`, body: (f) => ({ id: '1', admin_id: f.admin }), status: 404 },
	{
		name: 'untag a ticket',
		route: 'DELETE /tickets/{id}/tags/{tag_id}',
		path: (f) => {
			const id = ticketOf(f);
			const ticket = f.state.tickets.tickets.get(id);
			const tag = f.state.tags.get(f.tag);
			if (ticket && tag) f.state.tickets.applyTag(ticket, tag, f.admin);
			return `/tickets/${id}/tags/${f.tag}`;
		},
		body: (f) => ({ admin_id: f.admin }),
		status: 200,
	},
	{ name: 'untag a tag the ticket does not have', route: 'DELETE /tickets/{id}/tags/{tag_id}', path: (f) => `/tickets/${ticketOf(f)}/tags/${f.tag}`, body: (f) => ({ admin_id: f.admin }), status: 404 },
	{
		name: 'search tickets',
		route: 'POST /tickets/search',
		path: () => '/tickets/search',
		body: (f) => ({
			query: { operator: 'AND', value: [{ field: 'ticket_type_id', operator: '=', value: bug(f.state).id }, { field: 'created_at', operator: '>', value: 1 }] },
			pagination: { per_page: 5 },
		}),
		status: 200,
	},
	{ name: 'search tickets by an unknown field', route: 'POST /tickets/search', path: () => '/tickets/search', body: () => ({ query: { field: 'colour', operator: '=', value: 'x' } }), status: 400 },
	{
		name: 'link a conversation to a tracker',
		route: 'POST /tickets/{id}/linked_conversations',
		path: (f) => `/tickets/${tracker(f)}/linked_conversations`,
		body: (f) => ({ conversation_id: unlinkedConversation(f) }),
		status: 200,
	},
	{
		name: 'link to a ticket that is not a tracker',
		route: 'POST /tickets/{id}/linked_conversations',
		path: (f) => `/tickets/${ticketOf(f)}/linked_conversations`,
		body: (f) => ({ conversation_id: f.open }),
		status: 400,
	},
	{
		name: 'link an unknown conversation',
		route: 'POST /tickets/{id}/linked_conversations',
		path: (f) => `/tickets/${tracker(f)}/linked_conversations`,
		body: () => ({ conversation_id: '1' }),
		status: 404,
	},
	{
		name: 'unlink a conversation from a tracker',
		route: 'DELETE /tickets/{id}/linked_conversations/{conversation_id}',
		path: (f) => {
			const id = tracker(f);
			const conversation = f.state.addConversation({ contactId: f.contact });
			const ticket = f.state.tickets.tickets.get(id);
			if (ticket) f.state.tickets.linkConversation(ticket, conversation);
			return `/tickets/${id}/linked_conversations/${conversation.id}`;
		},
		status: 200,
	},
	{
		name: 'unlink a conversation that is not linked',
		route: 'DELETE /tickets/{id}/linked_conversations/{conversation_id}',
		path: (f) => `/tickets/${tracker(f)}/linked_conversations/${f.open}`,
		status: 404,
	},
	{
		name: 'convert a conversation to a ticket',
		route: 'POST /conversations/{id}/convert',
		path: (f) => `/conversations/${unlinkedConversation(f)}/convert`,
		body: (f) => ({ ticket_type_id: bug(f.state).id, attributes: { Severity: severity(f.state) } }),
		status: 200,
	},
	{
		name: 'convert to a tracker type',
		route: 'POST /conversations/{id}/convert',
		path: (f) => `/conversations/${unlinkedConversation(f)}/convert`,
		body: (f) => ({ ticket_type_id: f.state.tickets.typeNamed('Outage').id }),
		status: 400,
	},
	{ name: 'list macros', route: 'GET /macros', path: () => '/macros?per_page=2', status: 200 },
	{ name: 'list macros, bad token', route: 'GET /macros', path: () => '/macros', status: 401, token: 'nope' },
	{ name: 'get macro', route: 'GET /macros/{id}', path: (f) => `/macros/${[...f.state.tickets.macros.keys()][0]}`, status: 200 },
	{ name: 'get unknown macro', route: 'GET /macros/{id}', path: () => '/macros/1', status: 404 },
];
