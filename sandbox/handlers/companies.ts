import { ApiError, notFound } from '../errors';
import { wrapBody } from '../html';
import type { SandboxState } from '../state';
import type { Company, CompanyNote } from '../types';
import { findContact } from './contacts';
import { bodyObject, ok, optionalId, optionalString, requiredString, type Handler } from './context';

const companyNotFound = () => new ApiError(404, 'company_not_found', 'Company Not Found');

function findCompany(state: SandboxState, id: string): Company {
	const company = state.companies.get(id);
	if (!company) throw companyNotFound();
	return company;
}

const byCompanyId = (state: SandboxState, companyId: string) => [...state.companies.values()].find((c) => c.company_id === companyId);

const present = (company: Company) => ({
	...structuredClone(company),
	tags: { type: 'tag.list', tags: [] },
	segments: { type: 'segment.list', segments: [] },
});

function optionalInteger(input: Record<string, unknown>, field: string): number | undefined {
	const value = input[field];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'number' || !Number.isFinite(value)) throw new ApiError(400, 'bad_request', `bad '${field}' parameter`, field);
	return Math.trunc(value);
}

let companySeq = 0;

/** POST /companies: creates the company with this company_id, or updates it (company_id cannot change). */
export const upsertCompany: Handler = ({ state, body, now }) => {
	const input = bodyObject(body);
	const companyId = requiredString(input, 'company_id');
	const fields: Partial<Company> = {};
	for (const field of ['name', 'website', 'industry'] as const) {
		const value = optionalString(input, field);
		if (value !== undefined) fields[field] = value;
	}
	const plan = optionalString(input, 'plan');
	if (plan !== undefined) fields.plan = { type: 'plan', id: String(Math.abs(hash(plan))), name: plan };
	for (const field of ['size', 'monthly_spend', 'remote_created_at'] as const) {
		const value = optionalInteger(input, field);
		if (value !== undefined) fields[field] = value;
	}
	if (fields.monthly_spend !== undefined && fields.monthly_spend > 2_147_483_647) {
		throw new ApiError(400, 'bad_request', "bad 'monthly_spend' parameter", 'monthly_spend');
	}
	const custom = input.custom_attributes;
	if (custom !== undefined && (typeof custom !== 'object' || custom === null || Array.isArray(custom))) {
		throw new ApiError(400, 'bad_request', "bad 'custom_attributes' parameter", 'custom_attributes');
	}
	const existing = byCompanyId(state, companyId);
	if (existing) {
		Object.assign(existing, fields, { updated_at: now });
		existing.custom_attributes = { ...existing.custom_attributes, ...(custom as Record<string, unknown> | undefined) };
		return ok(present(existing));
	}
	const company: Company = {
		type: 'company',
		id: (0x6762f0ad1bb69f9f21930000n + BigInt(++companySeq) * 7919n).toString(16).padStart(24, '0'),
		app_id: state.app.id_code,
		company_id: companyId,
		name: '',
		plan: {},
		remote_created_at: 0,
		created_at: now,
		updated_at: now,
		last_request_at: 0,
		size: 0,
		website: '',
		industry: '',
		monthly_spend: 0,
		session_count: 0,
		user_count: 0,
		...fields,
		custom_attributes: { ...(custom as Record<string, unknown> | undefined) },
	};
	state.companies.set(company.id, company);
	return ok(present(company));
};

function hash(text: string): number {
	let h = 0;
	for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) | 0;
	return h;
}

/** GET /companies/{id} */
export const getCompany: Handler = ({ state, params }) => ok(present(findCompany(state, params.id)));

/** GET /companies?company_id= | name=: a list holding that company (2.16 answers company_list); no filter: the list. */
export const retrieveCompanies: Handler = (ctx) => {
	const { state, query } = ctx;
	const companyId = query.get('company_id');
	const name = query.get('name');
	if (companyId === null && name === null) return listCompanies(ctx);
	const found = [...state.companies.values()].find((c) => (companyId === null || c.company_id === companyId) && (name === null || c.name === name));
	if (!found) throw companyNotFound();
	return ok({ type: 'list', data: [present(found)], total_count: 1, pages: { type: 'pages', page: 1, per_page: 15, total_pages: 1 } });
};

/**
 * POST /companies/list?page&per_page&order: most recently updated first. As Intercom documents,
 * companies without contacts are not listed.
 */
export const listCompanies: Handler = ({ state, query }) => {
	const number = (name: string, fallback: number, max = Number.MAX_SAFE_INTEGER) => {
		const raw = query.get(name);
		if (raw === null || raw === '') return fallback;
		if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) throw new ApiError(400, 'bad_request', `bad '${name}' parameter`, name);
		return Number(raw);
	};
	const perPage = number('per_page', 15, 60);
	const page = number('page', 1);
	const order = query.get('order') ?? 'desc';
	if (order !== 'asc' && order !== 'desc') throw new ApiError(400, 'bad_request', "bad 'order' parameter", 'order');
	const listed = [...state.companies.values()].filter((c) => c.user_count > 0);
	listed.sort((a, b) => (b.updated_at - a.updated_at || (b.id < a.id ? -1 : 1)) * (order === 'desc' ? 1 : -1));
	const totalPages = Math.max(1, Math.ceil(listed.length / perPage));
	return ok({
		type: 'list',
		data: listed.slice((page - 1) * perPage, page * perPage).map(present),
		total_count: listed.length,
		pages: {
			type: 'pages',
			page,
			per_page: perPage,
			total_pages: totalPages,
			...(page < totalPages && { next: { page: page + 1, starting_after: String(page + 1) } }),
		},
	});
};

function countUsers(state: SandboxState, company: Company): void {
	company.user_count = [...state.contactCompanies.values()].filter((ids) => ids.has(company.id)).length;
}

/** POST /contacts/{id}/companies {id}: the company (Intercom's id). */
export const attachCompany: Handler = ({ state, params, body }) => {
	const contact = findContact(state, params.id);
	const id = optionalId(bodyObject(body), 'id');
	if (id === undefined) throw new ApiError(400, 'parameter_not_found', 'company not specified', 'id');
	const company = findCompany(state, id);
	state.contactCompanies.set(contact.id, new Set([...(state.contactCompanies.get(contact.id) ?? []), company.id]));
	countUsers(state, company);
	return ok(present(company));
};

/** DELETE /contacts/{id}/companies/{company_id}: the company (also when it was not attached). */
export const detachCompany: Handler = ({ state, params }) => {
	const contact = findContact(state, params.id);
	const company = findCompany(state, params.company_id);
	state.contactCompanies.get(contact.id)?.delete(company.id);
	countUsers(state, company);
	return ok(present(company));
};

let noteSeq = 9_000;

/** POST /companies/{id}/notes {body, admin_id?} */
export const createCompanyNote: Handler = ({ state, params, body, now }) => {
	const company = findCompany(state, params.id);
	const input = bodyObject(body);
	const text = requiredString(input, 'body');
	const adminId = optionalId(input, 'admin_id');
	const admin = adminId === undefined ? state.me : state.admins.get(adminId);
	if (!admin) throw notFound('Resource Not Found');
	const note: CompanyNote = {
		type: 'note',
		id: String(++noteSeq),
		created_at: now,
		company: { type: 'company', id: company.id },
		author: { ...admin },
		body: wrapBody(text),
	};
	state.writtenAtMs.set(note, state.nowMs());
	state.companyNotes.set(company.id, [...(state.companyNotes.get(company.id) ?? []), note]);
	return ok(structuredClone(note));
};

/** GET /companies/{id}/notes: newest first (one page). */
export const listCompanyNotes: Handler = ({ state, params, readLagMs }) => {
	const company = findCompany(state, params.id);
	const notes = [...(state.companyNotes.get(company.id) ?? [])].filter((n) => !state.isFresh(n, readLagMs)).reverse();
	return ok({
		type: 'list',
		data: structuredClone(notes),
		total_count: notes.length,
		pages: { type: 'pages', next: null, page: 1, per_page: Math.max(50, notes.length), total_pages: 1 },
	});
};

/** Used by contract fixtures and tests: the company with this company_id, created when missing. */
export function ensureCompany(state: SandboxState, companyId: string, name = companyId): Company {
	const found = byCompanyId(state, companyId);
	if (found) return found;
	const result = upsertCompany({ state, params: {}, query: new URLSearchParams(), body: { company_id: companyId, name }, version: '2.16', now: state.nowSeconds(), readLagMs: 0 });
	return state.companies.get((result.body as Company).id) as Company;
}
