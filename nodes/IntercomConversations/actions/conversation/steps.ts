import type { IDataObject } from 'n8n-workflow';
import { conversationPartReadBack, type IntercomClient } from '../../transport';

/**
 * The calls the write operations are made of. Every call that adds a part to the conversation
 * is an `append` with a read-back: after an ambiguous failure (a 5xx or a dropped connection
 * that may have been applied) the transport reads the conversation and sends the call again
 * only when the part is not there, so a retry never writes a second reply, note or close.
 * State changes also check the state they set, since an earlier call of the same operation may
 * have left a part that looks the same (unassigning the admin, then the team).
 */

interface Part extends IDataObject {
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

export type UnassignFrom = 'admin' | 'team' | 'both';

const partsPath = (conversationId: string) => `/conversations/${conversationId}/parts`;

/** POST /conversations/{id}/parts (close, snooze, open, assign) with a read-back of its part. */
async function managePart(
	client: IntercomClient,
	conversationId: string,
	body: IDataObject & { admin_id: string },
	partTypes: string[],
	isApplied: (c: Conversation) => boolean,
): Promise<Conversation> {
	const text = typeof body.body === 'string' ? body.body : '';
	return await client.request<Conversation>({
		method: 'POST',
		path: partsPath(conversationId),
		body,
		retry: 'append',
		readBack: conversationPartReadBack(conversationId, partTypes, { adminId: body.admin_id, body: text }, (c) =>
			isApplied(c as Conversation),
		),
	});
}

export async function close(client: IntercomClient, conversationId: string, adminId: string, body?: string) {
	return await managePart(
		client,
		conversationId,
		{ message_type: 'close', type: 'admin', admin_id: adminId, ...(body !== undefined && { body }) },
		['close'],
		(c) => c.state === 'closed',
	);
}

export async function snooze(client: IntercomClient, conversationId: string, adminId: string, until: number) {
	return await managePart(
		client,
		conversationId,
		{ message_type: 'snoozed', admin_id: adminId, snoozed_until: until },
		['snoozed'],
		(c) => c.state === 'snoozed' && Number(c.snoozed_until) === until,
	);
}

export async function open(client: IntercomClient, conversationId: string, adminId: string) {
	return await managePart(client, conversationId, { message_type: 'open', admin_id: adminId }, ['open'], (c) => c.state === 'open');
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
	return await managePart(
		client,
		conversationId,
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
	return await client.request<Conversation>({
		method: 'POST',
		path: `/conversations/${conversationId}/reply`,
		body: {
			message_type: messageType,
			type: 'admin',
			admin_id: adminId,
			body,
			...(attachmentUrls.length > 0 && { attachment_urls: attachmentUrls }),
		},
		retry: 'append',
		readBack: conversationPartReadBack(conversationId, [messageType], { adminId, body }),
	});
}

/** Tagging twice keeps one tag, so a retry is harmless. Answers with the applied tag. */
export async function attachTag(client: IntercomClient, conversationId: string, adminId: string, tagId: string) {
	return await client.request<IDataObject>({
		method: 'POST',
		path: `/conversations/${conversationId}/tags`,
		body: { id: tagId, admin_id: adminId },
		retry: 'idempotent',
	});
}

/**
 * A second DELETE after one that landed would answer 404 `tag_not_found`: after an ambiguous
 * failure, read the conversation back and stop when the tag is gone.
 */
export async function detachTag(
	client: IntercomClient,
	conversationId: string,
	adminId: string,
	tag: { id: string; name: string },
) {
	return await client.request<IDataObject>({
		method: 'DELETE',
		path: `/conversations/${conversationId}/tags/${tag.id}`,
		body: { admin_id: adminId },
		retry: 'append',
		readBack: async (reader) => {
			const conversation = await reader.request<{ tags?: { tags?: Array<{ id?: unknown }> } }>({
				method: 'GET',
				path: `/conversations/${conversationId}`,
			});
			const applied = (conversation.tags?.tags ?? []).some((t) => String(t.id) === tag.id);
			return applied ? undefined : { type: 'tag', id: tag.id, name: tag.name };
		},
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
