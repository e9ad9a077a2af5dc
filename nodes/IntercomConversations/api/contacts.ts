import type { IDataObject } from 'n8n-workflow';
import type { IntercomClient } from '../transport';
import { appendOnce, scopeOf, type ReadBack } from './appendOnce';
import { claim, isClaimed } from './claims';
import { isSameWrite, type Authored, type WrittenText } from './writtenText';

/** Intercom's contact endpoints, each path written once. */

export interface Note extends IDataObject {
	id?: string;
	body?: string | null;
}

const contactPath = (id: string) => `/contacts/${id}`;
const notesPath = (id: string) => `${contactPath(id)}/notes`;
const noteScope = (id: string) => `contact/${id}`;

/** GET /contacts/{id}; a merged contact answers 410 with a canonical Link (the caller reads it). */
export async function getContact(client: IntercomClient, id: string): Promise<IDataObject> {
	return await client.request<IDataObject>({ method: 'GET', path: contactPath(id) });
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
