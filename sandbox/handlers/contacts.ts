import { ApiError, invalid, notFound } from '../errors';
import type { SandboxState } from '../state';
import type { Contact } from '../types';
import { bodyObject, ok, optionalId, requiredString, type Handler } from './context';

function findContact(state: SandboxState, id: string): Contact {
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

const relation = (contactId: string, name: string, totalCount = 0) => ({
	type: 'list',
	data: [],
	url: `/contacts/${contactId}/${name}`,
	total_count: totalCount,
	has_more: false,
});

export const getContact: Handler = ({ state, params }) => {
	const contact = findContact(state, params.id);
	return ok({
		...structuredClone(contact),
		social_profiles: { type: 'list', data: [] },
		tags: relation(contact.id, 'tags'),
		notes: relation(contact.id, 'notes', state.contactNotes.get(contact.id)?.length ?? 0),
		companies: relation(contact.id, 'companies'),
		enabled_push_messaging: null,
	});
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
