import { compileContactQuery } from '../contactSearch';
import { ApiError, invalid, notFound } from '../errors';
import type { SandboxState } from '../state';
import type { Contact } from '../types';
import { bodyObject, ok, optionalId, optionalString, requiredId, requiredString, type Handler } from './context';

/** The contact by id: 410 contact_merged (with the canonical Link) for a merged one, else 404. */
export function findContact(state: SandboxState, id: string): Contact {
	let canonical = state.mergedContacts.get(id);
	// Intercom resolves merge chains of up to 3 hops in the Link header.
	for (let hop = 1; canonical !== undefined && hop < 3 && state.mergedContacts.has(canonical); hop++) {
		canonical = state.mergedContacts.get(canonical);
	}
	if (canonical !== undefined) {
		throw new ApiError(410, 'contact_merged', "This contact has been merged. See the 'Link' header for the canonical contact.", undefined, {
			Link: `</contacts/${canonical}>; rel="canonical"`,
		});
	}
	const contact = state.contacts.get(id);
	if (!contact) throw notFound('User Not Found');
	return contact;
}

const relation = (contactId: string, name: string, data: unknown[] = [], totalCount = data.length) => ({
	type: 'list',
	data,
	url: `/contacts/${contactId}/${name}`,
	total_count: totalCount,
	has_more: false,
});

/** A contact as Intercom answers it: the stored fields, plus its tags, notes and companies. */
export function presentContact(state: SandboxState, contact: Contact): Record<string, unknown> {
	const ref = (type: string, plural: string) => (id: string) => ({ type, id, url: `/${plural}/${id}` });
	return {
		...structuredClone(contact),
		social_profiles: { type: 'list', data: [] },
		tags: relation(contact.id, 'tags', [...(state.contactTags.get(contact.id) ?? [])].map(ref('tag', 'tags'))),
		notes: relation(contact.id, 'notes', [], state.contactNotes.get(contact.id)?.length ?? 0),
		companies: relation(contact.id, 'companies', [...(state.contactCompanies.get(contact.id) ?? [])].map(ref('company', 'companies'))),
		enabled_push_messaging: null,
	};
}

export const getContact: Handler = ({ state, params }) => ok(presentContact(state, findContact(state, params.id)));

const conflict = (existing: Contact) =>
	new ApiError(409, 'conflict', `A contact matching those details already exists with id=${existing.id}`);

/** 409 when another contact has this external_id, or (for a user) another user has this email. */
function checkUnique(state: SandboxState, role: Contact['role'], email: string, externalId: string | null, self?: string): void {
	for (const other of state.contacts.values()) {
		if (other.id === self) continue;
		if (externalId !== null && other.external_id === externalId) throw conflict(other);
		if (role === 'user' && other.role === 'user' && email !== '' && other.email.toLowerCase() === email.toLowerCase()) throw conflict(other);
	}
}

const nullableString = (input: Record<string, unknown>, field: string): string | null | undefined =>
	input[field] === null ? null : optionalString(input, field);

function optionalInteger(input: Record<string, unknown>, field: string): number | null | undefined {
	const value = input[field];
	if (value === undefined || value === null) return value;
	if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid(`${field} must be a Unix timestamp in seconds`, field);
	return value;
}

/** The writable fields of a create or update body, checked as Intercom checks them. */
function contactFields(state: SandboxState, input: Record<string, unknown>): Partial<Contact> {
	const fields: Partial<Contact> = {};
	const role = optionalString(input, 'role');
	if (role !== undefined) {
		if (role !== 'user' && role !== 'lead') throw invalid(`role must be user or lead, not '${role}'`, 'role');
		fields.role = role;
	}
	const email = optionalString(input, 'email');
	if (email !== undefined) {
		if (email !== '' && !/^[^@\s]+@[^@\s]+$/.test(email)) throw invalid(`email '${email}' is not a valid email address`, 'email');
		fields.email = email;
		fields.email_domain = email.split('@')[1] ?? '';
	}
	for (const field of ['external_id', 'phone', 'name', 'owner_id'] as const) {
		const value = field === 'owner_id' ? (input.owner_id === null ? null : optionalId(input, field)) : nullableString(input, field);
		if (value !== undefined) fields[field] = value;
	}
	if (fields.owner_id && !state.admins.has(fields.owner_id)) throw invalid(`owner_id ${fields.owner_id} is not an admin of this workspace`, 'owner_id');
	const signedUp = optionalInteger(input, 'signed_up_at');
	if (signedUp !== undefined) fields.signed_up_at = signedUp;
	const lastSeen = optionalInteger(input, 'last_seen_at');
	if (lastSeen !== undefined) fields.last_seen_at = lastSeen;
	if (input.unsubscribed_from_emails !== undefined && input.unsubscribed_from_emails !== null) {
		if (typeof input.unsubscribed_from_emails !== 'boolean') throw invalid('unsubscribed_from_emails must be a boolean', 'unsubscribed_from_emails');
		fields.unsubscribed_from_emails = input.unsubscribed_from_emails;
	}
	const custom = input.custom_attributes;
	if (custom !== undefined && custom !== null) {
		if (typeof custom !== 'object' || Array.isArray(custom)) throw invalid('custom_attributes must be an object', 'custom_attributes');
		for (const [key, value] of Object.entries(custom)) {
			if (typeof value === 'object' && value !== null) throw invalid(`custom_attributes.${key} must be a string, number or boolean`, `custom_attributes.${key}`);
		}
		fields.custom_attributes = custom as Record<string, unknown>;
	}
	return fields;
}

/** POST /contacts: needs an email, an external_id or role lead; 409 for a duplicate (see checkUnique). */
export const createContact: Handler = ({ state, body, now }) => {
	const input = bodyObject(body);
	const fields = contactFields(state, input);
	if (!fields.email && !fields.external_id && fields.role !== 'lead') {
		throw invalid('Contact must have an email, an external_id or the role lead', 'email');
	}
	const role = fields.role ?? 'user';
	checkUnique(state, role, fields.email ?? '', fields.external_id ?? null);
	const contact = state.addContact({
		external_id: null,
		email: '',
		email_domain: '',
		name: null,
		signed_up_at: null,
		...fields,
		custom_attributes: { ...fields.custom_attributes },
		role,
		created_at: now,
		updated_at: now,
	});
	state.writtenAtMs.set(contact, state.nowMs());
	return ok(presentContact(state, contact));
};

/** PUT /contacts/{id}: sets the given fields; custom attributes are merged. */
export const updateContact: Handler = ({ state, params, body, now }) => {
	const contact = findContact(state, params.id);
	const fields = contactFields(state, bodyObject(body));
	const next = { ...contact, ...fields, custom_attributes: { ...contact.custom_attributes, ...fields.custom_attributes } };
	checkUnique(state, next.role, next.email, next.external_id, contact.id);
	Object.assign(contact, next, { updated_at: now });
	return ok(presentContact(state, contact));
};

/** DELETE /contacts/{id}: permanent. */
export const deleteContact: Handler = ({ state, params }) => {
	const contact = findContact(state, params.id);
	for (const companyId of state.contactCompanies.get(contact.id) ?? []) {
		const company = state.companies.get(companyId);
		if (company) company.user_count = Math.max(0, company.user_count - 1);
	}
	for (const map of [state.contacts, state.contactTags, state.contactCompanies, state.contactNotes]) map.delete(contact.id);
	state.archivedContacts.delete(contact.id);
	return ok({ type: 'contact', id: contact.id, external_id: contact.external_id, deleted: true });
};

const archiver =
	(archived: boolean): Handler =>
	({ state, params }) => {
		const contact = findContact(state, params.id);
		if (archived) state.archivedContacts.add(contact.id);
		else state.archivedContacts.delete(contact.id);
		return ok({ type: 'contact', id: contact.id, external_id: contact.external_id, archived });
	};

export const archiveContact = archiver(true);
export const unarchiveContact = archiver(false);

/**
 * POST /contacts/search {query, pagination: {per_page, starting_after}}: oldest first, cursor =
 * offset. Intercom's search index lags: a contact created less than the read lag ago is not found.
 */
export const searchContacts: Handler = ({ state, body, readLagMs }) => {
	const input = bodyObject(body);
	const matches = compileContactQuery(input.query);
	const pagination = (input.pagination ?? {}) as Record<string, unknown>;
	const perPage = pagination.per_page ?? 50;
	if (typeof perPage !== 'number' || !Number.isInteger(perPage) || perPage < 1 || perPage > 150) {
		throw invalid('pagination.per_page must be an integer from 1 to 150', 'per_page');
	}
	const after = pagination.starting_after;
	let offset = 0;
	if (after !== undefined && after !== null) {
		offset = typeof after === 'string' ? Number(Buffer.from(after, 'base64url').toString('utf8')) : NaN;
		if (!Number.isInteger(offset) || offset < 0) throw invalid('starting_after is not a valid cursor', 'starting_after');
	}
	const all = [...state.contacts.values()].filter((c) => !state.isFresh(c, readLagMs) && matches(c));
	const data = all.slice(offset, offset + perPage);
	const end = offset + data.length;
	const totalPages = Math.max(1, Math.ceil(all.length / perPage));
	return ok({
		type: 'list',
		data: data.map((c) => presentContact(state, c)),
		total_count: all.length,
		pages: {
			type: 'pages',
			page: Math.floor(offset / perPage) + 1,
			per_page: perPage,
			total_pages: totalPages,
			...(end < all.length && { next: { per_page: perPage, starting_after: Buffer.from(String(end)).toString('base64url') } }),
		},
	});
};

/** POST /contacts/merge {from: lead, into: user}: duplicates only (same email or phone) unless skip_duplicate_validation. */
export const mergeContacts: Handler = ({ state, body, now }) => {
	const input = bodyObject(body);
	const from = findContact(state, requiredId(input, 'from'));
	const into = findContact(state, requiredId(input, 'into'));
	if (from.role !== 'lead' || into.role !== 'user') throw new ApiError(400, 'invalid_merge', 'Only a lead can be merged, and only into a user');
	const duplicates = (from.email !== '' && from.email.toLowerCase() === into.email.toLowerCase()) || (from.phone !== null && from.phone === into.phone);
	if (!duplicates && input.skip_duplicate_validation !== true) {
		throw new ApiError(400, 'invalid_merge', 'Contacts can only be merged when they are duplicates');
	}
	for (const links of [state.contactTags, state.contactCompanies]) {
		const moved = links.get(from.id);
		if (moved) links.set(into.id, new Set([...(links.get(into.id) ?? []), ...moved]));
		links.delete(from.id);
	}
	state.mergeContact(from.id, into.id);
	into.updated_at = now;
	return ok(presentContact(state, into));
};

/** POST /contacts/{id}/tags {id}: the tag. */
export const tagContact: Handler = ({ state, params, body }) => {
	const contact = findContact(state, params.id);
	const tag = state.tags.get(requiredId(bodyObject(body), 'id'));
	if (!tag) throw notFound('Resource Not Found');
	state.contactTags.set(contact.id, new Set([...(state.contactTags.get(contact.id) ?? []), tag.id]));
	return ok({ type: 'tag', id: tag.id, name: tag.name });
};

/** DELETE /contacts/{id}/tags/{tag_id}: the tag (also when it was not on the contact). */
export const untagContact: Handler = ({ state, params }) => {
	const contact = findContact(state, params.id);
	const tag = state.tags.get(params.tag_id);
	if (!tag) throw notFound('Resource Not Found');
	state.contactTags.get(contact.id)?.delete(tag.id);
	return ok({ type: 'tag', id: tag.id, name: tag.name });
};

/** POST /contacts/{id}/notes {body, admin_id?}: without admin_id the note is authored by the token's admin. */
export const createNote: Handler = ({ state, params, body, now }) => {
	const contact = findContact(state, params.id);
	const input = bodyObject(body);
	const text = requiredString(input, 'body');
	const adminId = optionalId(input, 'admin_id');
	const admin = adminId === undefined ? state.me : state.admins.get(adminId);
	if (!admin) throw notFound('Resource Not Found');
	return ok(structuredClone(state.addNote(contact.id, admin, text, now)));
};

/** GET /contacts/{id}/notes?page&per_page: newest first. */
export const listNotes: Handler = ({ state, params, query, readLagMs }) => {
	const contact = findContact(state, params.id);
	const perPage = positive(query.get('per_page'), 50, 'per_page');
	const page = positive(query.get('page'), 1, 'page');
	const notes = [...(state.contactNotes.get(contact.id) ?? [])].filter((note) => !state.isFresh(note, readLagMs)).reverse();
	const totalPages = Math.max(1, Math.ceil(notes.length / perPage));
	return ok({
		type: 'list',
		data: structuredClone(notes.slice((page - 1) * perPage, page * perPage)),
		total_count: notes.length,
		pages: {
			type: 'pages',
			next: page < totalPages ? { per_page: perPage, starting_after: String(page + 1) } : null,
			page,
			per_page: perPage,
			total_pages: totalPages,
		},
	});
};

function positive(raw: string | null, fallback: number, field: string): number {
	if (raw === null || raw === '') return fallback;
	if (!/^\d+$/.test(raw) || Number(raw) < 1) throw invalid(`${field} must be a positive integer`, field);
	return Number(raw);
}
