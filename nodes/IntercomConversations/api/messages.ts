import type { IDataObject } from 'n8n-workflow';
import { conversationPages } from './conversations';
import { allOf, type SingleFilter } from '../helpers/searchQuery';
import type { IntercomClient } from '../transport';
import { appendOnce, scopeOf, type ReadBack } from './appendOnce';
import { claim, isClaimed } from './claims';
import { findContactByEmail, getContact, type Contact } from './contacts';
import { isSameWrite, type Authored, type WrittenText } from './writtenText';

/**
 * The two endpoints that start a conversation, each path written once: POST /conversations (a
 * contact's message) and POST /messages (an admin's). Both answer with the Message model, whose
 * `conversation_id` is the new conversation. Both are appends sent exactly once (appendOnce.ts):
 * after an ambiguous failure the read-back searches the contact's conversations started since
 * the first attempt by the same author with the same text, and claims the one it takes, so two
 * items with the same text to the same contact start two conversations.
 */

export interface Message extends IDataObject {
	type?: string;
	id?: string;
	created_at?: number;
	subject?: string;
	body?: string;
	message_type?: string;
	conversation_id?: string;
}

/** A contact as the `from` of POST /conversations or the `to` of POST /messages. */
export interface ContactAs {
	type: 'user' | 'lead';
	id: string;
}

export interface AdminMessage {
	messageType: 'in_app' | 'email';
	/** Email only (required there). */
	subject?: string;
	body: string;
	/** Email only: `plain` or `personal`. */
	template?: string;
	adminId: string;
	to: ContactAs;
	/** Opens the conversation in the inbox without waiting for the contact's reply. */
	openNow?: boolean;
}

interface ListedConversation {
	id?: string | number;
	created_at?: number;
	source?: { id?: string; subject?: string; body?: string; author?: { id?: string | number | null } };
}

/** Claims of new conversations: per contact, the conversations items started or found. */
const newConversationsScope = (contactId: string) => `contact/${contactId}/conversations`;

/** A contact as Intercom knows it: its ID and role. By email, undefined when no contact has it. */
export async function contactAs(client: IntercomClient, ref: { id: string } | { email: string }): Promise<ContactAs | undefined> {
	const found = 'id' in ref ? ((await getContact(client, ref.id)) as Contact) : await findContactByEmail(client, ref.email);
	if (!found) return undefined;
	return { type: found.role === 'lead' ? 'lead' : 'user', id: String(found.id) };
}

/**
 * The read-back of a new conversation: an unclaimed conversation of the contact whose opening
 * message has this author and text, started since the first attempt (or at the back-dated
 * `created_at`), and `subject` when given; claimed once found, answered as the endpoint would.
 */
function newConversationReadBack(
	contactId: string,
	written: WrittenText,
	match: { createdAt?: number; subject?: string },
	toMessage: (conversation: ListedConversation) => Message,
): ReadBack {
	return async (reader, sinceSeconds) => {
		const since = match.createdAt ?? sinceSeconds;
		const filters: SingleFilter[] = [
			{ field: 'contact_ids', operator: '=', value: contactId },
			{ field: 'source.author.id', operator: '=', value: written.adminId },
			match.createdAt === undefined
				? { field: 'created_at', operator: '>', value: since - 1 }
				: { field: 'created_at', operator: '=', value: match.createdAt },
		];
		const scope = scopeOf(reader, newConversationsScope(contactId));
		for await (const page of conversationPages(reader, allOf(filters))) {
			const found = (page as ListedConversation[]).find((c) => {
				const opening: Authored = { body: c.source?.body, created_at: c.created_at, author: c.source?.author ?? undefined };
				return (
					!isClaimed(scope, String(c.id)) &&
					isSameWrite(opening, written, since) &&
					(match.subject === undefined || c.source?.subject === match.subject)
				);
			});
			if (found) {
				claim(scope, String(found.id));
				return toMessage(found);
			}
		}
		return undefined;
	};
}

/** Claims the conversation a successful write started. */
const claimStarted = (client: IntercomClient, contactId: string) => (result: unknown) => {
	const id = (result as Message | undefined)?.conversation_id;
	if (id !== undefined && id !== null) claim(scopeOf(client, newConversationsScope(contactId)), String(id));
};

/** POST /conversations, exactly once: the contact's message opens a conversation (`createdAt`: back-dated, for migrations). */
export async function createConversation(client: IntercomClient, from: ContactAs, body: string, createdAt?: number): Promise<Message> {
	const written = { adminId: from.id, body };
	return await appendOnce<Message>(
		client,
		{ method: 'POST', path: '/conversations', body: { from, body, ...(createdAt !== undefined && { created_at: createdAt }) } },
		{
			scope: newConversationsScope(from.id),
			written,
			find: newConversationReadBack(from.id, written, { createdAt }, (c) => ({
				type: 'user_message',
				id: c.source?.id,
				created_at: c.created_at,
				body,
				message_type: 'inapp',
				conversation_id: String(c.id),
			})),
			claim: claimStarted(client, from.id),
		},
	);
}

/** The OpenAPI types `from.id` of POST /messages as an integer. */
const adminIdValue = (id: string): number | string => (Number.isSafeInteger(Number(id)) ? Number(id) : id);

/**
 * POST /messages: an admin's in-app message or email to one contact, never sent twice.
 * Opened in the inbox now (`openNow`), it is sent exactly once: its conversation can be read
 * back. Otherwise Intercom shows no conversation until the contact replies, so nothing can
 * tell whether an ambiguous failure landed: the message is not sent again and the failure
 * (kind `ambiguous`) goes to the caller.
 */
export async function sendAdminMessage(client: IntercomClient, message: AdminMessage): Promise<Message> {
	const { messageType, subject, body, template, adminId, to, openNow } = message;
	const email = messageType === 'email';
	const written = { adminId, body };
	const request = {
		method: 'POST' as const,
		path: '/messages',
		body: {
			message_type: messageType,
			...(email && { subject, template: template ?? 'plain' }),
			body,
			from: { type: 'admin', id: adminIdValue(adminId) },
			to,
			...(openNow === true && { create_conversation_without_contact_reply: true }),
		},
	};
	if (openNow !== true) return await client.request<Message>({ ...request, retry: 'append' });
	return await appendOnce<Message>(
		client,
		request,
		{
			scope: newConversationsScope(to.id),
			written,
			find: newConversationReadBack(to.id, written, { subject: email ? subject : undefined }, (c) => ({
				type: 'admin_message',
				id: c.source?.id,
				created_at: c.created_at,
				...(email && { subject }),
				body,
				message_type: email ? 'email' : 'inapp',
				conversation_id: String(c.id),
			})),
			claim: claimStarted(client, to.id),
		},
	);
}
