import type { IDataObject } from 'n8n-workflow';
import type { IntercomClient } from '../transport';
import type { SearchQuery } from './searchQuery';

/** Intercom's largest page for list and search. */
export const MAX_PAGE_SIZE = 150;

interface ConversationList {
	conversations?: IDataObject[];
	pages?: { next?: { starting_after?: string | null } | null } | null;
}

/**
 * Conversations page by page, following `pages.next.starting_after`: GET /conversations
 * without a query, POST /conversations/search with one (a read, so retried like one).
 * Stops after `limit` conversations; each page asks only for what is still wanted.
 */
export async function* conversationPages(
	client: IntercomClient,
	query: SearchQuery | undefined,
	limit = Infinity,
): AsyncGenerator<IDataObject[]> {
	let remaining = limit;
	let cursor: string | undefined;
	while (remaining > 0) {
		const perPage = Math.min(MAX_PAGE_SIZE, remaining);
		const page = query
			? await client.request<ConversationList>({
					method: 'POST',
					path: '/conversations/search',
					retry: 'idempotent',
					body: { query, pagination: { per_page: perPage, ...(cursor && { starting_after: cursor }) } },
				})
			: await client.request<ConversationList>({
					method: 'GET',
					path: '/conversations',
					qs: { per_page: perPage, starting_after: cursor },
				});
		const conversations = (page.conversations ?? []).slice(0, remaining);
		remaining -= conversations.length;
		if (conversations.length) yield conversations;
		const next = page.pages?.next?.starting_after ?? undefined;
		// No next cursor, an empty page, or a cursor that does not move: the end.
		if (!next || next === cursor || conversations.length === 0) return;
		cursor = next;
	}
}
