import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { invalid, read } from '../inputs';

/**
 * Custom attributes of a contact or a company: as fields (name/value pairs) or as one JSON
 * object. Values are text, numbers or booleans (Intercom refuses nested objects).
 */

export function customAttributeProperties(noun: 'contact' | 'company'): INodeProperties[] {
	return [
		{
			displayName: 'Custom Attributes',
			name: 'customAttributesMode',
			type: 'options',
			options: [
				{ name: 'None', value: 'none' },
				{ name: 'As Fields', value: 'fields', description: 'Name and value pairs (values are sent as entered)' },
				{ name: 'As JSON', value: 'json', description: 'One JSON object, keeping numbers and booleans' },
			],
			default: 'none',
			description: `Custom data attributes of the ${noun}, which must exist in Intercom's settings`,
		},
		{
			displayName: 'Attributes',
			name: 'customAttributes',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Attribute',
			default: {},
			displayOptions: { show: { customAttributesMode: ['fields'] } },
			options: [
				{
					displayName: 'Attribute',
					name: 'attribute',
					values: [
						{ displayName: 'Name', name: 'name', type: 'string', default: '', description: "The attribute's name in Intercom" },
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
					],
				},
			],
		},
		{
			displayName: 'Attributes (JSON)',
			name: 'customAttributesJson',
			type: 'json',
			default: '{}',
			displayOptions: { show: { customAttributesMode: ['json'] } },
			description: 'One object, e.g. {"plan": "pro", "seats": 12, "paid": true}',
		},
	];
}

const isScalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** The custom attributes of an item, or undefined when none are given. */
export function readCustomAttributes(ctx: IExecuteFunctions, itemIndex: number): IDataObject | undefined {
	const mode = read.choice(ctx, itemIndex, 'customAttributesMode', 'Custom Attributes', ['none', 'fields', 'json'], 'none');
	if (mode === 'none') return undefined;
	const out: IDataObject = {};
	if (mode === 'fields') {
		const pairs = (read.raw(ctx, itemIndex, 'customAttributes.attribute', []) ?? []) as unknown[];
		(Array.isArray(pairs) ? pairs : []).forEach((pair, n) => {
			const label = `Custom Attribute ${n + 1}`;
			const { name, value } = (pair ?? {}) as { name?: unknown; value?: unknown };
			if (typeof name !== 'string' || name.trim() === '') {
				return invalid(ctx, itemIndex, `${label} Name`, 'is empty', "Enter the attribute's name as it is in Intercom's settings.");
			}
			if (!isScalar(value)) invalid(ctx, itemIndex, `${label} Value`, 'is not text, a number or a boolean', 'Map a single value, not an object or a list.');
			out[name.trim()] = value as string;
		});
		return Object.keys(out).length ? out : undefined;
	}
	let value = read.raw(ctx, itemIndex, 'customAttributesJson', '{}');
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value.trim() || '{}');
		} catch {
			invalid(ctx, itemIndex, 'Attributes (JSON)', 'is not valid JSON', 'Enter one JSON object, e.g. {"plan": "pro"}.');
		}
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		invalid(ctx, itemIndex, 'Attributes (JSON)', 'is not a JSON object', 'Enter one JSON object, e.g. {"plan": "pro"}.');
	}
	for (const [key, v] of Object.entries(value as object)) {
		if (!isScalar(v)) invalid(ctx, itemIndex, 'Attributes (JSON)', `has "${key}" as an object or a list`, 'Intercom stores text, numbers and booleans only.');
	}
	return Object.keys(value as object).length ? (value as IDataObject) : undefined;
}
