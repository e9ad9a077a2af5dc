import { invalid, notFound } from '../errors';
import { wrapBody } from '../html';
import { toConversation } from '../serialize';
import { addTeammate, adminAuthor, contactAuthor, type SandboxState } from '../state';
import { refreshReplyStatistics } from '../statistics';
import type { Contact, ConversationPart, ConversationRecord, PartAttachment } from '../types';
import { bodyObject, findAdmin, findConversation, ok, optionalId, optionalString, requiredId, type Handler } from './context';

const MAX_ATTACHMENTS = 10;

/**
 * POST /conversations/{id}/reply: admin comment / note / quick_reply, or a contact comment.
 * An admin reply leaves a closed conversation closed, but a comment wakes a snoozed one (Intercom's default; Preview's
 * `skip_unsnooze` opts out). A contact reply reopens the conversation and sets `waiting_since`.
 */
export const replyConversation: Handler = ({ state, params, body, now }) => {
	const input = bodyObject(body);
	const messageType = input.message_type;
	if (messageType === undefined) throw invalid('message_type is required', 'message_type');
	if (input.type === 'user') return contactReply(state, params.id, input, now);
	if (input.type !== 'admin') throw invalid("Type isn't an option (use 'admin' or 'user')", 'type');
	const conversation = findConversation(state, params.id);
	if (messageType !== 'comment' && messageType !== 'note' && messageType !== 'quick_reply') {
		throw invalid('message_type must be one of comment, note, quick_reply', 'message_type');
	}
	const admin = findAdmin(state, requiredId(input, 'admin_id'));
	const text = optionalString(input, 'body');
	if (messageType !== 'quick_reply' && (text === undefined || text.trim() === '')) {
		throw invalid(`body is required for message_type ${messageType}`, 'body');
	}
	const attachments = parseAttachments(input.attachment_urls);
	const metadata: Record<string, unknown> = {};
	if (messageType === 'quick_reply') {
		if (!Array.isArray(input.reply_options) || input.reply_options.length === 0) {
			throw invalid('reply_options are required for message_type quick_reply', 'reply_options');
		}
		metadata.quick_reply_options = input.reply_options;
	}
	const createdAt = typeof input.created_at === 'number' && Number.isInteger(input.created_at) ? input.created_at : now;
	const part = state.newPart({
		part_type: messageType,
		author: adminAuthor(admin),
		body: text !== undefined && text !== '' ? wrapBody(text) : null,
		attachments,
		metadata,
		created_at: createdAt,
		viaApi: true,
	});
	if (messageType !== 'note') {
		const stats = conversation.statistics;
		stats.first_admin_reply_at ??= now;
		stats.time_to_admin_reply ??= now - conversation.created_at;
		stats.last_admin_reply_at = now;
		conversation.waiting_since = null;
		if (conversation.state === 'snoozed' && input.skip_unsnooze !== true) {
			conversation.state = 'open';
			conversation.snoozed_until = null;
		}
	}
	addTeammate(conversation, admin.id);
	return finish(state, conversation, part, now);
};

function contactReply(state: SandboxState, id: string, input: Record<string, unknown>, now: number) {
	if (input.message_type !== 'comment') throw invalid('message_type must be comment for a contact reply', 'message_type');
	const text = optionalString(input, 'body');
	if (text === undefined || text.trim() === '') throw invalid('body is required', 'body');
	const contact = findContact(state, input);
	let conversation: ConversationRecord;
	if (id === 'last') {
		const mine = [...state.conversations.values()].filter((c) => c.contacts.contacts.some((x) => x.id === contact.id));
		const last = mine.sort((a, b) => b.updated_at - a.updated_at)[0];
		if (!last) throw notFound();
		conversation = last;
	} else {
		conversation = findConversation(state, id);
	}
	const part = state.newPart({
		part_type: 'comment',
		author: contactAuthor(contact),
		body: wrapBody(text),
		attachments: parseAttachments(input.attachment_urls),
		created_at: now,
		viaApi: true,
	});
	state.awaitingContactReply.delete(conversation.id);
	if (conversation.state === 'closed') conversation.statistics.count_reopens++;
	conversation.state = 'open';
	conversation.open = true;
	conversation.snoozed_until = null;
	conversation.waiting_since ??= now;
	conversation.statistics.last_contact_reply_at = now;
	contact.last_replied_at = now;
	return finish(state, conversation, part, now);
}

function findContact(state: SandboxState, input: Record<string, unknown>): Contact {
	const intercomUserId = optionalId(input, 'intercom_user_id');
	const email = optionalString(input, 'email');
	const userId = optionalId(input, 'user_id');
	if (intercomUserId === undefined && email === undefined && userId === undefined) {
		throw invalid('one of intercom_user_id, email or user_id is required', 'intercom_user_id');
	}
	for (const contact of state.contacts.values()) {
		if (intercomUserId !== undefined ? contact.id === intercomUserId : email !== undefined ? contact.email === email : contact.external_id === userId) {
			return contact;
		}
	}
	throw notFound('User Not Found');
}

function finish(state: SandboxState, conversation: ConversationRecord, part: ConversationPart, now: number) {
	conversation.updated_at = Math.max(conversation.updated_at, now);
	state.appendPart(conversation, part, true);
	refreshReplyStatistics(conversation);
	return ok(toConversation(conversation, {}, [part]));
}

function parseAttachments(value: unknown): PartAttachment[] {
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value) || value.some((u) => typeof u !== 'string')) {
		throw invalid('attachment_urls must be an array of URLs', 'attachment_urls');
	}
	if (value.length > MAX_ATTACHMENTS) throw invalid(`attachment_urls accepts at most ${MAX_ATTACHMENTS} URLs`, 'attachment_urls');
	return (value as string[]).map((url) => ({
		type: 'upload',
		name: url.split('/').pop() || 'attachment',
		url,
		content_type: 'application/octet-stream',
	}));
}
