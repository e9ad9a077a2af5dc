import { NodeOperationError, updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { AmbiguousContactError, keyOf, upsertContact } from '../../api/contacts';
import { toNodeError } from '../../transport';
import { invalid } from '../inputs';
import type { PrepareContext, Send } from '../types';
import { customAttributeProperties, readCustomAttributes } from './customAttributes';
import { FIELD, fieldCollection, readContactFields } from './fields';

const properties: INodeProperties[] = [
	{ ...FIELD.externalId, description: `${FIELD.externalId.description}. The contact is found by it first.` },
	{ ...FIELD.email, description: 'The contact is found by it when no contact has the external ID (or none is given)' },
	FIELD.role,
	fieldCollection('additionalFields', 'Additional Fields', ['name', 'phone', 'ownerId', 'unsubscribedFromEmails', 'signedUpAt']),
	...customAttributeProperties('contact'),
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['upsert'] } }, properties);

/**
 * Finds the contact by external ID, else by email, and updates it, or creates it: one contact,
 * also when retried after a failure (api/contacts.ts upsertContact). Outputs the contact.
 */
export async function prepare(this: IExecuteFunctions, itemIndex: number, { directory }: PrepareContext): Promise<Send> {
	const fields = await readContactFields(this, itemIndex, directory, {
		externalId: 'externalId',
		email: 'email',
		role: 'role',
		name: 'additionalFields.name',
		phone: 'additionalFields.phone',
		ownerId: 'additionalFields.ownerId',
		unsubscribedFromEmails: 'additionalFields.unsubscribedFromEmails',
		signedUpAt: 'additionalFields.signedUpAt',
	});
	const key = keyOf(fields);
	if (!key) invalid(this, itemIndex, 'External ID', 'and Email are both empty', 'Give the external ID or the email the contact is found by.');
	const custom = readCustomAttributes(this, itemIndex);
	if (custom) fields.custom_attributes = custom;
	const node = this.getNode();
	return async (client) => {
		try {
			return await upsertContact(client, key, fields);
		} catch (error) {
			if (!(error instanceof AmbiguousContactError)) throw toNodeError(node, error, itemIndex);
			const label = error.field === 'email' ? 'Email' : 'External ID';
			throw new NodeOperationError(node, `Item ${itemIndex}: ${label} is ambiguous: ${error.message}`, {
				itemIndex,
				description: 'Give an external ID only one contact has, or merge the duplicates first.',
			});
		}
	};
}
