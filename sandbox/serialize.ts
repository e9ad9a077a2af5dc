import { toPlainText } from './html';
import type { ConversationPart, ConversationRecord } from './types';

/** Intercom returns at most the 500 most recent parts. */
export const MAX_PARTS = 500;

export interface SerializeOptions {
	plaintext?: boolean;
}

export type ConversationListItem = Omit<ConversationRecord, 'parts'>;

export interface ConversationBody extends ConversationListItem {
	conversation_parts: { type: 'conversation_part.list'; conversation_parts: ConversationPart[]; total_count: number };
}

/** `conversation_list_item`: the conversation without its parts. */
export function toListItem(conversation: ConversationRecord, options: SerializeOptions = {}): ConversationListItem {
	const { parts: _parts, ...rest } = conversation;
	const item = structuredClone(rest);
	if (options.plaintext) item.source.body = toPlainText(item.source.body);
	return item;
}

/** `conversation` with `conversation_parts`: the given parts, or the 500 most recent ones. */
export function toConversation(
	conversation: ConversationRecord,
	options: SerializeOptions = {},
	parts: ConversationPart[] = conversation.parts.slice(-MAX_PARTS),
): ConversationBody {
	const cloned = structuredClone(parts);
	if (options.plaintext) for (const part of cloned) if (part.body !== null) part.body = toPlainText(part.body);
	return {
		...toListItem(conversation, options),
		conversation_parts: { type: 'conversation_part.list', conversation_parts: cloned, total_count: cloned.length },
	};
}
