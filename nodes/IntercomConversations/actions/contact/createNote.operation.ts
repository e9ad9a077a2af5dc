import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { createContactNote } from '../../api/contacts';
import { read } from '../inputs';
import { adminIdParameter, contactIdParameter } from '../parameters';
import type { PrepareContext, Send } from '../types';

const properties: INodeProperties[] = [
	contactIdParameter,
	{ ...adminIdParameter, description: 'The teammate shown as the author of the note' },
	{
		displayName: 'Note',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		description: "The note, shown on the contact's profile to teammates",
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['createNote'] } },
	properties,
);

export async function prepare(this: IExecuteFunctions, itemIndex: number, { directory }: PrepareContext): Promise<Send> {
	const contactId = read.contactId(this, itemIndex);
	const body = read.text(this, itemIndex, 'body', 'Note', { required: true });
	const adminId = await read.actingAdmin(this, itemIndex, directory);
	return async (client) => await createContactNote(client, contactId, adminId, body);
}
