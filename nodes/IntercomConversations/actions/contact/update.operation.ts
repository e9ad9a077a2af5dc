import { updateContact } from '../../api/contacts';
import { invalid } from '../inputs';
import { contactOperation } from './byContact';
import { customAttributeProperties, readCustomAttributes } from './customAttributes';
import { fieldCollection, readContactFields, type FieldName } from './fields';

const UPDATABLE: FieldName[] = ['role', 'email', 'externalId', 'name', 'phone', 'ownerId', 'unsubscribedFromEmails', 'signedUpAt'];

/** Sets the given fields of the contact (custom attributes are merged by Intercom); outputs the contact. */
export const { description, prepare } = contactOperation(
	'update',
	[fieldCollection('updateFields', 'Update Fields', UPDATABLE), ...customAttributeProperties('contact')],
	async (ctx, itemIndex, { directory }) => {
		const where = Object.fromEntries(UPDATABLE.map((f) => [f, `updateFields.${f}`]));
		const fields = await readContactFields(ctx, itemIndex, directory, where);
		const custom = readCustomAttributes(ctx, itemIndex);
		if (custom) fields.custom_attributes = custom;
		if (Object.keys(fields).length === 0) {
			invalid(ctx, itemIndex, 'Update Fields', 'are empty', 'Add at least one field to change, or custom attributes.');
		}
		return async (client, contactId) => await updateContact(client, contactId, fields);
	},
);
