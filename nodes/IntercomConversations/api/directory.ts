import type { IntercomClient } from '../transport';

/** The workspace: who the token is, its admins, teams and tags; and the one rule that finds a tag. */

export interface Me {
	id?: string | number;
	app?: { id_code?: string };
}

export interface Admin {
	id: string;
	name?: string;
	email?: string;
	away_mode_enabled?: boolean;
}

export interface Team {
	id: string;
	name?: string;
	admin_ids?: number[];
}

export interface Tag {
	id: string;
	name: string;
}

/** GET /me: the admin the token belongs to, and its workspace (`app.id_code`). */
export async function getMe(client: IntercomClient): Promise<Me> {
	return await client.request<Me>({ method: 'GET', path: '/me' });
}

export async function listAdmins(client: IntercomClient): Promise<Admin[]> {
	const { admins } = await client.request<{ admins?: Admin[] }>({ method: 'GET', path: '/admins' });
	return (admins ?? []).map((a) => ({ ...a, id: String(a.id) }));
}

export async function listTeams(client: IntercomClient): Promise<Team[]> {
	const { teams } = await client.request<{ teams?: Team[] }>({ method: 'GET', path: '/teams' });
	return (teams ?? []).map((t) => ({ ...t, id: String(t.id) }));
}

/** GET /tags (not paginated). */
export async function listTags(client: IntercomClient): Promise<Tag[]> {
	const { data } = await client.request<{ data?: Tag[] }>({ method: 'GET', path: '/tags' });
	return (data ?? []).map((t) => ({ ...t, id: String(t.id), name: String(t.name ?? '') }));
}

/** POST /tags answers with the existing tag when one has that name, so a retry cannot create two. */
export async function createTag(client: IntercomClient, name: string): Promise<Tag> {
	const tag = await client.request<Tag>({ method: 'POST', path: '/tags', body: { name: name.trim() }, retry: 'idempotent' });
	return { id: String(tag.id), name: String(tag.name ?? name.trim()) };
}

export type TagMatch = { tag: Tag } | { missing: string } | { ambiguous: Tag[]; text: string };

const DIGITS = /^\d+$/;
const sameCase = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * THE tag rule, for every operation (Close's tags, Add Tag, Remove Tag, Get Many's tag filter),
 * on the trimmed text:
 *   1. digits that are an existing tag's ID → that tag;
 *   2. else a name: the tag with exactly that name;
 *   3. else the one tag whose name matches ignoring case;
 *   4. else: two or more such tags → ambiguous; none → missing.
 * `idOnly` (the locator's "By ID" and "From List" modes) stops after step 1.
 */
export function resolveTag(tags: Tag[], value: string, { idOnly = false } = {}): TagMatch {
	const text = value.trim();
	const byId = DIGITS.test(text) ? tags.find((t) => t.id === text) : undefined;
	if (byId) return { tag: byId };
	if (idOnly) return { missing: text };
	const exact = tags.filter((t) => t.name.trim() === text);
	const matches = exact.length > 0 ? exact : tags.filter((t) => sameCase(t.name, text));
	if (matches.length === 1) return { tag: matches[0] };
	return matches.length === 0 ? { missing: text } : { ambiguous: matches, text };
}

/** What is wrong with a tag that did not resolve, and what to do: the field's error text. */
export function tagProblem(match: Exclude<TagMatch, { tag: Tag }>, hint: string): { problem: string; hint: string } {
	if ('ambiguous' in match) {
		const listed = match.ambiguous.map((t) => `"${t.name}" ${t.id}`).join(', ');
		return { problem: `"${match.text}" names ${match.ambiguous.length} tags (${listed})`, hint: 'Use the tag ID instead.' };
	}
	return { problem: `"${match.missing}" is not a tag of this workspace`, hint };
}
