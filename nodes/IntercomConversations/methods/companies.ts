import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { listCompanies, MAX_COMPANY_PAGE } from '../api/companies';
import { intercomClient } from '../transport';

/**
 * The Company picker: companies page by page (Intercom lists companies that have contacts); a
 * filter keeps those whose name or company ID contains it. The value is the Intercom ID.
 */
export async function searchCompanies(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const client = await intercomClient.call(this);
	const page = Number(paginationToken) > 0 ? Number(paginationToken) : 1;
	const list = await listCompanies(client, page, MAX_COMPANY_PAGE);
	const needle = filter?.trim().toLowerCase() ?? '';
	const results = (list.data ?? [])
		.filter((c) => !needle || `${c.name ?? ''} ${c.company_id ?? ''}`.toLowerCase().includes(needle))
		.map((c) => ({ name: `${c.name || 'Unnamed'} · ${c.company_id ?? c.id}`, value: String(c.id) }));
	const more = page < (list.pages?.total_pages ?? page) && (list.data ?? []).length > 0;
	return { results, paginationToken: more ? String(page + 1) : undefined };
}
