import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { updateConversation } from '../../api/conversations';
import { invalid, read } from '../inputs';
import { adminIdParameter, conversationIdParameter, PRIORITIES } from '../parameters';
import type { PrepareContext, Send } from '../types';

const isPreview = (apiVersion: string) => /^(preview|unstable)$/i.test(apiVersion.trim());

const properties: INodeProperties[] = [
	conversationIdParameter,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Custom Attributes',
				name: 'customAttributes',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Attribute',
				default: {},
				description: 'Conversation attributes as name and text value; for numbers, booleans or lists use Custom Attributes (JSON)',
				options: [
					{
						displayName: 'Attribute',
						name: 'attribute',
						values: [
							{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'e.g. issue_type' },
							{ displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: 'e.g. Billing' },
						],
					},
				],
			},
			{
				displayName: 'Custom Attributes (JSON)',
				name: 'customAttributesJson',
				type: 'json',
				default: '{}',
				placeholder: '{ "issue_type": "Billing", "order_count": 3 }',
				description: 'Conversation attributes as one JSON object; name and value pairs above override the same names here',
			},
			{
				displayName: 'Priority',
				name: 'priority',
				type: 'options',
				default: 'high',
				options: PRIORITIES.map((p) => ({ name: p[0].toUpperCase() + p.slice(1), value: p })),
				description:
					"The conversation's priority (None clears it). Intercom only allows this with the API version Preview: set it in the credential.",
			},
			{
				...adminIdParameter,
				required: false,
				displayName: 'Priority Changed By Name or ID',
				name: 'priorityAdminId',
				description:
					'The teammate the priority change is attributed to (Intercom uses Operator when empty). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Read',
				name: 'read',
				type: 'boolean',
				default: true,
				description: 'Whether to mark the conversation as read (on) or unread (off)',
			},
			{
				displayName: 'Title',
				name: 'title',
				type: 'string',
				default: '',
				description: "The conversation's title; empty clears it",
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['update'] } },
	properties,
);

interface UpdateFields {
	customAttributes?: { attribute?: Array<{ name?: string; value?: unknown }> };
	customAttributesJson?: unknown;
}

const LABEL = 'Custom Attributes';

function readCustomAttributes(this: IExecuteFunctions, fields: UpdateFields, itemIndex: number): IDataObject | undefined {
	let attributes: unknown = fields.customAttributesJson ?? {};
	if (typeof attributes === 'string') {
		try {
			attributes = attributes.trim() === '' ? {} : JSON.parse(attributes);
		} catch (error) {
			invalid(this, itemIndex, `${LABEL} (JSON)`, `is not valid JSON (${(error as Error).message})`, 'Give one JSON object, e.g. { "issue_type": "Billing" }.');
		}
	}
	if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) {
		return invalid(this, itemIndex, `${LABEL} (JSON)`, 'is not a JSON object', 'Give one JSON object, e.g. { "issue_type": "Billing" }.');
	}
	const merged: IDataObject = { ...(attributes as IDataObject) };
	for (const { name, value } of fields.customAttributes?.attribute ?? []) {
		const key = String(name ?? '').trim();
		if (key === '') invalid(this, itemIndex, LABEL, 'has an attribute without a name', 'Give each attribute a name, or remove it.');
		merged[key] = (value ?? '') as IDataObject[string];
	}
	for (const [key, value] of Object.entries(merged)) {
		if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
			invalid(this, itemIndex, LABEL, `"${key}" is an object`, 'Intercom takes text, numbers, booleans, dates or lists of custom object IDs as attribute values.');
		}
	}
	return Object.keys(merged).length > 0 ? merged : undefined;
}

export async function prepare(this: IExecuteFunctions, itemIndex: number, { directory, apiVersion }: PrepareContext): Promise<Send> {
	const conversationId = read.conversationId(this, itemIndex);
	const fields = (read.raw(this, itemIndex, 'updateFields', {}) ?? {}) as UpdateFields;
	const given = (name: string) => read.raw(this, itemIndex, `updateFields.${name}`, undefined) !== undefined;
	const body: IDataObject = {};
	// An empty title clears it.
	if (given('title')) body.title = read.text(this, itemIndex, 'updateFields.title', 'Title') ?? '';
	if (given('read')) body.read = read.boolean(this, itemIndex, 'updateFields.read', 'Read', true);
	const attributes = readCustomAttributes.call(this, fields, itemIndex);
	if (attributes) body.custom_attributes = attributes;
	if (given('priority')) {
		if (!isPreview(apiVersion)) {
			invalid(
				this,
				itemIndex,
				'Priority',
				`can only be set with the API version Preview (the credential uses ${apiVersion})`,
				"Switch the credential's API Version to Preview, or remove Priority from Update Fields.",
			);
		}
		body.priority = read.choice(this, itemIndex, 'updateFields.priority', 'Priority', PRIORITIES, 'high');
		if (read.isSet(this, itemIndex, 'updateFields.priorityAdminId')) {
			body.admin_id = await read.actingAdmin(this, itemIndex, directory, { name: 'updateFields.priorityAdminId', label: 'Priority Changed By' });
		}
	}
	if (Object.keys(body).length === 0) {
		invalid(this, itemIndex, 'Update Fields', 'is empty', 'Add at least one field to change: title, custom attributes, read or priority.');
	}
	return async (client) => await updateConversation(client, conversationId, body);
}
