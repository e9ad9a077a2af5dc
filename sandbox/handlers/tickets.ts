import { ApiError, invalid } from '../errors';
import { wrapBody } from '../html';
import { paginate, parsePerPage } from '../pagination';
import { compileSearch, type FieldDef } from '../search';
import { adminAuthor, contactAuthor, type SandboxState } from '../state';
import {
	DESCRIPTION,
	tagNotFound,
	ticketNotFound,
	ticketTitle,
	toTicket,
	TITLE,
	type TicketRecord,
	type TicketType,
} from '../tickets';
import type { PartAuthor } from '../types';
import { bodyObject, findAdmin, findConversation, ok, optionalId, optionalString, requiredId, type Handler } from './context';

/**
 * Intercom 2.16's ticket routes: ticket types and states, tickets (create, get, update, reply,
 * tags, search), linked conversations of tracker tickets, and converting a conversation.
 */

const findTicket = (state: SandboxState, id: string): TicketRecord => {
	const ticket = /^\d+$/.test(id) ? state.tickets.tickets.get(id) : undefined;
	if (!ticket) throw ticketNotFound();
	return ticket;
};

const findType = (state: SandboxState, id: string): TicketType => {
	const type = state.tickets.types.get(id);
	if (!type) throw new ApiError(404, 'ticket_type_not_found', 'Ticket type not found', 'ticket_type_id');
	return type;
};

function attributesOf(input: Record<string, unknown>, field: string): Record<string, unknown> {
	const value = input[field];
	if (value === undefined || value === null) return {};
	if (typeof value !== 'object' || Array.isArray(value)) throw invalid(`${field} must be an object`, field);
	return value as Record<string, unknown>;
}

const touch = (ticket: TicketRecord, now: number) => {
	ticket.updated_at = Math.max(ticket.updated_at, now);
};

export const listTicketTypes: Handler = ({ state }) => ok({ type: 'list', data: [...state.tickets.types.values()].map((t) => structuredClone(t)) });

export const getTicketType: Handler = ({ state, params }) => ok(structuredClone(findType(state, params.id)));

export const listTicketStates: Handler = ({ state }) =>
	ok({
		type: 'list',
		data: state.tickets.states.map((s) => ({
			...s,
			archived: false,
			ticket_types: {
				type: 'list',
				data: [...state.tickets.types.values()].map(({ ticket_type_attributes: _a, ticket_states: _s, ...type }) => ({ ...type })),
			},
		})),
	});

/** POST /tickets: a ticket of a type for one contact (by id, external_id or email), its attributes checked against the type. */
export const createTicket: Handler = ({ state, body, now }) => {
	const input = bodyObject(body);
	const type = findType(state, requiredId(input, 'ticket_type_id'));
	const contacts = input.contacts;
	if (!Array.isArray(contacts) || contacts.length === 0) throw invalid('contacts is required', 'contacts');
	if (contacts.length > 1) throw invalid('Only one contact is allowed', 'contacts');
	const ref = bodyObject(contacts[0]);
	const contact = [...state.contacts.values()].find((c) =>
		ref.id !== undefined ? c.id === ref.id : ref.external_id !== undefined ? c.external_id === ref.external_id : c.email === ref.email,
	);
	if (!contact) throw new ApiError(404, 'contact_not_found', 'Contact not found', 'contacts');
	const attributes = attributesOf(input, 'ticket_attributes');
	state.tickets.checkAttributes(type, attributes, { creating: true });
	const assignment = input.assignment === undefined ? {} : bodyObject(input.assignment);
	const adminAssignee = optionalId(assignment, 'admin_assignee_id');
	const teamAssignee = optionalId(assignment, 'team_assignee_id');
	if (adminAssignee !== undefined) findAdmin(state, adminAssignee);
	if (teamAssignee !== undefined && !state.teams.has(teamAssignee)) throw new ApiError(404, 'team_not_found', 'Team not found', 'team_assignee_id');
	const createdAt = typeof input.created_at === 'number' && Number.isInteger(input.created_at) ? input.created_at : now;
	const ticket = state.tickets.addTicket({
		type,
		contactIds: [contact.id],
		attributes,
		createdAt,
		adminAssigneeId: adminAssignee === undefined ? 0 : Number(adminAssignee),
		teamAssigneeId: teamAssignee === undefined ? 0 : Number(teamAssignee),
	});
	state.tickets.countWrite(ticket.id);
	return ok(toTicket(ticket));
};

export const getTicket: Handler = ({ state, params, readLagMs }) => {
	const ticket = findTicket(state, params.id);
	return ok(toTicket(ticket, ticket.parts.filter((p) => !state.isFresh(p, readLagMs)).slice(-500)));
};

/** PUT /tickets/{id}: attributes, state, assignee (admin or team; "0" unassigns both), open/closed, snooze, sharing. */
export const updateTicket: Handler = ({ state, params, body, now }) => {
	const ticket = findTicket(state, params.id);
	const input = bodyObject(body);
	const adminId = optionalId(input, 'admin_id');
	const actor: PartAuthor = adminId !== undefined ? adminAuthor(findAdmin(state, adminId)) : adminAuthor(state.me);
	const attributes = attributesOf(input, 'ticket_attributes');
	state.tickets.checkAttributes(ticket.ticket_type, attributes, { creating: false });
	const stateId = optionalId(input, 'ticket_state_id');
	const newState = stateId === undefined ? undefined : ticket.ticket_type.ticket_states.data.find((s) => s.id === stateId);
	if (stateId !== undefined && !newState) throw invalid(`ticket_state_id ${stateId} is not a state of this ticket type`, 'ticket_state_id');
	const assigneeId = optionalId(input, 'assignee_id');
	if (assigneeId !== undefined && assigneeId !== '0' && !state.admins.has(assigneeId) && !state.teams.has(assigneeId)) {
		throw new ApiError(404, 'assignee_not_found', 'Assignee not found', 'assignee_id');
	}
	for (const field of ['open', 'is_shared'] as const) {
		if (input[field] !== undefined && typeof input[field] !== 'boolean') throw invalid(`${field} must be a boolean`, field);
	}
	const snooze = input.snoozed_until;
	if (snooze !== undefined && (typeof snooze !== 'number' || !Number.isInteger(snooze) || snooze <= now)) {
		throw invalid('snoozed_until must be a timestamp in the future', 'snoozed_until');
	}

	Object.assign(ticket.ticket_attributes, attributes);
	if (newState && newState.id !== ticket.ticket_state.id) {
		const previous = ticket.ticket_state;
		ticket.previous_ticket_state_id = previous.id;
		ticket.ticket_state = { ...newState };
		ticket.parts.push(
			state.tickets.newPart({ part_type: 'ticket_state_updated_by_admin', body: null, author: actor, ticket_state: newState.category, previous_ticket_state: previous.category }),
		);
	}
	if (assigneeId === '0') {
		ticket.admin_assignee_id = 0;
		ticket.team_assignee_id = 0;
	} else if (assigneeId !== undefined) {
		if (state.admins.has(assigneeId)) ticket.admin_assignee_id = Number(assigneeId);
		else ticket.team_assignee_id = Number(assigneeId);
		ticket.parts.push(state.tickets.newPart({ part_type: 'assignment', body: null, author: actor, assigned_to: { type: state.admins.has(assigneeId) ? 'admin' : 'team', id: assigneeId } }));
	}
	if (typeof input.is_shared === 'boolean') ticket.is_shared = input.is_shared;
	if (typeof snooze === 'number') ticket.snoozed_until = snooze;
	if (input.open === false) {
		ticket.open = false;
		ticket.snoozed_until = null;
	} else if (input.open === true) {
		ticket.open = true;
	}
	touch(ticket, now);
	return ok(toTicket(ticket));
};

/** POST /tickets/{id}/reply: an admin comment or note (body required), or a contact's comment → the new part (`ticket_reply`). */
export const replyTicket: Handler = ({ state, params, body, now }) => {
	const ticket = findTicket(state, params.id);
	const input = bodyObject(body);
	const messageType = input.message_type;
	let author: PartAuthor;
	if (input.type === 'admin') {
		if (messageType !== 'comment' && messageType !== 'note') throw invalid('message_type must be comment or note', 'message_type');
		author = adminAuthor(findAdmin(state, requiredId(input, 'admin_id')));
	} else if (input.type === 'user') {
		if (messageType !== 'comment') throw invalid('message_type must be comment for a contact reply', 'message_type');
		const id = optionalId(input, 'intercom_user_id');
		const contact = id === undefined ? undefined : state.contacts.get(id);
		if (!contact) throw new ApiError(404, 'not_found', 'User Not Found', 'intercom_user_id');
		author = contactAuthor(contact);
	} else {
		throw invalid("Type isn't an option (use 'admin' or 'user')", 'type');
	}
	const text = optionalString(input, 'body');
	if (text === undefined || text.trim() === '') throw invalid(`body is required for message_type ${String(messageType)}`, 'body');
	const part = state.tickets.newPart({ part_type: messageType, body: wrapBody(text), author, app_package_code: 'sandbox-app', created_at: now });
	ticket.parts.push(part);
	state.tickets.countWrite(ticket.id);
	touch(ticket, now);
	const { ticket_state: _s, previous_ticket_state: _p, assigned_to: _a, app_package_code: _c, ...reply } = structuredClone(part);
	return ok(reply);
};

export const attachTagToTicket: Handler = ({ state, params, body, now }) => {
	const ticket = findTicket(state, params.id);
	const input = bodyObject(body);
	const tag = state.tags.get(requiredId(input, 'id'));
	const admin = findAdmin(state, requiredId(input, 'admin_id'));
	if (!tag) throw tagNotFound();
	const applied = state.tickets.applyTag(ticket, tag, admin.id);
	touch(ticket, now);
	return ok({ type: 'tag', id: applied.id, name: applied.name });
};

export const detachTagFromTicket: Handler = ({ state, params, body, now }) => {
	const ticket = findTicket(state, params.id);
	findAdmin(state, requiredId(bodyObject(body), 'admin_id'));
	const index = ticket.tags.findIndex((t) => t.id === params.tag_id);
	if (index === -1) throw tagNotFound();
	const [removed] = ticket.tags.splice(index, 1);
	touch(ticket, now);
	return ok({ type: 'tag', id: removed.id, name: removed.name });
};

function trackerTicket(state: SandboxState, id: string, verb: string): TicketRecord {
	const ticket = findTicket(state, id);
	if (ticket.category !== 'Tracker') throw new ApiError(400, 'invalid_ticket_type', `Only tracker tickets support ${verb} conversations`);
	return ticket;
}

const conversationNotFound = () => new ApiError(404, 'conversation_not_found', 'Conversation not found');

/** POST /tickets/{id}/linked_conversations: linking again to the same tracker changes nothing; another tracker is refused. */
export const linkConversation: Handler = ({ state, params, body, now }) => {
	const tracker = trackerTicket(state, params.id, 'linking');
	const input = bodyObject(body);
	const conversationId = optionalId(input, 'conversation_id');
	if (conversationId === undefined) throw new ApiError(400, 'parameter_not_found', 'conversation_id not specified');
	const conversation = state.conversations.get(conversationId);
	if (!conversation) throw conversationNotFound();
	const current = state.tickets.trackerOf(conversation);
	if (current !== undefined && current !== tracker.id) {
		throw new ApiError(400, 'already_linked_to_tracker', 'A conversation can only have one tracker ticket');
	}
	state.tickets.linkConversation(tracker, conversation);
	touch(tracker, now);
	const { parts: _parts, ...rest } = structuredClone(conversation);
	return ok(rest);
};

export const unlinkConversation: Handler = ({ state, params, now }) => {
	const tracker = trackerTicket(state, params.id, 'unlinking');
	const conversation = state.conversations.get(params.conversation_id);
	if (!conversation || state.tickets.trackerOf(conversation) !== tracker.id) throw conversationNotFound();
	state.tickets.unlinkConversation(tracker, conversation);
	touch(tracker, now);
	const { parts: _parts, ...rest } = structuredClone(conversation);
	return ok(rest);
};

/** POST /conversations/{id}/convert: to a customer ticket type only, once per conversation. */
export const convertConversation: Handler = ({ state, params, body }) => {
	const conversation = findConversation(state, params.id);
	const input = bodyObject(body);
	const type = findType(state, requiredId(input, 'ticket_type_id'));
	if (type.category !== 'Customer') throw invalid('Ticket type is not a customer ticket type', 'ticket_type_id');
	if (state.tickets.converted.has(conversation.id)) throw invalid('Conversation has already been converted to a ticket', 'conversation_id');
	const attributes = attributesOf(input, 'attributes');
	state.tickets.checkAttributes(type, { [TITLE]: conversation.title ?? 'Converted conversation', ...attributes }, { creating: true });
	const ticket = state.tickets.convert(conversation, type, { [TITLE]: conversation.title ?? 'Converted conversation', ...attributes }, adminAuthor(state.me));
	state.tickets.countWrite(ticket.id);
	return ok(toTicket(ticket));
};

const SEARCH_CATEGORY: Record<string, string> = { Customer: 'request', 'Back-office': 'task', Tracker: 'tracker' };

/** The searchable ticket fields of the 2.16 documentation. */
export const TICKET_SEARCH_FIELDS: Record<string, FieldDef<TicketRecord>> = {
	id: { kind: 'string', get: (t) => t.id },
	created_at: { kind: 'integer', get: (t) => t.created_at },
	updated_at: { kind: 'integer', get: (t) => t.updated_at },
	title: { kind: 'string', get: ticketTitle },
	description: { kind: 'string', get: (t) => (t.ticket_attributes[DESCRIPTION] as string | undefined) ?? null },
	category: { kind: 'string', get: (t) => SEARCH_CATEGORY[t.category] },
	ticket_type_id: { kind: 'string', get: (t) => t.ticket_type.id },
	contact_ids: { kind: 'string', multi: true, get: (t) => t.contacts.contacts.map((c) => c.id) },
	admin_assignee_id: { kind: 'string', get: (t) => String(t.admin_assignee_id) },
	team_assignee_id: { kind: 'string', get: (t) => String(t.team_assignee_id) },
	open: { kind: 'boolean', get: (t) => t.open },
	state: { kind: 'string', get: (t) => t.ticket_state.category },
	snoozed_until: { kind: 'integer', get: (t) => t.snoozed_until },
};

/** POST /tickets/search; tickets reach the index only after the read lag. */
export const searchTickets: Handler = ({ state, body, version, readLagMs }) => {
	const input = bodyObject(body);
	if (input.query === undefined) throw invalid('query is required', 'query');
	const predicate = compileSearch(input.query, TICKET_SEARCH_FIELDS, 'ticket', version);
	const pagination = input.pagination === undefined ? {} : bodyObject(input.pagination);
	const matches = [...state.tickets.tickets.values()].filter((t) => predicate(t) && !state.isFresh(t, readLagMs));
	const page = paginate(matches, parsePerPage(pagination.per_page), pagination.starting_after);
	return ok({ type: 'ticket.list', tickets: page.items.map((t) => toTicket(t)), total_count: page.total, pages: page.pages });
};
