import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { contactNoteReadBack } from '../../transport';
import { adminIdParameter, invalid, readNumericId, readText } from '../common';
import type { Send } from '../types';

const properties: INodeProperties[] = [
	{
		displayName: 'Contact ID',
		name: 'contactId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 6762f0ad1bb69f9f2193bb62',
		description: "The contact's Intercom ID (not the external user_id)",
	},
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

const CONTACT_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function readContactId(this: IExecuteFunctions, itemIndex: number): string {
	const raw = this.getNodeParameter('contactId', itemIndex, '') as unknown;
	const value = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
	if (value === '') {
		invalid.call(this, itemIndex, 'Contact ID', 'is empty', "Enter the contact's Intercom ID, or map it from an earlier node.");
	}
	if (!CONTACT_ID.test(value)) {
		invalid.call(
			this,
			itemIndex,
			'Contact ID',
			`${JSON.stringify(raw)} is not an Intercom contact ID`,
			'A contact ID is made of letters and digits, e.g. 6762f0ad1bb69f9f2193bb62.',
		);
	}
	return value;
}

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<Send> {
	const contactId = readContactId.call(this, itemIndex);
	const adminId = readNumericId.call(this, 'adminId', 'Admin', itemIndex);
	const body = readText.call(this, 'body', 'Note', itemIndex, true) as string;
	return async (client) =>
		await client.request({
			method: 'POST',
			path: `/contacts/${contactId}/notes`,
			body: { body, admin_id: adminId },
			retry: 'append',
			readBack: contactNoteReadBack(contactId, { adminId, body }),
		});
}
