import type { IDataObject } from 'n8n-workflow';
import type { SearchQuery } from '../helpers/searchQuery';
import { IntercomApiError, type IntercomClient } from '../transport';
import { patientReadBack, type ReadBack } from './appendOnce';
import { createNote, listNotes, noteReadBack, type Note, type NoteOwner } from './notes';
import { searchPagination, type Page, type Paged } from './pages';
import type { WrittenText } from './writtenText';

/** Intercom's contact endpoints, each path written once. */

export type { Note } from './notes';

export interface Contact extends IDataObject {
	id: string;
	role?: 'user' | 'lead';
	email?: string | null;
	external_id?: string | null;
	created_at?: number;
}

export interface ContactList extends Paged {
	data?: Contact[];
	total_count?: number;
}

/** The fields a create, update or upsert sends (Intercom's names). */
export interface ContactFields extends IDataObject {
	role?: 'user' | 'lead';
	email?: string;
	external_id?: string;
	name?: string;
	phone?: string;
	owner_id?: string;
	unsubscribed_from_emails?: boolean;
	signed_up_at?: number;
	custom_attributes?: IDataObject;
}

/** What identifies a contact for an upsert or a create's read-back: an external_id, else an email. */
export interface ContactKey {
	field: 'external_id' | 'email';
	value: string;
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

const contactPath = (id: string) => `/contacts/${encodeURIComponent(id)}`;
const noteOwner = (id: string): NoteOwner => ({ path: contactPath(id), scope: `contact/${id}` });

/** GET /contacts/{id}; a merged contact answers 410 with a canonical Link (the caller reads it). */
export async function getContact(client: IntercomClient, id: string): Promise<Contact> {
	return await client.request<Contact>({ method: 'GET', path: contactPath(id) });
}

/** One page of POST /contacts/search: a read, so retried like one. */
export async function searchContacts(client: IntercomClient, query: SearchQuery, page: Page): Promise<ContactList> {
	return await client.request<ContactList>({
		method: 'POST',
		path: '/contacts/search',
		retry: 'idempotent',
		body: { query, pagination: searchPagination(page) },
	});
}

/** The contacts whose `field` equals `value` (at most two: enough to tell one from several). */
export async function findContactsBy(client: IntercomClient, field: ContactKey['field'], value: string): Promise<Contact[]> {
	const list = await searchContacts(client, { field, operator: '=', value }, { perPage: 2 });
	return list.data ?? [];
}

/** The one contact with this email, undefined when none; several → AmbiguousContactError. */
export async function findContactByEmail(client: IntercomClient, email: string): Promise<Contact | undefined> {
	return await findContact(client, { field: 'email', value: email.trim() });
}

/** The one contact with this external_id, undefined when none; several → AmbiguousContactError. */
export async function findContactByExternalId(client: IntercomClient, externalId: string): Promise<Contact | undefined> {
	return await findContact(client, { field: 'external_id', value: externalId });
}

/** The one contact with this key, undefined when none; several → AmbiguousContactError. */
export async function findContact(client: IntercomClient, key: ContactKey): Promise<Contact | undefined> {
	const contacts = await findContactsBy(client, key.field, key.value);
	if (contacts.length > 1) throw new AmbiguousContactError(key.field, key.value, contacts);
	return contacts[0];
}

/** The key a contact's fields give: its external_id, else its email. */
export function keyOf(fields: ContactFields): ContactKey | undefined {
	if (fields.external_id) return { field: 'external_id', value: fields.external_id };
	if (fields.email) return { field: 'email', value: fields.email };
	return undefined;
}

/**
 * The read-back of a create: the contact with the same key (created since the first attempt,
 * for an email, since leads may share one). Without a key (a lead with neither), a create is not
 * retried after an ambiguous failure.
 */
function createdReadBack(key: ContactKey | undefined): ReadBack | undefined {
	if (!key) return undefined;
	return patientReadBack(async (reader, sinceSeconds) => {
		const found = await findContactsBy(reader, key.field, key.value);
		const mine = key.field === 'external_id' ? found : found.filter((c) => (c.created_at ?? 0) >= sinceSeconds);
		return mine.length === 1 ? mine[0] : undefined;
	});
}

/** POST /contacts, once: after an ambiguous failure, the read-back searches by the same key before sending again. */
export async function createContact(client: IntercomClient, fields: ContactFields): Promise<Contact> {
	return await client.request<Contact>({
		method: 'POST',
		path: '/contacts',
		body: fields,
		retry: 'append',
		readBack: createdReadBack(keyOf(fields)),
	});
}

/** PUT /contacts/{id}: sets fields, so sending it twice is harmless. */
export async function updateContact(client: IntercomClient, id: string, fields: ContactFields): Promise<Contact> {
	return await client.request<Contact>({ method: 'PUT', path: contactPath(id), body: fields, retry: 'idempotent' });
}

/** The id in Intercom's 409 "A contact matching those details already exists with id=…". */
export function conflictingContactId(error: unknown): string | undefined {
	if (!(error instanceof IntercomApiError) || error.status !== 409) return undefined;
	return /id=([A-Za-z0-9_-]+)/.exec(error.message)?.[1];
}

/**
 * Upsert: the contact with the key (external_id, else email) is updated, else one is created.
 * One contact, never two: items of this process with the same key take turns; the create's
 * read-back searches by the key again before re-sending; a 409 (someone created it meanwhile)
 * finds that contact and updates it.
 */
export async function upsertContact(client: IntercomClient, key: ContactKey, fields: ContactFields): Promise<Contact> {
	return await inTurn(`${client.connection.key}|${key.field}|${key.value.toLowerCase()}`, async () => {
		const byEmail = key.field === 'external_id' && fields.email ? { field: 'email' as const, value: fields.email } : undefined;
		const existing = (await findContact(client, key)) ?? (byEmail && (await findContact(client, byEmail)));
		if (existing) return await updateContact(client, existing.id, fields);
		return await createContact(client, fields).catch(async (error: unknown) => {
			const id = conflictingContactId(error);
			if (id === undefined) return await Promise.reject(error);
			// Someone created it meanwhile (or an earlier attempt did, unseen by the search yet).
			return await updateContact(client, (await findContact(client, key))?.id ?? id, fields);
		});
	});
}

const turns = new Map<string, Promise<unknown>>();

/** Runs `fn` after every earlier call with the same key has settled (process-wide). */
async function inTurn<T>(key: string, fn: () => Promise<T>): Promise<T> {
	const before = turns.get(key) ?? Promise.resolve();
	const mine = before.then(fn, fn);
	const settled = mine.then(
		() => undefined,
		() => undefined,
	);
	turns.set(key, settled);
	try {
		return await mine;
	} finally {
		if (turns.get(key) === settled) turns.delete(key);
	}
}

/**
 * DELETE /contacts/{id}: permanent. Sent as a write with a read-back, so that after an ambiguous
 * failure a contact that is gone (404) counts as deleted by the earlier attempt.
 */
export async function deleteContact(client: IntercomClient, id: string): Promise<IDataObject> {
	return await client.request<IDataObject>({
		method: 'DELETE',
		path: contactPath(id),
		retry: 'append',
		readBack: async (reader) =>
			await getContact(reader, id).then(
				() => undefined,
				async (error: unknown) =>
					error instanceof IntercomApiError && error.status === 404 ? { type: 'contact', id, deleted: true } : await Promise.reject(error),
			),
	});
}

/** POST /contacts/{id}/archive or /unarchive: sets a flag, so retried like an idempotent write. */
export async function setArchived(client: IntercomClient, id: string, archived: boolean): Promise<IDataObject> {
	return await client.request<IDataObject>({
		method: 'POST',
		path: `${contactPath(id)}/${archived ? 'archive' : 'unarchive'}`,
		retry: 'idempotent',
	});
}

/** POST /contacts/{id}/tags {id}: attaching a tag twice leaves it attached once. */
export async function tagContact(client: IntercomClient, id: string, tagId: string): Promise<IDataObject> {
	return await client.request<IDataObject>({ method: 'POST', path: `${contactPath(id)}/tags`, body: { id: tagId }, retry: 'idempotent' });
}

/** DELETE /contacts/{id}/tags/{tag_id} */
export async function untagContact(client: IntercomClient, id: string, tagId: string): Promise<IDataObject> {
	return await client.request<IDataObject>({ method: 'DELETE', path: `${contactPath(id)}/tags/${encodeURIComponent(tagId)}` });
}

/** POST /contacts/{id}/companies {id}: attaching twice leaves one link. */
export async function attachCompany(client: IntercomClient, id: string, companyId: string): Promise<IDataObject> {
	return await client.request<IDataObject>({ method: 'POST', path: `${contactPath(id)}/companies`, body: { id: companyId }, retry: 'idempotent' });
}

/** DELETE /contacts/{id}/companies/{company_id} */
export async function detachCompany(client: IntercomClient, id: string, companyId: string): Promise<IDataObject> {
	return await client.request<IDataObject>({ method: 'DELETE', path: `${contactPath(id)}/companies/${encodeURIComponent(companyId)}` });
}

/**
 * POST /contacts/merge {from, into}. After an ambiguous failure, the lead answering 410 merged
 * (into this user) means the merge landed: the read-back returns the user.
 */
export async function mergeContacts(client: IntercomClient, from: string, into: string, skipDuplicateCheck: boolean): Promise<Contact> {
	return await client.request<Contact>({
		method: 'POST',
		path: '/contacts/merge',
		body: { from, into, ...(skipDuplicateCheck && { skip_duplicate_validation: true }) },
		retry: 'append',
		readBack: async (reader) =>
			await getContact(reader, from).then(
				() => undefined,
				async (error: unknown) =>
					error instanceof IntercomApiError && error.status === 410 && (error.link ?? '').includes(`/contacts/${into}`)
						? await getContact(reader, into)
						: await Promise.reject(error),
			),
	});
}

/** GET /contacts/{id}/notes: the contact's notes, newest first. */
export async function listContactNotes(client: IntercomClient, id: string): Promise<Note[]> {
	return await listNotes(client, noteOwner(id));
}

/** The read-back of a contact note (see notes.ts). */
export function contactNoteReadBack(contactId: string, written: WrittenText): ReadBack {
	return noteReadBack(noteOwner(contactId), written);
}

/** POST /contacts/{id}/notes, exactly once. */
export async function createContactNote(client: IntercomClient, contactId: string, adminId: string, body: string): Promise<Note> {
	return await createNote(client, noteOwner(contactId), adminId, body);
}
