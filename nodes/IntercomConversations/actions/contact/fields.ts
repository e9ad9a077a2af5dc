import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { ContactFields } from '../../api/contacts';
import type { WorkspaceDirectory } from '../../helpers/workspaceDirectory';
import { invalid, read } from '../inputs';

/** The contact's own fields (create, update, upsert): their parameters and the one reader. */

export type FieldName = 'role' | 'email' | 'externalId' | 'name' | 'phone' | 'ownerId' | 'unsubscribedFromEmails' | 'signedUpAt';

export const FIELD: Record<FieldName, INodeProperties> = {
	role: {
		displayName: 'Role',
		name: 'role',
		type: 'options',
		options: [
			{ name: 'User', value: 'user', description: 'A signed-up customer (unique by email and external ID)' },
			{ name: 'Lead', value: 'lead', description: 'A prospect, not signed up' },
		],
		default: 'user',
	},
	email: { displayName: 'Email', name: 'email', type: 'string', placeholder: 'e.g. nathan@example.com', default: '' },
	externalId: {
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		description: "Your own ID for the contact (Intercom's external_id, e.g. your user ID or a Stripe customer ID), unique in the workspace",
	},
	name: { displayName: 'Name', name: 'name', type: 'string', default: '' },
	phone: { displayName: 'Phone', name: 'phone', type: 'string', placeholder: 'e.g. +353871234567', default: '' },
	ownerId: {
		displayName: 'Owner Name or ID',
		name: 'ownerId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getAdmins' },
		default: '',
		description:
			'The teammate who owns the contact. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	unsubscribedFromEmails: {
		displayName: 'Unsubscribed From Emails',
		name: 'unsubscribedFromEmails',
		type: 'boolean',
		default: false,
		description: 'Whether the contact is unsubscribed from emails',
	},
	signedUpAt: { displayName: 'Signed Up At', name: 'signedUpAt', type: 'dateTime', default: '', description: 'When the contact signed up' },
};

/** An "Additional Fields" / "Update Fields" collection of these fields. */
export function fieldCollection(name: string, displayName: string, fields: FieldName[]): INodeProperties {
	return {
		displayName,
		name,
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: fields.map((f) => FIELD[f]).sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Reads the fields found at `where` (field → parameter path, e.g. `additionalFields.name`); unset fields are left out. */
export async function readContactFields(
	ctx: IExecuteFunctions,
	itemIndex: number,
	directory: WorkspaceDirectory,
	where: Partial<Record<FieldName, string>>,
): Promise<ContactFields> {
	const fields: ContactFields = {};
	const at = (f: FieldName) => where[f];
	const label = (f: FieldName) => FIELD[f].displayName.replace(' Name or ID', '');
	const given = (f: FieldName): boolean => at(f) !== undefined && read.isSet(ctx, itemIndex, at(f) as string);
	if (given('role')) fields.role = read.choice(ctx, itemIndex, at('role') as string, 'Role', ['user', 'lead'] as const, 'user');
	if (given('email')) {
		const email = read.text(ctx, itemIndex, at('email') as string, 'Email', { required: true, trim: true, max: 255 });
		if (!EMAIL.test(email)) invalid(ctx, itemIndex, 'Email', `${JSON.stringify(email)} is not an email address`, 'Enter an email, e.g. jane@example.com.');
		fields.email = email;
	}
	const texts = { externalId: 'external_id', name: 'name', phone: 'phone' } as const;
	for (const [f, key] of Object.entries(texts) as Array<[keyof typeof texts, (typeof texts)[keyof typeof texts]]>) {
		if (given(f)) fields[key] = read.text(ctx, itemIndex, at(f) as string, label(f), { required: true, trim: true, max: 255 });
	}
	if (given('ownerId')) fields.owner_id = await read.actingAdmin(ctx, itemIndex, directory, { name: at('ownerId') as string, label: 'Owner' });
	if (given('unsubscribedFromEmails')) {
		fields.unsubscribed_from_emails = read.boolean(ctx, itemIndex, at('unsubscribedFromEmails') as string, label('unsubscribedFromEmails'), false);
	}
	if (given('signedUpAt')) fields.signed_up_at = read.moment(ctx, itemIndex, at('signedUpAt') as string, label('signedUpAt'));
	return fields;
}
