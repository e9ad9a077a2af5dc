import type { IDataObject } from 'n8n-workflow';
import type { SearchQuery } from '../helpers/searchQuery';
import { IntercomApiError, type IntercomClient } from '../transport';
import { appendOnce, patientReadBack, scopeOf } from './appendOnce';
import { claim, isClaimed } from './claims';
import { getConversation } from './conversations';
import { MAX_PAGE_SIZE, searchPagination, type Page, type Paged } from './pages';
import { isSameWrite, normalizeBody, type Authored } from './writtenText';

/**
 * Intercom's ticket endpoints, each path written once. Writes that add something (a ticket, a
 * reply or note, a conversation's ticket, a link) are `append`s: after an ambiguous failure they
 * are read back before being sent again (appendOnce.ts, claims.ts), like conversation parts.
 */

export const TITLE_ATTRIBUTE = '_default_title_';
export const DESCRIPTION_ATTRIBUTE = '_default_description_';

export interface TicketTypeAttribute {
	id: string;
	name: string;
	description?: string;
	data_type?: string;
	required_to_create?: boolean;
	input_options?: { list_options?: Array<{ id: string; label: string }> } | null;
	archived?: boolean;
}

export interface TicketType {
	id: string;
	name?: string;
	category?: string;
	archived?: boolean;
	ticket_type_attributes?: { ticket_type_attributes?: TicketTypeAttribute[] };
}

export interface TicketState {
	id: string;
	category?: string;
	internal_label?: string;
	external_label?: string;
	ticket_types?: { data?: Array<{ id: string }> };
}

export interface TicketPart extends IDataObject {
	id?: string;
	part_type?: string;
}

export interface Ticket extends IDataObject {
	id: string;
	ticket_attributes?: Record<string, unknown>;
	ticket_type?: { id?: string };
	created_at?: number;
	contacts?: { contacts?: Array<{ id?: string }> };
	ticket_parts?: { ticket_parts?: TicketPart[] };
}

export interface TicketList extends Paged {
	tickets?: Ticket[];
}

const ticketPath = (id: string) => `/tickets/${id}`;
const partScope = (id: string) => `ticket/${id}`;

export async function listTicketTypes(client: IntercomClient): Promise<TicketType[]> {
	const { data } = await client.request<{ data?: TicketType[] }>({ method: 'GET', path: '/ticket_types' });
	return (data ?? []).map((t) => ({ ...t, id: String(t.id) }));
}

export async function listTicketStates(client: IntercomClient): Promise<TicketState[]> {
	const { data } = await client.request<{ data?: TicketState[] }>({ method: 'GET', path: '/ticket_states' });
	return (data ?? []).map((s) => ({ ...s, id: String(s.id) }));
}

export async function getTicket(client: IntercomClient, id: string): Promise<Ticket> {
	return await client.request<Ticket>({ method: 'GET', path: ticketPath(id) });
}

/** One page of POST /tickets/search: a read, so retried like one. */
export async function searchTickets(client: IntercomClient, query: SearchQuery, page: Page): Promise<TicketList> {
	return await client.request<TicketList>({
		method: 'POST',
		path: '/tickets/search',
		retry: 'idempotent',
		body: { query, pagination: searchPagination(page) },
	});
}

export interface NewTicket {
	ticketTypeId: string;
	contactId: string;
	attributes: Record<string, unknown>;
	adminAssigneeId?: string;
	teamAssigneeId?: string;
}

const titleOf = (t: { ticket_attributes?: Record<string, unknown> }) => normalizeBody(String(t.ticket_attributes?.[TITLE_ATTRIBUTE] ?? ''));

/**
 * POST /tickets, exactly once: after an ambiguous failure, a search for a ticket of this type and
 * contact created since the first attempt, with the same title, not claimed by another item.
 */
export async function createTicket(client: IntercomClient, ticket: NewTicket): Promise<Ticket> {
	const scope = `ticket-create/${ticket.ticketTypeId}/${ticket.contactId}`;
	const title = String(ticket.attributes[TITLE_ATTRIBUTE] ?? '');
	const assignment = {
		...(ticket.adminAssigneeId !== undefined && { admin_assignee_id: ticket.adminAssigneeId }),
		...(ticket.teamAssigneeId !== undefined && { team_assignee_id: ticket.teamAssigneeId }),
	};
	return await appendOnce<Ticket>(
		client,
		{
			method: 'POST',
			path: '/tickets',
			body: {
				ticket_type_id: ticket.ticketTypeId,
				contacts: [{ id: ticket.contactId }],
				ticket_attributes: ticket.attributes,
				...(Object.keys(assignment).length > 0 && { assignment }),
			},
		},
		{
			scope,
			written: { adminId: '', body: title },
			find: async (reader, sinceSeconds) => {
				const claims = scopeOf(reader, scope);
				const query: SearchQuery = {
					operator: 'AND',
					value: [
						{ field: 'ticket_type_id', operator: '=', value: ticket.ticketTypeId },
						{ field: 'contact_ids', operator: '=', value: ticket.contactId },
						{ field: 'created_at', operator: '>', value: sinceSeconds - 1 },
					],
				};
				const found = ((await searchTickets(reader, query, { perPage: MAX_PAGE_SIZE })).tickets ?? []).find(
					(t) => !isClaimed(claims, String(t.id)) && titleOf(t) === normalizeBody(title),
				);
				if (found) claim(claims, String(found.id));
				return found;
			},
			claim: (result) => {
				const id = (result as Ticket | undefined)?.id;
				if (id !== undefined) claim(scopeOf(client, scope), String(id));
			},
		},
	);
}

/** PUT /tickets/{id}: sets fields, so sending it twice is harmless. */
export async function updateTicket(client: IntercomClient, id: string, body: IDataObject): Promise<Ticket> {
	return await client.request<Ticket>({ method: 'PUT', path: ticketPath(id), body, retry: 'idempotent' });
}

/** POST /tickets/{id}/reply (a `comment` or a `note`), exactly once; answers with the new part. */
export async function replyToTicket(
	client: IntercomClient,
	ticketId: string,
	adminId: string,
	messageType: 'comment' | 'note',
	body: string,
): Promise<TicketPart> {
	const written = { adminId, body };
	const scope = partScope(ticketId);
	return await appendOnce<TicketPart>(
		client,
		{ method: 'POST', path: `${ticketPath(ticketId)}/reply`, body: { message_type: messageType, type: 'admin', admin_id: adminId, body } },
		{
			scope,
			written,
			find: async (reader, sinceSeconds) => {
				const claims = scopeOf(reader, scope);
				const parts = (await getTicket(reader, ticketId)).ticket_parts?.ticket_parts ?? [];
				const part = [...parts]
					.reverse()
					.find((p) => p.part_type === messageType && !isClaimed(claims, String(p.id)) && isSameWrite(p as Authored, written, sinceSeconds));
				if (part) claim(claims, String(part.id));
				return part;
			},
			claim: (result) => {
				const id = (result as TicketPart | undefined)?.id;
				if (id !== undefined) claim(scopeOf(client, scope), String(id));
			},
		},
	);
}

/** Tagging twice keeps one tag, so a retry is harmless. */
export async function attachTagToTicket(client: IntercomClient, ticketId: string, adminId: string, tagId: string): Promise<IDataObject> {
	return await client.request<IDataObject>({
		method: 'POST',
		path: `${ticketPath(ticketId)}/tags`,
		body: { id: tagId, admin_id: adminId },
		retry: 'idempotent',
	});
}

const isNotFound = (error: unknown, code: string) => error instanceof IntercomApiError && error.status === 404 && error.code === code;

/**
 * DELETE /tickets/{id}/tags/{tag_id}. The 2.16 ticket object lists no tags, so after an ambiguous
 * failure the read-back asks again: `tag_not_found` then means the first attempt removed it.
 */
export async function detachTagFromTicket(client: IntercomClient, ticketId: string, adminId: string, tag: { id: string; name: string }) {
	const request = { method: 'DELETE' as const, path: `${ticketPath(ticketId)}/tags/${tag.id}`, body: { admin_id: adminId } };
	return await client.request<IDataObject>({
		...request,
		retry: 'append',
		readBack: patientReadBack(async (reader) => {
			const gone = { type: 'tag', id: tag.id, name: tag.name };
			return await reader
				.request<IDataObject>({ ...request, retry: 'idempotent' })
				.catch(async (error: unknown) => (isNotFound(error, 'tag_not_found') ? gone : await Promise.reject(error)));
		}),
	});
}

interface Linked {
	linked_objects?: { data?: Array<{ type?: string; id?: string; category?: string | null }> };
}

const linkedTicket = (conversation: Linked, ticketId?: string, category?: string) =>
	(conversation.linked_objects?.data ?? []).find(
		(o) => o.type === 'ticket' && (ticketId === undefined || String(o.id) === ticketId) && (category === undefined || o.category === category),
	);

/** POST /tickets/{id}/linked_conversations (tracker tickets); after an ambiguous failure, the conversation is read back. */
export async function linkConversation(client: IntercomClient, ticketId: string, conversationId: string): Promise<IDataObject> {
	return await client.request<IDataObject>({
		method: 'POST',
		path: `${ticketPath(ticketId)}/linked_conversations`,
		body: { conversation_id: conversationId },
		retry: 'append',
		readBack: patientReadBack(async (reader) => {
			const { conversation_parts: _parts, ...conversation } = await getConversation(reader, conversationId);
			return linkedTicket(conversation as Linked, ticketId) ? conversation : undefined;
		}),
	});
}

/** DELETE /tickets/{id}/linked_conversations/{conversation_id}; read back like a link. */
export async function unlinkConversation(client: IntercomClient, ticketId: string, conversationId: string): Promise<IDataObject> {
	return await client.request<IDataObject>({
		method: 'DELETE',
		path: `${ticketPath(ticketId)}/linked_conversations/${conversationId}`,
		retry: 'append',
		readBack: patientReadBack(async (reader) => {
			const { conversation_parts: _parts, ...conversation } = await getConversation(reader, conversationId);
			return linkedTicket(conversation as Linked, ticketId) ? undefined : conversation;
		}),
	});
}

/**
 * POST /conversations/{id}/convert. A conversation converts once: after an ambiguous failure the
 * conversation is read back, and the customer ticket it links to is the answer.
 */
export async function convertToTicket(
	client: IntercomClient,
	conversationId: string,
	ticketTypeId: string,
	attributes: Record<string, unknown>,
): Promise<Ticket> {
	return await client.request<Ticket>({
		method: 'POST',
		path: `/conversations/${conversationId}/convert`,
		body: { ticket_type_id: ticketTypeId, ...(Object.keys(attributes).length > 0 && { attributes }) },
		retry: 'append',
		readBack: patientReadBack(async (reader) => {
			const linked = linkedTicket((await getConversation(reader, conversationId)) as Linked, undefined, 'Customer');
			return linked?.id === undefined ? undefined : await getTicket(reader, String(linked.id));
		}),
	});
}
