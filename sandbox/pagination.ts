import { invalid } from './errors';
import type { ConversationRecord } from './types';

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 150;

export interface CursorPages {
	type: 'pages';
	page: number;
	per_page: number;
	total_pages: number;
	next?: { per_page: number; starting_after: string };
}

export interface Page<T> {
	items: T[];
	total: number;
	pages: CursorPages;
}

interface CursorKey {
	u: number;
	i: string;
}

/** Numeric-string ids compare by length first so '9' < '10'. */
function compareIds(a: string, b: string): number {
	return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Stable list order: updated_at descending, then id descending. */
export function compareConversations(a: CursorKey, b: CursorKey): number {
	return b.u - a.u || compareIds(b.i, a.i);
}

/** What a list orders by: conversations, tickets. */
export interface Listed {
	id: string;
	updated_at: number;
}

const keyOf = (c: Listed): CursorKey => ({ u: c.updated_at, i: c.id });

export function encodeCursor(c: Listed): string {
	return Buffer.from(JSON.stringify(keyOf(c))).toString('base64url');
}

function decodeCursor(cursor: string): CursorKey {
	try {
		const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
		if (
			typeof parsed === 'object' &&
			parsed !== null &&
			typeof (parsed as CursorKey).u === 'number' &&
			typeof (parsed as CursorKey).i === 'string'
		) {
			return parsed as CursorKey;
		}
	} catch {
		// fall through
	}
	throw invalid('starting_after is not a valid cursor', 'starting_after');
}

/** Accepts a number or a string of digits; undefined → default. */
export function parsePerPage(raw: unknown): number {
	if (raw === undefined || raw === null || raw === '') return DEFAULT_PER_PAGE;
	const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
	if (!Number.isInteger(value) || value < 1) throw invalid('per_page must be a positive integer', 'per_page');
	if (value > MAX_PER_PAGE) throw invalid(`per_page must be less than or equal to ${MAX_PER_PAGE}`, 'per_page');
	return value;
}

/** Sorts, applies the cursor and cuts one page; `next` is absent on the last page. */
export function paginate<T extends Listed = ConversationRecord>(all: T[], perPage: number, startingAfter: unknown): Page<T> {
	const sorted = [...all].sort((a, b) => compareConversations(keyOf(a), keyOf(b)));
	let start = 0;
	if (startingAfter !== undefined && startingAfter !== null && startingAfter !== '') {
		if (typeof startingAfter !== 'string') throw invalid('starting_after must be a string', 'starting_after');
		const key = decodeCursor(startingAfter);
		start = sorted.findIndex((c) => compareConversations(key, keyOf(c)) < 0);
		if (start === -1) start = sorted.length;
	}
	const items = sorted.slice(start, start + perPage);
	const pages: CursorPages = {
		type: 'pages',
		page: Math.floor(start / perPage) + 1,
		per_page: perPage,
		total_pages: Math.max(1, Math.ceil(sorted.length / perPage)),
	};
	if (start + perPage < sorted.length && items.length > 0) {
		pages.next = { per_page: perPage, starting_after: encodeCursor(items[items.length - 1]) };
	}
	return { items, total: sorted.length, pages };
}
