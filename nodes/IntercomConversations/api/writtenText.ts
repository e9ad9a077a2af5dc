/**
 * How a read-back recognises a write on Intercom's side: a part (or contact note) by the same
 * admin, with the same text, created since the first attempt started.
 */

export interface WrittenText {
	adminId: string;
	body: string;
}

/** A conversation part or a contact note, as far as a read-back looks at it. */
export interface Authored {
	id?: string | number;
	body?: string | null;
	created_at?: number;
	author?: { id?: string | number | null };
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

export function isSameWrite(item: Authored, written: WrittenText, sinceSeconds: number): boolean {
	return (
		String(item.author?.id ?? '') === written.adminId &&
		(item.created_at ?? 0) >= sinceSeconds &&
		normalizeBody(item.body) === normalizeBody(written.body)
	);
}

/** What twins share: writes whose parts a read-back cannot tell apart. */
export function twinKey(written: WrittenText): string {
	return `${written.adminId}\n${normalizeBody(written.body)}`;
}
