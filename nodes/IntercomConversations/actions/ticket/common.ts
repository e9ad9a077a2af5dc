import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { listTicketStates, listTicketTypes, type TicketState, type TicketType, type TicketTypeAttribute } from '../../api/tickets';
import type { WorkspaceDirectory } from '../../helpers/workspaceDirectory';
import { invalid, read } from '../inputs';

/** Parameters and readers the ticket operations (and Convert to Ticket) share. */

export const ticketIdParameter: INodeProperties = {
	displayName: 'Ticket ID',
	name: 'ticketId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 64619700005694',
	description: "The ticket's Intercom ID, not the number the inbox shows",
};

export const ticketTypeParameter = (loadOptionsMethod: 'getTicketTypes' | 'getCustomerTicketTypes'): INodeProperties => ({
	displayName: 'Ticket Type Name or ID',
	name: 'ticketTypeId',
	type: 'options',
	typeOptions: { loadOptionsMethod },
	default: '',
	required: true,
	description:
		'The type of ticket, which decides its attributes. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
});

/** The ticket type's attributes, as fields (name and value) or as one JSON object. */
export const attributeParameters = (description: string): INodeProperties[] => [
	{
		displayName: 'Attributes Input',
		name: 'attributesInput',
		type: 'options',
		default: 'fields',
		options: [
			{ name: 'Fields', value: 'fields', description: 'Pick each attribute and give its value' },
			{ name: 'JSON', value: 'json', description: 'One JSON object: attribute name → value' },
		],
	},
	{
		displayName: 'Attributes',
		name: 'attributes',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Attribute',
		default: {},
		description,
		displayOptions: { show: { attributesInput: ['fields'] } },
		options: [
			{
				displayName: 'Attribute',
				name: 'attribute',
				values: [
					{
						displayName: 'Name or ID',
						name: 'name',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getTicketTypeAttributes', loadOptionsDependsOn: ['ticketTypeId'] },
						default: '',
						description: 'The attribute. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'For a list attribute: the label of one of its options, or its ID',
					},
				],
			},
		],
	},
	{
		displayName: 'Attributes (JSON)',
		name: 'attributesJson',
		type: 'json',
		default: '{}',
		description,
		displayOptions: { show: { attributesInput: ['json'] } },
	},
];

/** A ticket or tracker ticket ID: digits. */
export function readTicketId(ctx: IExecuteFunctions, itemIndex: number, name = 'ticketId', label = 'Ticket ID'): string {
	return read.numericId(ctx, itemIndex, name, label);
}

export async function ticketTypes(directory: WorkspaceDirectory): Promise<TicketType[]> {
	return await directory.once('ticket_types', listTicketTypes);
}

export async function ticketStates(directory: WorkspaceDirectory): Promise<TicketState[]> {
	return await directory.once('ticket_states', listTicketStates);
}

/** The Ticket Type: one of this workspace's (Convert: a customer type only). */
export async function readTicketType(
	ctx: IExecuteFunctions,
	itemIndex: number,
	directory: WorkspaceDirectory,
	{ customerOnly = false } = {},
): Promise<TicketType> {
	const id = read.numericId(ctx, itemIndex, 'ticketTypeId', 'Ticket Type');
	const type = (await ticketTypes(directory)).find((t) => t.id === id);
	if (!type) return invalid(ctx, itemIndex, 'Ticket Type', `${id} is not a ticket type of this workspace`, 'Choose the ticket type from the list.');
	if (customerOnly && type.category !== undefined && type.category !== 'Customer') {
		invalid(ctx, itemIndex, 'Ticket Type', `"${type.name ?? id}" is a ${type.category} type; a conversation converts to a customer ticket type only`, 'Choose a customer ticket type.');
	}
	return type;
}

const attributesOf = (type: TicketType): TicketTypeAttribute[] => type.ticket_type_attributes?.ticket_type_attributes ?? [];

/** The attributes as given (fields or JSON), each value as text or as JSON gave it. */
function givenAttributes(ctx: IExecuteFunctions, itemIndex: number): Record<string, unknown> {
	const mode = read.choice(ctx, itemIndex, 'attributesInput', 'Attributes Input', ['fields', 'json'] as const, 'fields');
	if (mode === 'json') {
		let value = read.raw(ctx, itemIndex, 'attributesJson', '{}');
		if (typeof value === 'string') {
			try {
				value = value.trim() === '' ? {} : (JSON.parse(value) as unknown);
			} catch {
				return invalid(ctx, itemIndex, 'Attributes (JSON)', 'is not valid JSON', 'Give one JSON object, e.g. {"Severity": "High"}.');
			}
		}
		if (typeof value !== 'object' || value === null || Array.isArray(value)) {
			return invalid(ctx, itemIndex, 'Attributes (JSON)', 'is not a JSON object', 'Give one JSON object, e.g. {"Severity": "High"}.');
		}
		return value as Record<string, unknown>;
	}
	const rows = read.raw(ctx, itemIndex, 'attributes.attribute', []);
	const list = Array.isArray(rows) ? (rows as Array<{ name?: unknown; value?: unknown }>) : [];
	const attributes: Record<string, unknown> = {};
	list.forEach((row, i) => {
		const name = typeof row.name === 'string' ? row.name.trim() : '';
		if (name === '') invalid(ctx, itemIndex, `Attributes (entry ${i + 1})`, 'has no name', 'Pick the attribute from the list.');
		attributes[name] = row.value ?? '';
	});
	return attributes;
}

/** A value as the attribute's data type wants it (a list option by label or ID → its ID). */
function typedValue(ctx: IExecuteFunctions, itemIndex: number, attribute: TicketTypeAttribute, value: unknown): unknown {
	const label = `Attribute "${attribute.name}"`;
	const options = attribute.input_options?.list_options ?? [];
	switch (attribute.data_type) {
		case 'list': {
			const text = String(value).trim();
			const option = options.find((o) => o.id === text) ?? options.find((o) => o.label.toLowerCase() === text.toLowerCase());
			if (!option) invalid(ctx, itemIndex, label, `${JSON.stringify(value)} is not one of its options (${options.map((o) => o.label).join(', ')})`, 'Give the label of an option, or its ID.');
			return option?.id;
		}
		case 'integer':
		case 'decimal': {
			const n = typeof value === 'number' ? value : Number(String(value).trim());
			if (!Number.isFinite(n) || (attribute.data_type === 'integer' && !Number.isInteger(n))) {
				invalid(ctx, itemIndex, label, `${JSON.stringify(value)} is not ${attribute.data_type === 'integer' ? 'a whole number' : 'a number'}`, 'Enter a number.');
			}
			return n;
		}
		case 'boolean':
			if (value === true || value === false || value === 'true' || value === 'false') return value === true || value === 'true';
			return invalid(ctx, itemIndex, label, `${JSON.stringify(value)} is not true or false`, 'Enter true or false.');
		default:
			return value;
	}
}

/**
 * The item's attributes for a ticket of `type`, checked before anything is sent: each one known
 * to the type and of its type; with `required`, every attribute the type requires to create a
 * ticket is given (`given` adds the ones other fields set, such as the title).
 */
export function readAttributes(
	ctx: IExecuteFunctions,
	itemIndex: number,
	type: TicketType,
	{ required = false, given = {} as Record<string, unknown> } = {},
): Record<string, unknown> {
	const defs = attributesOf(type);
	const attributes: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(givenAttributes(ctx, itemIndex))) {
		const def = defs.find((d) => d.name === name) ?? defs.find((d) => d.name.toLowerCase() === name.toLowerCase());
		if (!def) {
			const known = defs.map((d) => d.name).join(', ');
			invalid(ctx, itemIndex, 'Attributes', `"${name}" is not an attribute of the ticket type "${type.name ?? type.id}"`, `Its attributes: ${known}.`);
		}
		attributes[(def as TicketTypeAttribute).name] = typedValue(ctx, itemIndex, def as TicketTypeAttribute, value);
	}
	if (required) {
		const all = { ...attributes, ...given };
		const missing = defs.filter((d) => d.required_to_create && d.archived !== true && (all[d.name] === undefined || all[d.name] === ''));
		if (missing.length > 0) {
			invalid(
				ctx,
				itemIndex,
				'Attributes',
				`miss${missing.length > 1 ? '' : 'es'} ${missing.map((d) => `"${d.name}"`).join(', ')}, required for a "${type.name ?? type.id}" ticket`,
				'Add the attribute (Attributes → Add Attribute), or give it in the JSON.',
			);
		}
	}
	return attributes;
}

/** The attributes of an update: passed as given (Intercom checks them against the ticket's type). */
export function readUpdateAttributes(ctx: IExecuteFunctions, itemIndex: number): Record<string, unknown> {
	return givenAttributes(ctx, itemIndex);
}
