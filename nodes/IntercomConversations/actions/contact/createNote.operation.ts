import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { createContactNote } from '../../api/contacts';
import { adminIdParameter, contactIdParameter, readContactId, readNumericId, readText } from '../common';
import type { Send } from '../types';

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

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<Send> {
	const contactId = readContactId.call(this, itemIndex);
	const adminId = readNumericId.call(this, 'adminId', 'Admin', itemIndex);
	const body = readText.call(this, 'body', 'Note', itemIndex, true) as string;
	return async (client) => await createContactNote(client, contactId, adminId, body);
}
