import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { listConversations, searchConversations as searchConversationPage } from '../api/conversations';
import { getMe } from '../api/directory';
import { normalizeBody } from '../api/writtenText';
import { inboxUrl } from '../helpers/conversationRef';
import { WorkspaceDirectory } from '../helpers/workspaceDirectory';
import { CREDENTIAL_TYPE, intercomClient, type IntercomClient } from '../transport';

interface ConversationSummary {
	id: string;
	title?: string | null;
	state?: string;
	source?: { body?: string | null; subject?: string | null };
}

const PAGE_SIZE = 50;

/** Recent conversations for the Conversation picker; a filter searches titles and first messages. */
export async function searchConversations(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await intercomClient.call(this);
	const text = filter?.trim();
	const page = { perPage: PAGE_SIZE, startingAfter: paginationToken || undefined };
	const list = text
		? await searchConversationPage(
				client,
				{
					operator: 'OR',
					value: [
						...(/^\d+$/.test(text) ? [{ field: 'id', operator: '=', value: text }] : []),
						{ field: 'title', operator: '~', value: text },
						{ field: 'source.body', operator: '~', value: text },
					],
				},
				page,
			)
		: await listConversations(client, page);

	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const appId = await workspaceAppId(client);
	return {
		results: ((list.conversations ?? []) as unknown as ConversationSummary[]).map((c) => {
			const label = c.title?.trim() || normalizeBody(c.source?.subject) || normalizeBody(c.source?.body) || 'Untitled';
			return {
				name: `${label.length > 80 ? `${label.slice(0, 77)}…` : label} · ${c.state ?? 'unknown'} · ${c.id}`,
				value: String(c.id),
				url: appId ? inboxUrl(appId, String(c.id), credentials.region as string | undefined) : undefined,
			};
		}),
		paginationToken: list.pages?.next?.starting_after ?? undefined,
	};
}

/** The workspace's app id (for inbox links), read once per workspace and process: it never changes. */
const appIds = new Map<string, string>();

async function workspaceAppId(client: IntercomClient): Promise<string | undefined> {
	const known = appIds.get(client.connection.key);
	if (known) return known;
	try {
		const me = await getMe(client);
		if (me.app?.id_code) appIds.set(client.connection.key, me.app.id_code);
		return me.app?.id_code;
	} catch {
		return undefined;
	}
}

/** The workspace's tags for the Tag picker (GET /tags is not paginated); a filter matches names. */
export async function searchTags(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const tags = await new WorkspaceDirectory(await intercomClient.call(this)).tags();
	const text = filter?.trim().toLowerCase();
	return {
		results: tags
			.filter((t) => !text || t.name.toLowerCase().includes(text) || t.id === text)
			.sort((a, b) => a.name.localeCompare(b.name))
			.map((t) => ({ name: t.name, value: t.id })),
	};
}
