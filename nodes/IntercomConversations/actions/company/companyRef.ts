import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { getCompanyByCompanyId, type Company } from '../../api/companies';
import type { IntercomClient } from '../../transport';
import { invalid, read } from '../inputs';

/**
 * The company locator: From List, By Company ID (your own company_id) or By Intercom ID. A plain
 * string from hand-written JSON is read as your company_id.
 */

export const companyParameter: INodeProperties = {
	displayName: 'Company',
	name: 'company',
	type: 'resourceLocator',
	default: { mode: 'companyId', value: '' },
	required: true,
	description: 'The company: pick it from the list, or give your company ID or its Intercom ID',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchCompanies', searchable: true },
		},
		{ displayName: 'By Company ID', name: 'companyId', type: 'string', placeholder: 'e.g. acme-42 (your own ID for the company)' },
		{ displayName: 'By Intercom ID', name: 'id', type: 'string', placeholder: 'e.g. 6762f0ad1bb69f9f2193bb62' },
	],
};

export type CompanyRef = { by: 'id'; id: string } | { by: 'companyId'; companyId: string };

export function readCompany(ctx: IExecuteFunctions, itemIndex: number, name = 'company', label = 'Company'): CompanyRef {
	const locator = read.raw(ctx, itemIndex, name, '');
	const isLocator = typeof locator === 'object' && locator !== null && !Array.isArray(locator) && 'value' in locator;
	const value = isLocator ? (locator as { value: unknown }).value : locator;
	const mode = isLocator ? (locator as { mode?: unknown }).mode : 'companyId';
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
	if (text === undefined) return invalid(ctx, itemIndex, label, 'is not text', "Map the company's ID, not the whole company.");
	if (text === '') return invalid(ctx, itemIndex, label, 'is empty', 'Pick the company from the list, or enter your company ID.');
	if (text.length > 255) return invalid(ctx, itemIndex, label, 'is longer than 255 characters', 'Check that the field holds one ID.');
	return mode === 'companyId' ? { by: 'companyId', companyId: text } : { by: 'id', id: text };
}

/** The company's Intercom ID: as given, or looked up by your company_id (one request). */
export async function companyIdOf(client: IntercomClient, ref: CompanyRef): Promise<string> {
	return ref.by === 'id' ? ref.id : (await getCompanyByCompanyId(client, ref.companyId)).id;
}

/** The company itself (GET /companies/{id} or GET /companies?company_id=). */
export async function companyOf(client: IntercomClient, ref: CompanyRef, get: (client: IntercomClient, id: string) => Promise<Company>): Promise<Company> {
	return ref.by === 'id' ? await get(client, ref.id) : await getCompanyByCompanyId(client, ref.companyId);
}
