import { ApiError, invalid, notFound } from '../errors';
import { wrapBody } from '../html';
import { addTeammate, adminAuthor, type SandboxState } from '../state';
import type { Contact, ConversationRecord } from '../types';
import { bodyObject, findAdmin, ok, optionalString, requiredId, type Handler } from './context';

/**
 * New conversations (Intercom 2.16):
 * - POST /conversations: a contact's message (`from: {type: user|lead|contact, id}`, `body`, optional
 *   `created_at` for migrations) opens a conversation whose source is that message; 404 "User Not Found"
 *   for an unknown contact (or one of another role), 400 without a body.
 * - POST /messages: an admin's message (`in_app`, or `email` with a subject) to one or more contacts;
 *   it opens a conversation too (source delivered as `admin_initiated`), whose id the answer carries.
 * Both answer with the Message model: `id` is the message's (the conversation's `source.id`).
 * A new conversation shows in search only after the read lag (a search index is behind its writes).
 */

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function objectField(input: Record<string, unknown>, field: string): Record<string, unknown> {
	const value = input[field];
	if (value === undefined || value === null) throw invalid(`${field} is required`, field);
	if (typeof value !== 'object' || Array.isArray(value)) throw invalid(`${field} must be an object`, field);
	return value as Record<string, unknown>;
}

function optionalTimestamp(input: Record<string, unknown>, field: string): number | undefined {
	const value = input[field];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw invalid(`${field} must be a Unix timestamp in seconds`, field);
	return value;
}

/** A contact of that role (`contact`: any role); Intercom answers "User Not Found" otherwise. */
function contactAs(state: SandboxState, type: unknown, id: string, field: string): Contact {
	const roles = ['user', 'lead', 'contact'];
	if (typeof type !== 'string' || !roles.includes(type)) throw invalid(`${field}.type must be one of ${roles.join(', ')}`, `${field}.type`);
	const contact = state.contacts.get(id);
	if (!contact || (type !== 'contact' && contact.role !== type)) throw notFound('User Not Found');
	return contact;
}

function requiredBody(input: Record<string, unknown>): string {
	const body = optionalString(input, 'body');
	if (body === undefined || body.trim() === '') throw invalid('Body is required', 'body');
	return body;
}

/** The conversation a new message opens, visible to reads at once and to search after the read lag. */
function openConversation(state: SandboxState, contacts: Contact[], body: string, createdAt: number, now: number): ConversationRecord {
	const conversation = state.addConversation({ contactId: contacts[0].id, body, created_at: createdAt });
	conversation.updated_at = Math.max(createdAt, now);
	conversation.contacts.contacts = contacts.map((c) => ({ type: 'contact', id: c.id, external_id: c.external_id }));
	state.writtenAtMs.set(conversation, state.nowMs());
	return conversation;
}

export const createConversation: Handler = ({ state, body, now }) => {
	const input = bodyObject(body);
	const from = objectField(input, 'from');
	const contact = contactAs(state, from.type, requiredId(from, 'id'), 'from');
	const text = requiredBody(input);
	const createdAt = optionalTimestamp(input, 'created_at') ?? now;
	const conversation = openConversation(state, [contact], `<p>${escapeHtml(text)}</p>`, createdAt, now);
	conversation.source.author.type = contact.role;
	return ok({
		type: 'user_message',
		id: conversation.source.id,
		created_at: createdAt,
		body: text,
		message_type: 'inapp',
		conversation_id: conversation.id,
	});
};

const MESSAGE_TYPES: Record<string, 'inapp' | 'email'> = { in_app: 'inapp', inapp: 'inapp', email: 'email' };
const TEMPLATES = ['plain', 'personal'];

export const createMessage: Handler = ({ state, body, now }) => {
	const input = bodyObject(body);
	const rawType = input.message_type;
	if (rawType === 'whatsapp') throw invalid('whatsapp messages need an approved template; the sandbox does not send them', 'message_type');
	const messageType = typeof rawType === 'string' ? MESSAGE_TYPES[rawType] : undefined;
	if (!messageType) throw invalid('message_type must be one of in_app, email, whatsapp', 'message_type');
	const text = requiredBody(input);
	const subject = optionalString(input, 'subject');
	if (messageType === 'email' && (subject === undefined || subject.trim() === '')) {
		throw new ApiError(422, 'parameter_not_found', 'No subject supplied for email message', 'subject');
	}
	const template = optionalString(input, 'template');
	if (template !== undefined && !TEMPLATES.includes(template)) throw invalid(`template must be one of ${TEMPLATES.join(', ')}`, 'template');
	const from = objectField(input, 'from');
	if (from.type !== 'admin') throw invalid('from.type must be admin', 'from.type');
	const admin = findAdmin(state, requiredId(from, 'id'));
	const to = input.to;
	const recipients = Array.isArray(to) ? to : [objectField(input, 'to')];
	if (recipients.length === 0) throw invalid('to must name at least one contact', 'to');
	const contacts = recipients.map((r: unknown, i) => {
		if (typeof r !== 'object' || r === null || Array.isArray(r)) throw invalid(`to[${i}] must be an object`, 'to');
		const recipient = r as Record<string, unknown>;
		if (recipient.type === 'contact') throw invalid('to.type must be user or lead', 'to.type');
		return contactAs(state, recipient.type, requiredId(recipient, 'id'), 'to');
	});
	const opensNow = input.create_conversation_without_contact_reply;
	if (opensNow !== undefined && typeof opensNow !== 'boolean') {
		throw invalid('create_conversation_without_contact_reply must be a boolean', 'create_conversation_without_contact_reply');
	}
	const createdAt = optionalTimestamp(input, 'created_at') ?? now;

	const conversation = openConversation(state, contacts, wrapBody(text), createdAt, now);
	conversation.source = {
		...conversation.source,
		type: messageType === 'email' ? 'email' : 'conversation',
		delivered_as: 'admin_initiated',
		subject: messageType === 'email' ? (subject as string) : '',
		author: adminAuthor(admin),
	};
	conversation.waiting_since = null;
	conversation.read = true;
	conversation.first_contact_reply = null;
	conversation.statistics = { type: 'conversation_statistics', count_reopens: 0, count_assignments: 0, count_conversation_parts: 1 };
	addTeammate(conversation, admin.id);
	// Intercom: "there will be no conversation present until the contact responds" (unless opened now).
	if (opensNow !== true) state.awaitingContactReply.add(conversation.id);
	return ok({
		type: 'admin_message',
		id: conversation.source.id,
		created_at: createdAt,
		...(messageType === 'email' && { subject }),
		body: text,
		message_type: messageType,
		owner: { type: 'admin', id: admin.id, name: admin.name, email: admin.email, away_mode_enabled: admin.away_mode_enabled, away_mode_reassign: admin.away_mode_reassign },
		conversation_id: conversation.id,
	});
};
