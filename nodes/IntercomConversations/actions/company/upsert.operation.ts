import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { upsertCompany, type CompanyFields } from '../../api/companies';
import { read } from '../inputs';
import { customAttributeProperties, readCustomAttributes } from '../contact/customAttributes';
import type { Send } from '../types';

const properties: INodeProperties[] = [
	{
		displayName: 'Company ID',
		name: 'companyId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. acme-42',
		description: "Your own ID for the company (Intercom's company_id): the company with it is updated, else created",
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Industry', name: 'industry', type: 'string', default: '' },
			{
				displayName: 'Monthly Spend',
				name: 'monthlySpend',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0 },
				description: 'Revenue from the company per month, in whole units (Intercom drops decimals)',
			},
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{ displayName: 'Plan', name: 'plan', type: 'string', default: '', description: "The name of the company's plan" },
			{ displayName: 'Size', name: 'size', type: 'number', default: 0, typeOptions: { minValue: 0 }, description: 'Number of employees' },
			{ displayName: 'Website', name: 'website', type: 'string', default: '', placeholder: 'e.g. https://acme.example' },
		],
	},
	...customAttributeProperties('company'),
];

export const description = updateDisplayOptions({ show: { resource: ['company'], operation: ['upsert'] } }, properties);

const MAX_INT32 = 2_147_483_647;

/** Creates or updates the company by its company_id (safe to retry); outputs the company. */
export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<Send> {
	const fields: CompanyFields = { company_id: read.text(this, itemIndex, 'companyId', 'Company ID', { required: true, trim: true, max: 255 }) };
	for (const [name, label] of [['name', 'Name'], ['plan', 'Plan'], ['website', 'Website'], ['industry', 'Industry']] as const) {
		const value = read.text(this, itemIndex, `additionalFields.${name}`, label, { trim: true, max: 255 });
		if (value !== undefined) fields[name] = value;
	}
	const whole = (name: string, label: string) =>
		read.wholeNumber(this, itemIndex, `additionalFields.${name}`, label, { min: 0, max: MAX_INT32, fallback: 0, hint: `Enter the ${label.toLowerCase()} as a whole number.` });
	if (read.isSet(this, itemIndex, 'additionalFields.size')) fields.size = whole('size', 'Size');
	if (read.isSet(this, itemIndex, 'additionalFields.monthlySpend')) {
		const spend = read.raw(this, itemIndex, 'additionalFields.monthlySpend');
		// Intercom truncates decimals; so do we, before checking.
		if (typeof spend === 'number' && Number.isFinite(spend)) fields.monthly_spend = Math.trunc(spend);
		if (fields.monthly_spend === undefined || fields.monthly_spend < 0 || fields.monthly_spend > MAX_INT32) {
			fields.monthly_spend = whole('monthlySpend', 'Monthly Spend');
		}
	}
	const custom = readCustomAttributes(this, itemIndex);
	if (custom) fields.custom_attributes = custom;
	return async (client) => await upsertCompany(client, fields);
}
