import type { IDataObject } from 'n8n-workflow';
import type { SearchQuery } from '../helpers/searchQuery';
import type { IntercomClient } from '../transport';
import { appendOnce, scopeOf, type ReadBack } from './appendOnce';
import { claim, isClaimed } from './claims';
import { isSameWrite, type Authored, type WrittenText } from './writtenText';

/** Intercom's contact endpoints, each path written once. */

export interface Note extends IDataObject {
	id?: string;
	body?: string | null;
}

export interface Contact extends IDataObject {
	id: string;
	role?: 'user' | 'lead';
	email?: string | null;
	external_id?: string | null;
}

export interface ContactList {
	data?: Contact[];
	total_count?: number;
	pages?: { next?: { starting_after?: string | null } | null };
}

export interface ContactPage {
	perPage: number;
	startingAfter?: string;
}

/** A lookup that found more than one contact: the caller cannot pick one. */
export class AmbiguousContactError extends Error {
	constructor(
		readonly field: string,
		readonly value: string,
		readonly contacts: Contact[],
	) {
		const ids = contacts.map((c) => c.id).join(', ');
		super(`${contacts.length} contacts have the ${field} "${value}" (${ids}); use the contact ID instead`);
		this.name = 'AmbiguousContactError';
	}
}

const contactPath = (id: string) => `/contacts/${id}`;
const notesPath = (id: string) => `${contactPath(id)}/notes`;
const noteScope = (id: string) => `contact/${id}`;

/** GET /contacts/{id}; a merged contact answers 410 with a canonical Link (the caller reads it). */
export async function getContact(client: IntercomClient, id: string): Promise<IDataObject> {
	return await client.request<IDataObject>({ method: 'GET', path: contactPath(id) });
}

/** One page of POST /contacts/search: a read, so retried like one. */
export async function searchContacts(client: IntercomClient, query: SearchQuery, page: ContactPage): Promise<ContactList> {
	return await client.request<ContactList>({
		method: 'POST',
		path: '/contacts/search',
		retry: 'idempotent',
		body: { query, pagination: { per_page: page.perPage, ...(page.startingAfter && { starting_after: page.startingAfter }) } },
	});
}

/** The contacts whose `field` equals `value` (at most two: enough to tell one from several). */
export async function findContactsBy(client: IntercomClient, field: 'email' | 'external_id', value: string): Promise<Contact[]> {
	const list = await searchContacts(client, { field, operator: '=', value }, { perPage: 2 });
	return list.data ?? [];
}

/** The one contact with this email, undefined when none; several → AmbiguousContactError. */
export async function findContactByEmail(client: IntercomClient, email: string): Promise<Contact | undefined> {
	return onlyOne(await findContactsBy(client, 'email', email.trim()), 'email', email.trim());
}

/** The one contact with this external_id, undefined when none; several → AmbiguousContactError. */
export async function findContactByExternalId(client: IntercomClient, externalId: string): Promise<Contact | undefined> {
	return onlyOne(await findContactsBy(client, 'external_id', externalId), 'external_id', externalId);
}

function onlyOne(contacts: Contact[], field: string, value: string): Contact | undefined {
	if (contacts.length > 1) throw new AmbiguousContactError(field, value, contacts);
	return contacts[0];
}

/** GET /contacts/{id}/notes: the contact's notes, newest first. */
export async function listContactNotes(client: IntercomClient, id: string): Promise<Note[]> {
	return (await client.request<{ data?: Note[] }>({ method: 'GET', path: notesPath(id) })).data ?? [];
}

/** The read-back of a contact note: an unclaimed note of this write (claimed once found), as the create endpoint returns it. */
export function contactNoteReadBack(contactId: string, written: WrittenText): ReadBack {
	return async (reader, sinceSeconds) => {
		const scope = scopeOf(reader, noteScope(contactId));
		const note = (await listContactNotes(reader, contactId)).find(
			(n) => !isClaimed(scope, String(n.id)) && isSameWrite(n as Authored, written, sinceSeconds),
		);
		if (note) claim(scope, String(note.id));
		return note;
	};
}

/** POST /contacts/{id}/notes, exactly once. */
export async function createContactNote(client: IntercomClient, contactId: string, adminId: string, body: string): Promise<Note> {
	const written = { adminId, body };
	return await appendOnce<Note>(
		client,
		{ method: 'POST', path: notesPath(contactId), body: { body, admin_id: adminId } },
		{
			scope: noteScope(contactId),
			written,
			find: contactNoteReadBack(contactId, written),
			claim: (note) => {
				const id = (note as Note | undefined)?.id;
				if (id !== undefined) claim(scopeOf(client, noteScope(contactId)), String(id));
			},
		},
	);
}
