import type { IntercomClient } from '../transport';

/** Intercom's macros (saved replies): GET /macros (paged) and GET /macros/{id}. */

export interface Macro {
	id: string;
	name?: string;
	/** HTML, placeholders as `<attribute key="user.name" default="there"/>`; null in long lists (then GET the macro). */
	body?: string | null;
	body_text?: string | null;
	/** Not part of Intercom's 2.16 macro: read when a later version sends it. */
	actions?: unknown[];
}

interface MacroList {
	data?: Macro[];
	pages?: { next?: { starting_after?: string | null } | null } | null;
}

const MAX_PAGES = 100;

/** Every macro visible to the token, newest first, across pages. */
export async function listMacros(client: IntercomClient): Promise<Macro[]> {
	const macros: Macro[] = [];
	let cursor: string | undefined;
	for (let page = 0; page < MAX_PAGES; page++) {
		const list = await client.request<MacroList>({ method: 'GET', path: '/macros', qs: { per_page: 150, starting_after: cursor } });
		macros.push(...(list.data ?? []).map((m) => ({ ...m, id: String(m.id) })));
		const next = list.pages?.next?.starting_after ?? undefined;
		if (!next || next === cursor || (list.data ?? []).length === 0) break;
		cursor = next;
	}
	return macros;
}

export async function getMacro(client: IntercomClient, id: string): Promise<Macro> {
	const macro = await client.request<Macro>({ method: 'GET', path: `/macros/${encodeURIComponent(id)}` });
	return { ...macro, id: String(macro.id) };
}
