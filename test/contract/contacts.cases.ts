import type { SandboxState } from '../../sandbox';
import type { Case, Fixtures } from './case';

/** Contract cases of the contacts routes (see case.ts). Destructive cases use contacts of their own. */

const UNKNOWN = '000000000000000000000000';
/** A contact made for one case (created on first use, so the cases stay independent of the seed). */
const own = (() => {
	const made = new Map<string, string>();
	return (state: SandboxState, key: string, fields: Parameters<SandboxState['addContact']>[0] = {}) => {
		if (!made.has(key)) made.set(key, state.addContact({ email: `${key}@contract.example`, external_id: `contract-${key}`, ...fields }).id);
		return made.get(key) as string;
	};
})();
const lead = (f: Fixtures, key: string) => own(f.state, key, { role: 'lead', external_id: null, email: 'merge@contract.example' });
const user = (f: Fixtures) => own(f.state, 'merge-user', { email: 'merge@contract.example' });

export const CASES: Case[] = [
	{
		name: 'create contact',
		route: 'POST /contacts',
		path: () => '/contacts',
		body: () => ({
			role: 'user',
			email: 'new.contract@example.com',
			external_id: 'contract-new',
			name: 'Ada Contract',
			phone: '+353871234567',
			signed_up_at: 1_700_000_000,
			unsubscribed_from_emails: false,
			custom_attributes: { plan: 'pro', seats: 3 },
		}),
		status: 200,
	},
	{ name: 'create lead without email', route: 'POST /contacts', path: () => '/contacts', body: () => ({ role: 'lead', name: 'Anonymous' }), status: 200 },
	{
		name: 'create duplicate user',
		route: 'POST /contacts',
		path: () => '/contacts',
		body: () => ({ role: 'user', email: 'new.contract@example.com' }),
		status: 409,
	},
	{ name: 'create contact without identity', route: 'POST /contacts', path: () => '/contacts', body: () => ({ name: 'Nobody' }), status: 400, validRequest: false },
	{
		name: 'create contact with bad role',
		route: 'POST /contacts',
		path: () => '/contacts',
		body: () => ({ role: 'visitor', email: 'v@example.com' }),
		status: 400,
	},
	{
		name: 'update contact',
		route: 'PUT /contacts/{id}',
		path: (f) => `/contacts/${own(f.state, 'update')}`,
		body: () => ({ name: 'Renamed', custom_attributes: { plan: 'team' } }),
		status: 200,
	},
	{
		name: 'update contact to a taken external_id',
		route: 'PUT /contacts/{id}',
		path: (f) => `/contacts/${own(f.state, 'update')}`,
		body: () => ({ external_id: 'contract-new' }),
		status: 409,
	},
	{ name: 'update unknown contact', route: 'PUT /contacts/{id}', path: () => `/contacts/${UNKNOWN}`, body: () => ({ name: 'X' }), status: 404 },
	{
		name: 'search contacts by email',
		route: 'POST /contacts/search',
		path: () => '/contacts/search',
		body: () => ({ query: { field: 'email', operator: '=', value: 'new.contract@example.com' }, pagination: { per_page: 2 } }),
		status: 200,
	},
	{
		name: 'search contacts with a group and a cursor page',
		route: 'POST /contacts/search',
		path: () => '/contacts/search',
		body: () => ({
			query: { operator: 'AND', value: [{ field: 'role', operator: '=', value: 'user' }, { field: 'created_at', operator: '>', value: 0 }] },
			pagination: { per_page: 5, starting_after: Buffer.from('5').toString('base64url') },
		}),
		status: 200,
	},
	{
		name: 'search contacts by an unknown field',
		route: 'POST /contacts/search',
		path: () => '/contacts/search',
		body: () => ({ query: { field: 'shoe_size', operator: '=', value: '9' } }),
		status: 400,
	},
	{
		name: 'merge lead into user',
		route: 'POST /contacts/merge',
		path: () => '/contacts/merge',
		body: (f) => ({ from: lead(f, 'merge-lead'), into: user(f) }),
		status: 200,
	},
	{
		name: 'merge a merged lead',
		route: 'POST /contacts/merge',
		path: () => '/contacts/merge',
		body: (f) => ({ from: lead(f, 'merge-lead'), into: user(f) }),
		status: 410,
		validRequest: true,
	},
	{
		name: 'merge user into user',
		route: 'POST /contacts/merge',
		path: () => '/contacts/merge',
		body: (f) => ({ from: own(f.state, 'update'), into: user(f) }),
		status: 400,
	},
	{ name: 'archive contact', route: 'POST /contacts/{id}/archive', path: (f) => `/contacts/${own(f.state, 'archive')}/archive`, status: 200 },
	{ name: 'archive unknown contact', route: 'POST /contacts/{id}/archive', path: () => `/contacts/${UNKNOWN}/archive`, status: 404 },
	{ name: 'unarchive contact', route: 'POST /contacts/{id}/unarchive', path: (f) => `/contacts/${own(f.state, 'archive')}/unarchive`, status: 200 },
	{ name: 'unarchive unknown contact', route: 'POST /contacts/{id}/unarchive', path: () => `/contacts/${UNKNOWN}/unarchive`, status: 404 },
	{ name: 'tag contact', route: 'POST /contacts/{id}/tags', path: (f) => `/contacts/${f.contact}/tags`, body: (f) => ({ id: f.tag }), status: 200 },
	{ name: 'tag contact with unknown tag', route: 'POST /contacts/{id}/tags', path: (f) => `/contacts/${f.contact}/tags`, body: () => ({ id: '1' }), status: 404 },
	{ name: 'tag unknown contact', route: 'POST /contacts/{id}/tags', path: () => `/contacts/${UNKNOWN}/tags`, body: (f) => ({ id: f.tag }), status: 404 },
	{ name: 'untag contact', route: 'DELETE /contacts/{id}/tags/{tag_id}', path: (f) => `/contacts/${f.contact}/tags/${f.tag}`, status: 200 },
	{ name: 'untag unknown tag', route: 'DELETE /contacts/{id}/tags/{tag_id}', path: (f) => `/contacts/${f.contact}/tags/1`, status: 404 },
	{ name: 'delete contact', route: 'DELETE /contacts/{id}', path: (f) => `/contacts/${own(f.state, 'delete')}`, status: 200 },
	{ name: 'delete a deleted contact', route: 'DELETE /contacts/{id}', path: (f) => `/contacts/${own(f.state, 'delete')}`, status: 404 },
];
