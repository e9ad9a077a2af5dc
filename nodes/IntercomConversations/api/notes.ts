import type { IDataObject } from 'n8n-workflow';
import type { IntercomClient } from '../transport';
import { appendOnce, scopeOf, type ReadBack } from './appendOnce';
import { claim, isClaimed } from './claims';
import { isSameWrite, type Authored, type WrittenText } from './writtenText';

/** Notes on a contact or a company (`/contacts/{id}/notes`, `/companies/{id}/notes`): one rule for both. */

export interface Note extends IDataObject {
	id?: string;
	body?: string | null;
}

export interface NoteOwner {
	/** `/contacts/{id}` or `/companies/{id}`. */
	path: string;
	/** The claim scope, e.g. `contact/{id}`. */
	scope: string;
}

/** GET {owner}/notes: the notes, newest first. */
export async function listNotes(client: IntercomClient, owner: NoteOwner): Promise<Note[]> {
	return (await client.request<{ data?: Note[] }>({ method: 'GET', path: `${owner.path}/notes` })).data ?? [];
}

/** The read-back of a note: an unclaimed note of this write (claimed once found), as the create endpoint returns it. */
export function noteReadBack(owner: NoteOwner, written: WrittenText): ReadBack {
	return async (reader, sinceSeconds) => {
		const scope = scopeOf(reader, owner.scope);
		const note = (await listNotes(reader, owner)).find(
			(n) => !isClaimed(scope, String(n.id)) && isSameWrite(n as Authored, written, sinceSeconds),
		);
		if (note) claim(scope, String(note.id));
		return note;
	};
}

/** POST {owner}/notes, exactly once. */
export async function createNote(client: IntercomClient, owner: NoteOwner, adminId: string, body: string): Promise<Note> {
	const written = { adminId, body };
	return await appendOnce<Note>(
		client,
		{ method: 'POST', path: `${owner.path}/notes`, body: { body, admin_id: adminId } },
		{
			scope: owner.scope,
			written,
			find: noteReadBack(owner, written),
			claim: (note) => {
				const id = (note as Note | undefined)?.id;
				if (id !== undefined) claim(scopeOf(client, owner.scope), String(id));
			},
		},
	);
}
