import { ensureCompany } from '../../sandbox/handlers/companies';
import type { Case, Fixtures } from './case';

/** Contract cases of the companies routes and of contact–company links (see case.ts). */

const UNKNOWN = '000000000000000000000000';
const company = (f: Fixtures) => ensureCompany(f.state, 'contract-co', 'Contract Co').id;

export const CASES: Case[] = [
	{
		name: 'create company',
		route: 'POST /companies',
		path: () => '/companies',
		body: () => ({
			company_id: 'contract-co',
			name: 'Contract Co',
			plan: 'Enterprise',
			size: 120,
			website: 'https://contract.example',
			industry: 'Software',
			monthly_spend: 1500,
			custom_attributes: { region: 'EMEA' },
		}),
		status: 200,
	},
	{ name: 'update company by company_id', route: 'POST /companies', path: () => '/companies', body: () => ({ company_id: 'contract-co', size: 130 }), status: 200 },
	{ name: 'create company with a bad size', route: 'POST /companies', path: () => '/companies', body: () => ({ company_id: 'x', size: 'big' }), status: 400, validRequest: false },
	{ name: 'retrieve company by company_id', route: 'GET /companies', path: () => '/companies?company_id=contract-co', status: 200 },
	{ name: 'retrieve unknown company_id', route: 'GET /companies', path: () => '/companies?company_id=nope', status: 404 },
	{ name: 'get company', route: 'GET /companies/{id}', path: (f) => `/companies/${company(f)}`, status: 200 },
	{ name: 'get unknown company', route: 'GET /companies/{id}', path: () => `/companies/${UNKNOWN}`, status: 404 },
	{ name: 'attach contact to company', route: 'POST /contacts/{id}/companies', path: (f) => `/contacts/${f.contact}/companies`, body: (f) => ({ id: company(f) }), status: 200 },
	{ name: 'attach contact to unknown company', route: 'POST /contacts/{id}/companies', path: (f) => `/contacts/${f.contact}/companies`, body: () => ({ id: UNKNOWN }), status: 404 },
	{ name: 'attach without a company', route: 'POST /contacts/{id}/companies', path: (f) => `/contacts/${f.contact}/companies`, body: () => ({}), status: 400, validRequest: false },
	{ name: 'list companies', route: 'POST /companies/list', path: () => '/companies/list?page=1&per_page=5', status: 200 },
	{ name: 'list companies with a bad page size', route: 'POST /companies/list', path: () => '/companies/list?per_page=0', status: 400 },
	{ name: 'detach contact from company', route: 'DELETE /contacts/{id}/companies/{company_id}', path: (f) => `/contacts/${f.contact}/companies/${company(f)}`, status: 200 },
	{ name: 'detach contact from unknown company', route: 'DELETE /contacts/{id}/companies/{company_id}', path: (f) => `/contacts/${f.contact}/companies/${UNKNOWN}`, status: 404 },
	{ name: 'create company note', route: 'POST /companies/{id}/notes', path: (f) => `/companies/${company(f)}/notes`, body: (f) => ({ body: 'Renewal call', admin_id: f.admin }), status: 200 },
	{ name: 'create note for unknown company', route: 'POST /companies/{id}/notes', path: () => `/companies/${UNKNOWN}/notes`, body: () => ({ body: 'Hello' }), status: 404 },
	{ name: 'list company notes', route: 'GET /companies/{id}/notes', path: (f) => `/companies/${company(f)}/notes`, status: 200 },
	{ name: 'list notes of unknown company', route: 'GET /companies/{id}/notes', path: () => `/companies/${UNKNOWN}/notes`, status: 404 },
];
