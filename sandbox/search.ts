import { invalid } from './errors';
import { toPlainText } from './html';
import type { ConversationRecord } from './types';

/**
 * Conversation search query language (POST /conversations/search).
 * Single filter {field, operator, value}; compound {operator: AND|OR, value: [filters]}.
 */

type FieldKind = 'integer' | 'string' | 'boolean' | 'words';
type Scalar = string | number | boolean | null;

export interface FieldDef<T = ConversationRecord> {
	kind: FieldKind;
	/** Multi-valued fields (tag_ids, contact_ids, teammate_ids): `=` means "contains". */
	multi?: boolean;
	/** Value(s) of the field as the request's API version reports it; null/undefined = absent. */
	get(c: T, version?: string): Scalar | Scalar[] | undefined;
}

/** Up to 2.15 (not 2.16, not Preview/Unstable). */
const before216 = (version: string): boolean => /^2\.(1[0-5]|[0-9])$/.test(version.trim());

/** An assignee as the version reports "nobody": 0 from 2.16 on, null up to 2.15; the search matches that value. */
const assignee =
	(field: 'admin_assignee_id' | 'team_assignee_id') =>
	(c: ConversationRecord, version = '2.16'): Scalar =>
		c[field] === 0 && before216(version) ? null : c[field];

const stat =
	(name: keyof ConversationRecord['statistics']) =>
	(c: ConversationRecord): Scalar | undefined =>
		c.statistics[name] as Scalar | undefined;

const STATISTICS_INTEGERS = [
	'time_to_assignment',
	'time_to_admin_reply',
	'time_to_first_close',
	'time_to_last_close',
	'median_time_to_reply',
	'first_contact_reply_at',
	'first_assignment_at',
	'first_admin_reply_at',
	'first_close_at',
	'last_assignment_at',
	'last_assignment_admin_reply_at',
	'last_contact_reply_at',
	'last_admin_reply_at',
	'last_close_at',
	'count_reopens',
	'count_assignments',
	'count_conversation_parts',
] as const;

export const SEARCH_FIELDS: Record<string, FieldDef> = {
	id: { kind: 'integer', get: (c) => (/^\d+$/.test(c.id) ? Number(c.id) : c.id) },
	created_at: { kind: 'integer', get: (c) => c.created_at },
	updated_at: { kind: 'integer', get: (c) => c.updated_at },
	waiting_since: { kind: 'integer', get: (c) => c.waiting_since },
	snoozed_until: { kind: 'integer', get: (c) => c.snoozed_until },
	state: { kind: 'string', get: (c) => c.state },
	open: { kind: 'boolean', get: (c) => c.open },
	read: { kind: 'boolean', get: (c) => c.read },
	priority: { kind: 'string', get: (c) => c.priority },
	title: { kind: 'string', get: (c) => c.title },
	// 2.16 reports "unassigned" as 0, 2.15 and earlier as null: each version's search matches its own value.
	admin_assignee_id: { kind: 'integer', get: assignee('admin_assignee_id') },
	team_assignee_id: { kind: 'integer', get: assignee('team_assignee_id') },
	tag_ids: { kind: 'string', multi: true, get: (c) => c.tags.tags.map((t) => t.id) },
	contact_ids: { kind: 'string', multi: true, get: (c) => c.contacts.contacts.map((x) => x.id) },
	teammate_ids: { kind: 'string', multi: true, get: (c) => c.teammates.teammates.map((t) => t.id) },
	'source.type': { kind: 'string', get: (c) => c.source.type },
	'source.id': { kind: 'string', get: (c) => c.source.id },
	'source.delivered_as': { kind: 'string', get: (c) => c.source.delivered_as },
	'source.subject': { kind: 'string', get: (c) => c.source.subject },
	'source.body': { kind: 'words', get: (c) => toPlainText(c.source.body) },
	'source.url': { kind: 'string', get: (c) => c.source.url },
	'source.author.id': { kind: 'string', get: (c) => c.source.author.id },
	'source.author.type': { kind: 'string', get: (c) => c.source.author.type },
	'source.author.name': { kind: 'string', get: (c) => c.source.author.name },
	'source.author.email': { kind: 'string', get: (c) => c.source.author.email },
	ai_agent_participated: { kind: 'boolean', get: (c) => c.ai_agent_participated },
	'statistics.last_closed_by_id': { kind: 'string', get: stat('last_closed_by_id') },
	...Object.fromEntries(STATISTICS_INTEGERS.map((name) => [`statistics.${name}`, { kind: 'integer', get: stat(name) } as FieldDef])),
};

const OPERATORS = ['=', '!=', 'IN', 'NIN', '<', '<=', '>', '>=', '~', '!~', '^', '$'] as const;
type Operator = (typeof OPERATORS)[number];
const COMPARISON: readonly Operator[] = ['<', '<=', '>', '>='];
const TEXT: readonly Operator[] = ['~', '!~', '^', '$'];

/** Intercom documents "max 2 nested filters" and "max 15 filters for each AND or OR group". */
export const MAX_GROUP_SIZE = 15;
export const MAX_COMPOUND_DEPTH = 3;

export type Predicate<T = ConversationRecord> = (c: T) => boolean;

export interface QueryOptions {
	/** The request's Intercom-Version (default 2.16): which value "unassigned" has. */
	version?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates the query and returns a predicate; throws a 400 parameter_invalid ApiError on a bad query. */
export function compileQuery(query: unknown, { version = '2.16' }: QueryOptions = {}): Predicate {
	return compile(query, { fields: SEARCH_FIELDS, noun: 'conversation', version }, 'query', 0);
}

/** The same query language over another object's fields (tickets: sandbox/tickets.ts). */
export function compileSearch<T>(query: unknown, fields: Record<string, FieldDef<T>>, noun: string, version = '2.16'): Predicate<T> {
	return compile(query, { fields, noun, version }, 'query', 0);
}

interface Language<T> {
	fields: Record<string, FieldDef<T>>;
	noun: string;
	version: string;
}

function compile<T>(query: unknown, language: Language<T>, path: string, depth: number): Predicate<T> {
	if (!isObject(query)) throw invalid(`${path} must be an object`, path);
	if (query.operator === 'AND' || query.operator === 'OR') {
		if ('field' in query) throw invalid(`${path}: a filter with operator ${query.operator} cannot have a field`, path);
		if (depth + 1 > MAX_COMPOUND_DEPTH) throw invalid(`${path}: too many nested filters (max 2 levels of nesting)`, path);
		const value = query.value;
		if (!Array.isArray(value) || value.length === 0) {
			throw invalid(`${path}.value must be a non-empty array of filters for operator ${query.operator}`, `${path}.value`);
		}
		if (value.length > MAX_GROUP_SIZE) throw invalid(`${path}: at most ${MAX_GROUP_SIZE} filters per ${query.operator} group`, path);
		const parts = value.map((child, i) => compile(child, language, `${path}.value[${i}]`, depth + 1));
		return query.operator === 'AND' ? (c) => parts.every((p) => p(c)) : (c) => parts.some((p) => p(c));
	}
	return compileSingle(query, language, path);
}

function compileSingle<T>(filter: Record<string, unknown>, { fields, noun, version }: Language<T>, path: string): Predicate<T> {
	const { field, operator } = filter;
	if (typeof field !== 'string') throw invalid(`${path}.field is required and must be a string`, `${path}.field`);
	const found = fields[field] as FieldDef<T> | undefined;
	const def: FieldDef<T> | undefined = found && { ...found, get: (c) => found.get(c, version) };
	if (!def) throw invalid(`${path}.field '${field}' is not a searchable ${noun} field`, `${path}.field`);
	if (typeof operator !== 'string' || !(OPERATORS as readonly string[]).includes(operator)) {
		throw invalid(`${path}.operator '${String(operator)}' is not valid; use one of ${OPERATORS.join(' ')}, AND, OR`, `${path}.operator`);
	}
	const op = operator as Operator;
	if (!('value' in filter)) throw invalid(`${path}.value is required`, `${path}.value`);
	const raw = filter.value;

	if (op === 'IN' || op === 'NIN') {
		if (!Array.isArray(raw)) throw invalid(`${path}.value must be an array for operator ${op}`, `${path}.value`);
		const values = raw.map((v) => coerce(def, field, v, path));
		const matchAny = (c: T): boolean => values.some((v) => equals(def, c, v));
		return op === 'IN' ? matchAny : (c) => !matchAny(c);
	}
	if (Array.isArray(raw)) throw invalid(`${path}.value must not be an array for operator ${op}`, `${path}.value`);
	const value = coerce(def, field, raw, path);

	if (COMPARISON.includes(op)) {
		if (def.kind !== 'integer' || def.multi) throw invalid(`${path}: operator ${op} only applies to integer and date fields, not '${field}'`, `${path}.operator`);
		if (typeof value !== 'number') throw invalid(`${path}.value must be an integer for operator ${op}`, `${path}.value`);
		return (c) => {
			const actual = def.get(c);
			if (typeof actual !== 'number') return false;
			return op === '<' ? actual < value : op === '<=' ? actual <= value : op === '>' ? actual > value : actual >= value;
		};
	}
	if (TEXT.includes(op)) {
		if (def.kind === 'integer' || def.kind === 'boolean') throw invalid(`${path}: operator ${op} only applies to string fields, not '${field}'`, `${path}.operator`);
		if (typeof value !== 'string') throw invalid(`${path}.value must be a string for operator ${op}`, `${path}.value`);
		const needle = value.toLowerCase();
		const test = (s: string): boolean =>
			op === '^' ? s.startsWith(needle) : op === '$' ? s.endsWith(needle) : s.includes(needle);
		return (c) => {
			const actual = def.get(c);
			const values = (Array.isArray(actual) ? actual : [actual]).filter((v): v is string => typeof v === 'string');
			const hit = values.some((v) => test(v.toLowerCase()));
			return op === '!~' ? !hit : hit;
		};
	}
	return op === '=' ? (c) => equals(def, c, value) : (c) => !equals(def, c, value);
}

/** Checks and normalises a filter value for the field's type (timestamps may arrive as digit strings). */
function coerce<T>(def: FieldDef<T>, field: string, value: unknown, path: string): Scalar {
	if (value === null) return null;
	switch (def.kind) {
		case 'integer':
			if (typeof value === 'number' && Number.isInteger(value)) return value;
			if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
			throw invalid(`${path}.value for '${field}' must be an integer (got ${JSON.stringify(value)})`, `${path}.value`);
		case 'boolean':
			if (typeof value === 'boolean') return value;
			if (value === 'true' || value === 'false') return value === 'true';
			throw invalid(`${path}.value for '${field}' must be a boolean (got ${JSON.stringify(value)})`, `${path}.value`);
		default:
			if (typeof value === 'string') return value;
			if (typeof value === 'number') return String(value);
			throw invalid(`${path}.value for '${field}' must be a string (got ${JSON.stringify(value)})`, `${path}.value`);
	}
}

function equals<T>(def: FieldDef<T>, c: T, value: Scalar): boolean {
	const actual = def.get(c);
	if (def.multi) {
		const list = Array.isArray(actual) ? actual : [];
		return value === null ? list.length === 0 : list.includes(value);
	}
	if (value === null) return actual === null || actual === undefined;
	if (def.kind === 'words') {
		// Intercom matches each word of source.body separately: "support" finds "I need support", "need support" finds nothing.
		if (typeof actual !== 'string' || typeof value !== 'string' || /\s/.test(value.trim())) return false;
		return actual.toLowerCase().split(/[^\p{L}\p{N}_'-]+/u).includes(value.trim().toLowerCase());
	}
	if (def.kind === 'string' && typeof actual === 'string' && typeof value === 'string') return actual === value;
	return actual === value;
}
