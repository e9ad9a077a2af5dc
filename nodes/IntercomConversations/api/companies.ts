import type { IDataObject } from 'n8n-workflow';
import type { IntercomClient } from '../transport';
import { createNote, type Note, type NoteOwner } from './notes';

/** Intercom's company endpoints, each path written once. */

export interface Company extends IDataObject {
	id: string;
	company_id?: string;
	name?: string;
}

export interface CompanyList {
	data?: Company[];
	total_count?: number;
	pages?: { page?: number; total_pages?: number };
}

/** The fields of POST /companies (Intercom's names); company_id identifies the company. */
export interface CompanyFields extends IDataObject {
	company_id: string;
	name?: string;
	plan?: string;
	size?: number;
	website?: string;
	industry?: string;
	monthly_spend?: number;
	custom_attributes?: IDataObject;
}

/** Intercom's largest page for POST /companies/list. */
export const MAX_COMPANY_PAGE = 60;

const companyPath = (id: string) => `/companies/${encodeURIComponent(id)}`;

/** POST /companies: creates or updates the company with this company_id, so a retry cannot make two. */
export async function upsertCompany(client: IntercomClient, fields: CompanyFields): Promise<Company> {
	return await client.request<Company>({ method: 'POST', path: '/companies', body: fields, retry: 'idempotent' });
}

/** GET /companies/{id} (Intercom's id). */
export async function getCompany(client: IntercomClient, id: string): Promise<Company> {
	return await client.request<Company>({ method: 'GET', path: companyPath(id) });
}

/** GET /companies?company_id=: the company with your company_id (2.16 answers a list of one; 404 when none). */
export async function getCompanyByCompanyId(client: IntercomClient, companyId: string): Promise<Company> {
	const answer = await client.request<Company | CompanyList>({ method: 'GET', path: '/companies', qs: { company_id: companyId } });
	if ('data' in answer && Array.isArray(answer.data)) {
		const [first] = answer.data;
		if (!first) throw new Error(`No company has the company_id "${companyId}"`);
		return first;
	}
	return answer as Company;
}

/** One page of POST /companies/list (most recently updated first; companies without contacts are not listed). */
export async function listCompanies(client: IntercomClient, page: number, perPage: number): Promise<CompanyList> {
	return await client.request<CompanyList>({
		method: 'POST',
		path: '/companies/list',
		qs: { page, per_page: perPage },
		retry: 'idempotent',
	});
}

/** Companies page by page, up to `limit`. */
export async function* companyPages(client: IntercomClient, limit = Infinity): AsyncGenerator<Company[]> {
	let remaining = limit;
	// One page size for every page: the pages are numbered, so they must not shift.
	const perPage = Math.min(MAX_COMPANY_PAGE, limit);
	for (let page = 1; remaining > 0; page++) {
		const list = await listCompanies(client, page, perPage);
		const companies = (list.data ?? []).slice(0, remaining);
		remaining -= companies.length;
		if (companies.length) yield companies;
		if (companies.length === 0 || page >= (list.pages?.total_pages ?? page)) return;
	}
}

/** POST /companies/{id}/notes, exactly once (see notes.ts). */
export async function createCompanyNote(client: IntercomClient, id: string, adminId: string, body: string): Promise<Note> {
	const owner: NoteOwner = { path: companyPath(id), scope: `company/${id}` };
	return await createNote(client, owner, adminId, body);
}
