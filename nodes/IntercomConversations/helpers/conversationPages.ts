import type { IDataObject } from 'n8n-workflow';
import { listConversations, searchConversations } from '../api/conversations';
import type { IntercomClient } from '../transport';
import type { SearchQuery } from './searchQuery';

/** Intercom's largest page for list and search. */
export const MAX_PAGE_SIZE = 150;

/**
 * Conversations page by page, following `pages.next.starting_after`: the list without a query,
 * the search with one. Stops after `limit` conversations; each page asks only for what is
 * still wanted.
 */
export async function* conversationPages(
	client: IntercomClient,
	query: SearchQuery | undefined,
	limit = Infinity,
): AsyncGenerator<IDataObject[]> {
	let remaining = limit;
	let cursor: string | undefined;
	while (remaining > 0) {
		const page = { perPage: Math.min(MAX_PAGE_SIZE, remaining), startingAfter: cursor };
		const list = query ? await searchConversations(client, query, page) : await listConversations(client, page);
		const conversations = (list.conversations ?? []).slice(0, remaining);
		remaining -= conversations.length;
		if (conversations.length) yield conversations;
		const next = list.pages?.next?.starting_after ?? undefined;
		// No next cursor, an empty page, or a cursor that does not move: the end.
		if (!next || next === cursor || conversations.length === 0) return;
		cursor = next;
	}
}
