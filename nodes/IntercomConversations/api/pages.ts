/**
 * Intercom's cursor paging (list and search alike): ask for `per_page` items after a cursor; the
 * answer's `pages.next.starting_after` is the next cursor.
 */

/** Intercom's largest page for list and search. */
export const MAX_PAGE_SIZE = 150;

/** One page to ask for. */
export interface Page {
	perPage: number;
	startingAfter?: string;
}

/** The paging part of a list or search answer. */
export interface Paged {
	pages?: { next?: { starting_after?: string | null } | null } | null;
}

/**
 * The items page by page: `fetch` asks for one page and `itemsOf` takes its items. Stops after
 * `limit` items (each page asks only for what is still wanted), after `maxPages` pages, at the
 * last page, at an empty page, or at a cursor that does not move.
 */
export async function* pages<Answer extends Paged, Item>(
	fetch: (page: Page) => Promise<Answer>,
	itemsOf: (answer: Answer) => Item[] | undefined,
	limit = Infinity,
	maxPages = Infinity,
): AsyncGenerator<Item[]> {
	let remaining = limit;
	let cursor: string | undefined;
	for (let asked = 0; remaining > 0 && asked < maxPages; asked++) {
		const answer = await fetch({ perPage: Math.min(MAX_PAGE_SIZE, remaining), startingAfter: cursor });
		const items = (itemsOf(answer) ?? []).slice(0, remaining);
		remaining -= items.length;
		if (items.length) yield items;
		const next = answer.pages?.next?.starting_after ?? undefined;
		if (!next || next === cursor || items.length === 0) return;
		cursor = next;
	}
}

/** Every item of `pages(…)` in one array. */
export async function allPages<Item>(source: AsyncGenerator<Item[]>): Promise<Item[]> {
	const all: Item[] = [];
	for await (const page of source) all.push(...page);
	return all;
}

/** The query string of a list (GET) page. */
export function listPagination(page: Page): { per_page: number; starting_after?: string } {
	return { per_page: page.perPage, starting_after: page.startingAfter };
}

/** The `pagination` of a search body. */
export function searchPagination(page: Page): { per_page: number; starting_after?: string } {
	return { per_page: page.perPage, ...(page.startingAfter && { starting_after: page.startingAfter }) };
}
