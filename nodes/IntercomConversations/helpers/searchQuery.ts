/**
 * Intercom's conversation search query (reference/intercom-api.md §2.5): a single filter
 * `{field, operator, value}` or a group `{operator: AND|OR, value: [filters…]}`, with at most
 * 15 filters per group and 2 levels of nesting below the root group.
 */

export type FilterValue = string | number | boolean | null | Array<string | number>;

export interface SingleFilter {
	field: string;
	operator: string;
	value: FilterValue;
}

export interface FilterGroup {
	operator: 'AND' | 'OR';
	value: SearchQuery[];
}

export type SearchQuery = SingleFilter | FilterGroup;

export const MAX_GROUP_SIZE = 15;
/** Groups below the root group ("max 2 nested filters"). */
export const MAX_NESTING = 2;

const OPERATORS = ['=', '!=', 'IN', 'NIN', '<', '<=', '>', '>=', '~', '!~', '^', '$'];

/** All the filters must match: one filter, one AND group, or AND groups of at most 15 each. */
export function allOf(filters: SingleFilter[]): SearchQuery {
	if (filters.length === 1) return filters[0];
	if (filters.length <= MAX_GROUP_SIZE) return { operator: 'AND', value: filters };
	const groups: FilterGroup[] = [];
	for (let i = 0; i < filters.length; i += MAX_GROUP_SIZE) {
		groups.push({ operator: 'AND', value: filters.slice(i, i + MAX_GROUP_SIZE) });
	}
	return { operator: 'AND', value: groups };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const isScalar = (v: unknown): boolean =>
	v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** What is wrong with a query, by its JSON path, or undefined when Intercom's grammar and limits allow it. */
export function queryProblem(query: unknown, path = 'query', depth = 0): string | undefined {
	if (!isObject(query)) return `${path} must be an object`;
	if (query.operator === 'AND' || query.operator === 'OR') {
		if ('field' in query) return `${path} has operator ${query.operator}, so it cannot have a field`;
		if (depth > MAX_NESTING) return `${path} is nested too deep (Intercom allows ${MAX_NESTING} levels of groups inside the query)`;
		const value = query.value;
		if (!Array.isArray(value) || value.length === 0) return `${path}.value must be a non-empty list of filters`;
		if (value.length > MAX_GROUP_SIZE) {
			return `${path} has ${value.length} filters; Intercom allows at most ${MAX_GROUP_SIZE} per ${query.operator} group`;
		}
		for (let i = 0; i < value.length; i++) {
			const problem = queryProblem(value[i], `${path}.value[${i}]`, depth + 1);
			if (problem) return problem;
		}
		return undefined;
	}
	if (typeof query.field !== 'string' || query.field.trim() === '') return `${path}.field must be a field name`;
	if (typeof query.operator !== 'string' || !OPERATORS.includes(query.operator)) {
		return `${path}.operator ${JSON.stringify(query.operator)} is not one of ${OPERATORS.join(' ')} AND OR`;
	}
	if (!('value' in query)) return `${path}.value is missing`;
	const listOperator = query.operator === 'IN' || query.operator === 'NIN';
	if (listOperator) {
		if (!Array.isArray(query.value) || !query.value.every((v) => typeof v === 'string' || typeof v === 'number')) {
			return `${path}.value must be a list of strings or numbers for ${query.operator}`;
		}
	} else if (!isScalar(query.value)) {
		return `${path}.value must be a string, number, boolean or null for ${query.operator}`;
	}
	return undefined;
}

/**
 * A raw query as pasted: JSON text or an object, either the query itself or a whole search
 * body `{query, pagination}` (its pagination is ignored: the node pages itself).
 */
export function parseRawQuery(raw: unknown): { query: SearchQuery } | { problem: string } {
	let value = raw;
	if (typeof raw === 'string') {
		if (raw.trim() === '') return { problem: 'is empty' };
		try {
			value = JSON.parse(raw) as unknown;
		} catch (error) {
			return { problem: `is not valid JSON (${(error as Error).message})` };
		}
	}
	if (isObject(value) && 'query' in value && !('field' in value) && !('operator' in value)) value = value.query;
	const problem = queryProblem(value);
	return problem ? { problem } : { query: value as unknown as SearchQuery };
}
