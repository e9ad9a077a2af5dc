import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { searchContacts } from '../../api/contacts';
import { allPages, pages } from '../../api/pages';
import { allOf, type SingleFilter } from '../../helpers/searchQuery';
import { read } from '../inputs';
import { returnAllParameters } from '../parameters';
import type { Send } from '../types';

const properties: INodeProperties[] = [
	...returnAllParameters,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ displayName: 'Created After', name: 'createdAfter', type: 'dateTime', default: '' },
			{ displayName: 'Created Before', name: 'createdBefore', type: 'dateTime', default: '' },
			{
				displayName: 'Custom Attribute Name',
				name: 'customAttributeName',
				type: 'string',
				default: '',
				description: 'A custom attribute that must equal Custom Attribute Value',
			},
			{ displayName: 'Custom Attribute Value', name: 'customAttributeValue', type: 'string', default: '' },
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'e.g. nathan@example.com', default: '', description: 'The exact email' },
			{ displayName: 'External ID', name: 'externalId', type: 'string', default: '' },
			{ displayName: 'Name Contains', name: 'name', type: 'string', default: '' },
			{
				displayName: 'Role',
				name: 'role',
				type: 'options',
				options: [
					{ name: 'User', value: 'user' },
					{ name: 'Lead', value: 'lead' },
				],
				default: 'user',
			},
			{ displayName: 'Updated After', name: 'updatedAfter', type: 'dateTime', default: '' },
			{ displayName: 'Updated Before', name: 'updatedBefore', type: 'dateTime', default: '' },
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['getMany'] } }, properties);

/** Contacts matching every filter (all contacts without one), page by page; one output item per contact. */
export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<Send> {
	const limit = read.limit(this, itemIndex, 'contacts');
	const filters = readFilters(this, itemIndex);
	const query = filters.length ? allOf(filters) : { field: 'role', operator: 'IN', value: ['user', 'lead'] };
	return async (client) => {
		return await allPages(pages((page) => searchContacts(client, query, page), (list) => list.data, limit));
	};
}

function readFilters(ctx: IExecuteFunctions, itemIndex: number): SingleFilter[] {
	const filters: SingleFilter[] = [];
	const set = (name: string) => read.isSet(ctx, itemIndex, `filters.${name}`);
	const text = (name: string, label: string) => read.text(ctx, itemIndex, `filters.${name}`, label, { required: true, trim: true, max: 255 });
	if (set('email')) filters.push({ field: 'email', operator: '=', value: text('email', 'Email') });
	if (set('externalId')) filters.push({ field: 'external_id', operator: '=', value: text('externalId', 'External ID') });
	if (set('name')) filters.push({ field: 'name', operator: '~', value: text('name', 'Name Contains') });
	if (set('role')) filters.push({ field: 'role', operator: '=', value: read.choice(ctx, itemIndex, 'filters.role', 'Role', ['user', 'lead'], 'user') });
	if (set('customAttributeName')) {
		const name = text('customAttributeName', 'Custom Attribute Name');
		const value = text('customAttributeValue', 'Custom Attribute Value');
		filters.push({ field: `custom_attributes.${name}`, operator: '=', value });
	}
	const dates = [
		['createdAfter', 'created_at', '>', 'Created After'],
		['createdBefore', 'created_at', '<', 'Created Before'],
		['updatedAfter', 'updated_at', '>', 'Updated After'],
		['updatedBefore', 'updated_at', '<', 'Updated Before'],
	] as const;
	for (const [name, field, operator, label] of dates) {
		if (set(name)) filters.push({ field, operator, value: read.moment(ctx, itemIndex, `filters.${name}`, label) });
	}
	return filters;
}
