import { invalid } from './errors';
import type { Contact } from './types';

/**
 * Contact search query language (POST /contacts/search), the fields the node uses: a single
 * filter {field, operator, value} or a group {operator: AND|OR, value: [filters]} (at most 15 per
 * group, 2 levels of groups). Strings match case-insensitively (Intercom's contact search does);
 * `custom_attributes.<name>` reads the attribute.
 */

type Scalar = string | number | boolean | null;
type Predicate = (c: Contact) => boolean;

const STRING_FIELDS = ['id', 'email', 'external_id', 'name', 'phone', 'role', 'email_domain', 'owner_id'] as const;
const DATE_FIELDS = ['created_at', 'updated_at', 'signed_up_at', 'last_seen_at'] as const;
const OPERATORS = ['=', '!=', 'IN', 'NIN', '<', '>', '~', '!~', '^', '$'];
const MAX_GROUP_SIZE = 15;
const MAX_DEPTH = 3;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fieldOf(field: string, path: string): (c: Contact) => Scalar {
	if ((STRING_FIELDS as readonly string[]).includes(field) || (DATE_FIELDS as readonly string[]).includes(field)) {
		return (c) => c[field as keyof Contact] as Scalar;
	}
	if (field === 'unsubscribed_from_emails') return (c) => c.unsubscribed_from_emails;
	const custom = /^custom_attributes\.(.+)$/.exec(field);
	if (custom) return (c) => (c.custom_attributes[custom[1]] ?? null) as Scalar;
	throw invalid(`${path}.field '${field}' is not a searchable contact field`, `${path}.field`);
}

const same = (a: Scalar, b: Scalar) =>
	typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b || (a !== null && b !== null && String(a) === String(b));

/** Validates the query and returns a predicate; a bad query is a 400 parameter_invalid. */
export function compileContactQuery(query: unknown, path = 'query', depth = 0): Predicate {
	if (!isObject(query)) throw invalid(`${path} must be an object`, path);
	if (query.operator === 'AND' || query.operator === 'OR') {
		if (depth + 1 > MAX_DEPTH) throw invalid(`${path}: too many nested filters (max 2 levels of nesting)`, path);
		const value = query.value;
		if (!Array.isArray(value) || value.length === 0 || value.length > MAX_GROUP_SIZE) {
			throw invalid(`${path}.value must be 1 to ${MAX_GROUP_SIZE} filters for operator ${query.operator}`, `${path}.value`);
		}
		const parts = value.map((child, i) => compileContactQuery(child, `${path}.value[${i}]`, depth + 1));
		return query.operator === 'AND' ? (c) => parts.every((p) => p(c)) : (c) => parts.some((p) => p(c));
	}
	const { field, operator, value } = query;
	if (typeof field !== 'string') throw invalid(`${path}.field is required and must be a string`, `${path}.field`);
	const get = fieldOf(field, path);
	if (typeof operator !== 'string' || !OPERATORS.includes(operator)) {
		throw invalid(`${path}.operator '${String(operator)}' is not valid; use one of ${OPERATORS.join(' ')}, AND, OR`, `${path}.operator`);
	}
	if (!('value' in query)) throw invalid(`${path}.value is required`, `${path}.value`);
	if (operator === 'IN' || operator === 'NIN') {
		if (!Array.isArray(value)) throw invalid(`${path}.value must be an array for operator ${operator}`, `${path}.value`);
		const any = (c: Contact) => value.some((v) => same(get(c), v as Scalar));
		return operator === 'IN' ? any : (c) => !any(c);
	}
	if (Array.isArray(value) || isObject(value)) throw invalid(`${path}.value must be a single value for operator ${operator}`, `${path}.value`);
	const wanted = value as Scalar;
	if (operator === '<' || operator === '>') {
		const n = typeof wanted === 'string' && /^-?\d+$/.test(wanted) ? Number(wanted) : wanted;
		if (typeof n !== 'number') throw invalid(`${path}.value must be a number for operator ${operator}`, `${path}.value`);
		return (c) => {
			const actual = get(c);
			return typeof actual === 'number' && (operator === '<' ? actual < n : actual > n);
		};
	}
	if (operator === '=' || operator === '!=') {
		return operator === '=' ? (c) => same(get(c), wanted) : (c) => !same(get(c), wanted);
	}
	if (typeof wanted !== 'string') throw invalid(`${path}.value must be a string for operator ${operator}`, `${path}.value`);
	const needle = wanted.toLowerCase();
	return (c) => {
		const actual = get(c);
		const text = typeof actual === 'string' ? actual.toLowerCase() : '';
		const hit = operator === '^' ? text.startsWith(needle) : operator === '$' ? text.endsWith(needle) : text.includes(needle);
		return operator === '!~' ? !hit : hit;
	};
}
