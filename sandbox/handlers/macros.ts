import { ApiError, invalid } from '../errors';
import { parsePerPage } from '../pagination';
import type { Macro } from '../tickets';
import { ok, type Handler } from './context';

/**
 * GET /macros (newest `updated_at` first, 50 a page by default, a cursor of [updated_at, id]) and
 * GET /macros/{id}. Intercom 2.16's macro carries its text only: no actions.
 */

const DEFAULT_PER_PAGE = 50;
const order = (a: Macro, b: Macro) => b.updated_at.localeCompare(a.updated_at) || Number(b.id) - Number(a.id);
const cursorOf = (m: Macro) => Buffer.from(JSON.stringify([Date.parse(m.updated_at) / 1000, m.id])).toString('base64');

function after(cursor: string): (m: Macro) => boolean {
	let key: unknown;
	try {
		key = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8'));
	} catch {
		key = undefined;
	}
	if (!Array.isArray(key) || typeof key[0] !== 'number' || typeof key[1] !== 'string') throw invalid('starting_after is not a valid cursor', 'starting_after');
	const [at, id] = key as [number, string];
	return (m) => {
		const mine = Date.parse(m.updated_at) / 1000;
		return mine < at || (mine === at && Number(m.id) < Number(id));
	};
}

export const listMacros: Handler = ({ state, query }) => {
	const perPage = query.get('per_page') === null ? DEFAULT_PER_PAGE : parsePerPage(query.get('per_page'));
	const cursor = query.get('starting_after');
	const all = [...state.tickets.macros.values()].sort(order);
	const rest = cursor ? all.filter(after(cursor)) : all;
	const data = rest.slice(0, perPage);
	const more = rest.length > perPage;
	return ok({
		type: 'list',
		data: structuredClone(data),
		pages: { type: 'pages', per_page: perPage, next: more ? { starting_after: cursorOf(data[data.length - 1]) } : null },
	});
};

export const getMacro: Handler = ({ state, params }) => {
	const macro = state.tickets.macros.get(params.id);
	if (!macro) throw new ApiError(404, 'not_found', 'Macro not found');
	return ok(structuredClone(macro));
};
