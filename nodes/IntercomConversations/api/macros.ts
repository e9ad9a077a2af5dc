import type { IntercomClient } from '../transport';
import { allPages, listPagination, pages, type Page, type Paged } from './pages';

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

interface MacroList extends Paged {
	data?: Macro[];
}

const MAX_PAGES = 100;

/** Every macro visible to the token, newest first, across pages. */
export async function listMacros(client: IntercomClient): Promise<Macro[]> {
	const fetch = (page: Page) =>
		client.request<MacroList>({ method: 'GET', path: '/macros', qs: listPagination(page) });
	const macros = await allPages(pages(fetch, (list) => list.data, Infinity, MAX_PAGES));
	return macros.map((m) => ({ ...m, id: String(m.id) }));
}

export async function getMacro(client: IntercomClient, id: string): Promise<Macro> {
	const macro = await client.request<Macro>({ method: 'GET', path: `/macros/${encodeURIComponent(id)}` });
	return { ...macro, id: String(macro.id) };
}
