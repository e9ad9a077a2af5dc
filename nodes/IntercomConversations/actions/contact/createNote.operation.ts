import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { createContactNote } from '../../api/contacts';
import { read } from '../inputs';
import { contactIdParameter, noteParameters } from '../parameters';
import type { PrepareContext, Send } from '../types';
import { contactIdOf } from '../contactLookup';

/** The author and text of a note on a contact or a company (Create Note, company Add Note). */
export function noteProperties(noun: 'contact' | 'company'): INodeProperties[] {
	return noteParameters(`The note, shown on the ${noun}'s profile to teammates`);
}

const properties: INodeProperties[] = [contactIdParameter, ...noteProperties('contact')];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['createNote'] } },
	properties,
);

export async function prepare(this: IExecuteFunctions, itemIndex: number, { directory }: PrepareContext): Promise<Send> {
	const ref = read.contact(this, itemIndex, 'contactId');
	const body = read.text(this, itemIndex, 'body', 'Note', { required: true });
	const adminId = await read.actingAdmin(this, itemIndex, directory);
	const node = this.getNode();
	return async (client) => await createContactNote(client, await contactIdOf({ node, itemIndex, client, ref }), adminId, body);
}
