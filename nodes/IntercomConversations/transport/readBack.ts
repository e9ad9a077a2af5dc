import type { IntercomClient } from './intercomClient';

/**
 * Read-backs for writes that append (replies and notes): after an ambiguous failure the
 * transport looks for the write on Intercom's side and only sends it again when it is not
 * there. A write "is there" when a part (or note) by the same admin, with the same text,
 * was created since the first attempt started.
 */

interface Part {
	id?: string;
	part_type?: string;
	body?: string | null;
	created_at?: number;
	author?: { id?: string | number | null };
}

export interface ConversationWithParts {
	conversation_parts?: { conversation_parts?: Part[] };
	[key: string]: unknown;
}

interface Note {
	body?: string | null;
	created_at?: number;
	author?: { id?: string | number | null };
}

export interface WrittenText {
	adminId: string;
	body: string;
}

/** Intercom stores bodies as HTML (`Hello` comes back as `<p>Hello</p>`): compare the text. */
export function normalizeBody(html: string | null | undefined): string {
	return (html ?? '')
		.replace(/<br\s*\/?>/gi, ' ')
		.replace(/<[^>]*>/g, ' ')
		.replace(/&nbsp;/g, ' ')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, '&')
		.replace(/\s+/g, ' ')
		.trim();
}

function isSameWrite(item: Part | Note, written: WrittenText, sinceSeconds: number): boolean {
	return (
		String(item.author?.id ?? '') === written.adminId &&
		(item.created_at ?? 0) >= sinceSeconds &&
		normalizeBody(item.body) === normalizeBody(written.body)
	);
}

/**
 * Finds a part (a reply, a note, a close or assignment with a message) on a conversation;
 * returns the conversation as the write endpoint would: with the found part only.
 * `isApplied`, for state changes (close, snooze, unassign…), must also hold for the
 * conversation as read back: a part alone may be an earlier call's (unassign admin, then team).
 */
export function conversationPartReadBack(
	conversationId: string,
	partTypes: string[],
	written: WrittenText,
	isApplied?: (conversation: ConversationWithParts) => boolean,
) {
	return async (client: IntercomClient, sinceSeconds: number): Promise<unknown> => {
		const conversation = await client.request<ConversationWithParts>({
			method: 'GET',
			path: `/conversations/${conversationId}`,
		});
		const parts = conversation.conversation_parts?.conversation_parts ?? [];
		const part = [...parts]
			.reverse()
			.find((p) => partTypes.includes(p.part_type ?? '') && isSameWrite(p, written, sinceSeconds));
		if (!part || (isApplied && !isApplied(conversation))) return undefined;
		return {
			...conversation,
			conversation_parts: { type: 'conversation_part.list', conversation_parts: [part], total_count: 1 },
		};
	};
}

/** Finds a note on a contact; returns it as the create-note endpoint would. */
export function contactNoteReadBack(contactId: string, written: WrittenText) {
	return async (client: IntercomClient, sinceSeconds: number): Promise<unknown> => {
		const list = await client.request<{ data?: Note[] }>({
			method: 'GET',
			path: `/contacts/${contactId}/notes`,
		});
		return (list.data ?? []).find((note) => isSameWrite(note, written, sinceSeconds));
	};
}
