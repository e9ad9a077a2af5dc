import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { createContact } from '../../api/contacts';
import { invalid } from '../inputs';
import type { PrepareContext, Send } from '../types';
import { customAttributeProperties, readCustomAttributes } from './customAttributes';
import { FIELD, fieldCollection, readContactFields } from './fields';

const properties: INodeProperties[] = [
	FIELD.role,
	{ ...FIELD.email, description: 'Needed for a user unless it has an external ID' },
	fieldCollection('additionalFields', 'Additional Fields', ['externalId', 'name', 'phone', 'ownerId', 'unsubscribedFromEmails', 'signedUpAt']),
	...customAttributeProperties('contact'),
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['create'] } }, properties);

/** Creates a user or lead, once; outputs the contact as Intercom returns it. A duplicate user is Intercom's 409. */
export async function prepare(this: IExecuteFunctions, itemIndex: number, { directory }: PrepareContext): Promise<Send> {
	const fields = await readContactFields(this, itemIndex, directory, {
		role: 'role',
		email: 'email',
		externalId: 'additionalFields.externalId',
		name: 'additionalFields.name',
		phone: 'additionalFields.phone',
		ownerId: 'additionalFields.ownerId',
		unsubscribedFromEmails: 'additionalFields.unsubscribedFromEmails',
		signedUpAt: 'additionalFields.signedUpAt',
	});
	fields.role ??= 'user';
	if (fields.role === 'user' && !fields.email && !fields.external_id) {
		invalid(this, itemIndex, 'Email', 'is empty', 'A user needs an email or an external ID (Additional Fields → External ID).');
	}
	const custom = readCustomAttributes(this, itemIndex);
	if (custom) fields.custom_attributes = custom;
	return async (client) => await createContact(client, fields);
}
