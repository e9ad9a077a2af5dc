/**
 * Reads back the closing note the Close operation writes (`Closing Note Category` / `Closing Note
 * Summary`): an internal note whose lines start with "Category:" and "Summary:", e.g.
 * `<p><b>Category:</b> Billing</p><p><b>Summary:</b> Refund issued</p>`. A note written by hand
 * in Intercom with the same lines (plain text or HTML) is read the same way.
 */

export interface ClosingNote {
	category: string | null;
	summary: string | null;
}

interface NotePart {
	part_type?: unknown;
	body?: unknown;
	author?: { type?: unknown } | null;
}

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&nbsp;': ' ', '&amp;': '&' };

/** The note's lines as text: paragraphs and line breaks end lines, tags go, entities are decoded. */
function noteLines(html: string): string[] {
	const text = html
		.replace(/<br\s*\/?>/gi, '\n')
		.replace(/<\/(p|div|li|h\d)>/gi, '\n')
		.replace(/<[^>]+>/g, '')
		.replace(/&(lt|gt|quot|#39|nbsp|amp);/g, (entity) => ENTITIES[entity]);
	return text.split('\n').map((line) => line.trim());
}

/** Category and summary of one note body, or undefined when it has neither line. */
export function parseClosingNote(html: string): ClosingNote | undefined {
	const find = (label: string) => {
		const prefix = new RegExp(`^${label}\\s*:\\s*`, 'i');
		const line = noteLines(html).find((l) => prefix.test(l));
		const value = line?.replace(prefix, '').trim();
		return value ? value : null;
	};
	const note = { category: find('Category'), summary: find('Summary') };
	return note.category === null && note.summary === null ? undefined : note;
}

/** The newest admin note of the parts that has a category or a summary. */
export function latestClosingNote(parts: NotePart[]): ClosingNote | undefined {
	for (let i = parts.length - 1; i >= 0; i--) {
		const part = parts[i];
		if (part.part_type !== 'note' || typeof part.body !== 'string') continue;
		if (part.author && part.author.type !== 'admin') continue;
		const note = parseClosingNote(part.body);
		if (note) return note;
	}
	return undefined;
}
