import type { IDataObject } from 'n8n-workflow';
import type { SearchQuery } from '../helpers/searchQuery';
import type { IntercomClient } from '../transport';
import { appendOnce, patientReadBack, scopeOf, type ReadBack } from './appendOnce';
import { claim, isClaimed } from './claims';
import { listPagination, pages, searchPagination, type Page, type Paged } from './pages';
import { isSameWrite, type Authored, type WrittenText } from './writtenText';

/**
 * Intercom's conversation endpoints, each path written once. Every call that adds a part is an
 * `append` sent exactly once (appendOnce.ts): after an ambiguous failure (a 5xx or a dropped
 * connection that may have been applied) the transport reads the conversation back and sends
 * again only when the part is not there, and a part one request wrote or found is claimed, so
 * it never counts for another. State changes also check the state they set.
 */

export interface Part extends IDataObject {
	id?: string;
	part_type?: string;
}

export interface Conversation extends IDataObject {
	id: string;
	state?: string;
	snoozed_until?: number | null;
	admin_assignee_id?: number | null;
	team_assignee_id?: number | null;
	conversation_parts?: { type?: string; conversation_parts?: Part[]; total_count?: number };
}

export interface ConversationList extends Paged {
	conversations?: IDataObject[];
}

export type UnassignFrom = 'admin' | 'team' | 'both';

const conversationPath = (id: string) => `/conversations/${id}`;
const tagsPath = (id: string) => `${conversationPath(id)}/tags`;
const partScope = (id: string) => `conversation/${id}`;

/** GET /conversations/{id}: with its 500 most recent parts; `plainText` asks for text bodies. */
export async function getConversation(client: IntercomClient, id: string, { plainText = false } = {}): Promise<Conversation> {
	return await client.request<Conversation>({
		method: 'GET',
		path: conversationPath(id),
		qs: plainText ? { display_as: 'plaintext' } : undefined,
	});
}

/** One page of GET /conversations (most recently updated first). */
export async function listConversations(client: IntercomClient, page: Page): Promise<ConversationList> {
	return await client.request<ConversationList>({
		method: 'GET',
		path: '/conversations',
		qs: listPagination(page),
	});
}

/** One page of POST /conversations/search: a read, so retried like one. */
export async function searchConversations(client: IntercomClient, query: SearchQuery, page: Page): Promise<ConversationList> {
	return await client.request<ConversationList>({
		method: 'POST',
		path: '/conversations/search',
		retry: 'idempotent',
		body: { query, pagination: searchPagination(page) },
	});
}

/**
 * Conversations page by page (pages.ts): the list without a query, the search with one; stops
 * after `limit` conversations.
 */
export function conversationPages(client: IntercomClient, query: SearchQuery | undefined, limit = Infinity): AsyncGenerator<IDataObject[]> {
	const fetch = (page: Page) => (query ? searchConversations(client, query, page) : listConversations(client, page));
	return pages(fetch, (list) => list.conversations, limit);
}

/** PUT /conversations/{id}: sets fields, so sending it twice is harmless. */
export async function updateConversation(client: IntercomClient, id: string, body: IDataObject): Promise<IDataObject> {
	return await client.request<IDataObject>({ method: 'PUT', path: conversationPath(id), body, retry: 'idempotent' });
}

/**
 * The read-back of a write that adds a part: the newest unclaimed part of `partTypes` by the
 * same admin with the same text since the first attempt; it claims that part and returns the
 * conversation as the write endpoint would, with that part only. `isApplied`, for state changes
 * (close, snooze, unassign…), must also hold for the conversation as read back.
 */
export function conversationPartReadBack(
	conversationId: string,
	partTypes: string[],
	written: WrittenText,
	isApplied?: (conversation: Conversation) => boolean,
): ReadBack {
	return async (reader, sinceSeconds) => {
		const conversation = await getConversation(reader, conversationId);
		if (isApplied && !isApplied(conversation)) return undefined;
		const scope = scopeOf(reader, partScope(conversationId));
		const part = [...(conversation.conversation_parts?.conversation_parts ?? [])]
			.reverse()
			.find(
				(p) =>
					partTypes.includes(p.part_type ?? '') &&
					!isClaimed(scope, String(p.id)) &&
					isSameWrite(p as Authored, written, sinceSeconds),
			);
		if (!part) return undefined;
		claim(scope, String(part.id));
		return {
			...conversation,
			conversation_parts: { type: 'conversation_part.list', conversation_parts: [part], total_count: 1 },
		};
	};
}

/** Claims the part a write returned: the newest one that is this write's (else the newest). */
function claimReturnedPart(client: IntercomClient, conversationId: string, partTypes: string[], written: WrittenText) {
	return (result: unknown) => {
		const parts = (result as Conversation | undefined)?.conversation_parts?.conversation_parts ?? [];
		const part =
			[...parts].reverse().find((p) => partTypes.includes(p.part_type ?? '') && isSameWrite(p as Authored, written, 0)) ??
			parts[parts.length - 1];
		if (part?.id !== undefined) claim(scopeOf(client, partScope(conversationId)), String(part.id));
	};
}

/** POST /conversations/{id}/parts or /reply, exactly once. */
async function addPart(
	client: IntercomClient,
	conversationId: string,
	endpoint: 'parts' | 'reply',
	body: IDataObject & { admin_id: string },
	partTypes: string[],
	isApplied?: (c: Conversation) => boolean,
): Promise<Conversation> {
	const written = { adminId: body.admin_id, body: typeof body.body === 'string' ? body.body : '' };
	return await appendOnce<Conversation>(
		client,
		{ method: 'POST', path: `${conversationPath(conversationId)}/${endpoint}`, body },
		{
			scope: partScope(conversationId),
			written,
			find: conversationPartReadBack(conversationId, partTypes, written, isApplied),
			claim: claimReturnedPart(client, conversationId, partTypes, written),
		},
	);
}

export async function close(client: IntercomClient, conversationId: string, adminId: string, body?: string) {
	return await addPart(
		client,
		conversationId,
		'parts',
		{ message_type: 'close', type: 'admin', admin_id: adminId, ...(body !== undefined && { body }) },
		['close'],
		(c) => c.state === 'closed',
	);
}

export async function snooze(client: IntercomClient, conversationId: string, adminId: string, until: number) {
	return await addPart(
		client,
		conversationId,
		'parts',
		{ message_type: 'snoozed', admin_id: adminId, snoozed_until: until },
		['snoozed'],
		(c) => c.state === 'snoozed' && Number(c.snoozed_until) === until,
	);
}

export async function open(client: IntercomClient, conversationId: string, adminId: string) {
	return await addPart(client, conversationId, 'parts', { message_type: 'open', admin_id: adminId }, ['open'], (c) => c.state === 'open');
}

/** In 2.16 an unassigned conversation has `0` (earlier versions: null). */
const isUnassigned = (id: unknown) => id === 0 || id === '0' || id === null;

/** Assigns to an admin or a team (`assigneeId` `0`: to nobody), with an optional message. */
export async function assign(
	client: IntercomClient,
	conversationId: string,
	adminId: string,
	type: 'admin' | 'team',
	assigneeId: string,
	body?: string,
): Promise<Conversation> {
	return await addPart(
		client,
		conversationId,
		'parts',
		{ message_type: 'assignment', type, admin_id: adminId, assignee_id: assigneeId, ...(body !== undefined && { body }) },
		['assignment', 'assign_and_reopen'],
		(c) => {
			const current = type === 'admin' ? c.admin_assignee_id : c.team_assignee_id;
			return assigneeId === '0' ? isUnassigned(current) : String(current) === assigneeId;
		},
	);
}

/** Removes the admin, the team, or both (admin first, then team: one call each). */
export async function unassign(
	client: IntercomClient,
	conversationId: string,
	adminId: string,
	from: UnassignFrom,
): Promise<Conversation[]> {
	const results: Conversation[] = [];
	for (const type of from === 'both' ? (['admin', 'team'] as const) : [from]) {
		results.push(await assign(client, conversationId, adminId, type, '0'));
	}
	return results;
}

/** An admin reply (`comment`, shown to the customer) or an internal `note`. */
export async function reply(
	client: IntercomClient,
	conversationId: string,
	adminId: string,
	messageType: 'comment' | 'note',
	body: string,
	attachmentUrls: string[] = [],
): Promise<Conversation> {
	return await addPart(
		client,
		conversationId,
		'reply',
		{
			message_type: messageType,
			type: 'admin',
			admin_id: adminId,
			body,
			...(attachmentUrls.length > 0 && { attachment_urls: attachmentUrls }),
		},
		[messageType],
	);
}

/** Tagging twice keeps one tag, so a retry is harmless. Answers with the applied tag. */
export async function attachTag(client: IntercomClient, conversationId: string, adminId: string, tagId: string) {
	return await client.request<IDataObject>({
		method: 'POST',
		path: tagsPath(conversationId),
		body: { id: tagId, admin_id: adminId },
		retry: 'idempotent',
	});
}

/**
 * A second DELETE after one that landed would answer 404 `tag_not_found`: after an ambiguous
 * failure, read the conversation back and stop when the tag is gone.
 */
export async function detachTag(client: IntercomClient, conversationId: string, adminId: string, tag: { id: string; name: string }) {
	return await client.request<IDataObject>({
		method: 'DELETE',
		path: `${tagsPath(conversationId)}/${tag.id}`,
		body: { admin_id: adminId },
		retry: 'append',
		readBack: patientReadBack(async (reader) => {
			const conversation = (await getConversation(reader, conversationId)) as { tags?: { tags?: Array<{ id?: unknown }> } };
			const applied = (conversation.tags?.tags ?? []).some((t) => String(t.id) === tag.id);
			return applied ? undefined : { type: 'tag', id: tag.id, name: tag.name };
		}),
	});
}

/** The last answer, with the parts every call of the operation added, in order. */
export function withParts(last: Conversation, earlier: Conversation[]): Conversation {
	const parts = [...earlier, last].flatMap((c) => c.conversation_parts?.conversation_parts ?? []);
	return {
		...last,
		conversation_parts: { type: 'conversation_part.list', conversation_parts: parts, total_count: parts.length },
	};
}
