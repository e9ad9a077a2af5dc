import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeProperties,
	type INodeParameterResourceLocator,
} from 'n8n-workflow';
import { conversationIdFrom, conversationIdFromUrl, INBOX_URL_PATTERN } from '../helpers/conversationRef';

/** Shared parameter definitions, spread into the operations that use them. */

export const conversationIdParameter: INodeProperties = {
	displayName: 'Conversation',
	name: 'conversationId',
	type: 'resourceLocator',
	default: { mode: 'id', value: '' },
	required: true,
	description: 'The conversation: its ID, its Intercom inbox URL, or pick it from the list',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchConversations', searchable: true },
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'e.g. https://app.intercom.com/a/inbox/abc123/inbox/conversation/215474005156281',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: INBOX_URL_PATTERN,
						errorMessage: 'Not an Intercom conversation URL (…/conversation/<numeric ID>)',
					},
				},
			],
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 215474005156281',
			validation: [
				{
					type: 'regex',
					properties: { regex: '^\\s*[0-9]+\\s*$', errorMessage: 'A conversation ID is made of digits only' },
				},
			],
		},
	],
};

export const contactIdParameter: INodeProperties = {
	displayName: 'Contact ID',
	name: 'contactId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 6762f0ad1bb69f9f2193bb62',
	description: "The contact's Intercom ID (not the external user_id)",
};

export const adminIdParameter: INodeProperties = {
	displayName: 'Admin Name or ID',
	name: 'adminId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getAdmins' },
	default: '',
	required: true,
	description:
		'The teammate the action is attributed to. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const optionsParameter: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			default: 10,
			typeOptions: { minValue: 1, maxValue: 50 },
			description:
				'How many items are sent to Intercom at the same time. The shared rate limiter keeps every execution under the workspace limit whatever this is.',
		},
		{
			displayName: 'Max Attempts',
			name: 'maxAttempts',
			type: 'number',
			default: 5,
			typeOptions: { minValue: 1, maxValue: 10 },
			description:
				'Attempts per request in all, retrying rate limits, server errors and network failures. Notes and replies are read back before a retry, so they are never written twice.',
		},
		{
			displayName: 'Timeout (Ms)',
			name: 'timeout',
			type: 'number',
			default: 30000,
			typeOptions: { minValue: 1000 },
			description: 'How long to wait for each answer from Intercom, in milliseconds',
		},
	],
};

export interface ExecutionOptions {
	concurrency: number;
	maxAttempts: number;
	timeoutMs: number;
}

export function executionOptions(this: IExecuteFunctions): ExecutionOptions {
	const options = this.getNodeParameter('options', 0, {}) as {
		concurrency?: number;
		maxAttempts?: number;
		timeout?: number;
	};
	const whole = (value: unknown, fallback: number, min: number, max: number) => {
		const n = Number(value ?? fallback);
		return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.floor(n))) : fallback;
	};
	return {
		concurrency: whole(options.concurrency, 10, 1, 50),
		maxAttempts: whole(options.maxAttempts, 5, 1, 10),
		timeoutMs: whole(options.timeout, 30_000, 1_000, 600_000),
	};
}

/** Validation: each reader refuses bad input with an error that names the item and the field. */

export function invalid(this: IExecuteFunctions, itemIndex: number, field: string, problem: string, hint: string): never {
	throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: ${field} ${problem}`, {
		itemIndex,
		description: hint,
	});
}

export function readConversationId(this: IExecuteFunctions, itemIndex: number): string {
	const locator = this.getNodeParameter('conversationId', itemIndex) as INodeParameterResourceLocator | string;
	const { mode, value } =
		typeof locator === 'object' && locator !== null ? locator : { mode: 'id', value: locator };
	const shown = JSON.stringify(value ?? '');
	if (mode === 'url') {
		const id = conversationIdFromUrl(value) ?? conversationIdFrom(value);
		if (id) return id;
		invalid.call(
			this,
			itemIndex,
			'Conversation',
			`${shown} is not an Intercom conversation URL`,
			'Paste the URL of a conversation from the Intercom inbox (https://app.intercom.com/a/inbox/<app>/inbox/conversation/<ID>), or its numeric ID.',
		);
	}
	const id = conversationIdFrom(value);
	if (id) return id;
	if (value === '' || value === undefined || value === null) {
		invalid.call(this, itemIndex, 'Conversation', 'is empty', 'Enter the numeric conversation ID, or map it from an earlier node.');
	}
	return invalid.call(
		this,
		itemIndex,
		'Conversation',
		`ID ${shown} is not a number`,
		'A conversation ID is made of digits only, e.g. 215474005156281. To use an inbox URL, switch the field to "By URL".',
	);
}

/** A numeric Intercom ID from a dropdown or an expression (admins, teams). */
export function readNumericId(this: IExecuteFunctions, name: string, label: string, itemIndex: number): string {
	const raw = this.getNodeParameter(name, itemIndex, '') as unknown;
	const value = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
	if (value === '') {
		invalid.call(this, itemIndex, label, 'is empty', `Choose the ${label.toLowerCase()} from the list, or map its ID.`);
	}
	if (!/^\d+$/.test(value)) {
		invalid.call(this, itemIndex, label, `${JSON.stringify(raw)} is not a numeric ID`, `An Intercom ${label.toLowerCase()} ID is made of digits only.`);
	}
	return value;
}

/** A text field; `required` refuses an empty or blank value; an optional empty value is left out. */
export function readText(
	this: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
	required: boolean,
): string | undefined {
	const raw = this.getNodeParameter(name, itemIndex, '') as unknown;
	const text = raw === null || raw === undefined ? '' : String(raw);
	if (text.trim() !== '') return text;
	if (required) invalid.call(this, itemIndex, label, 'is empty', `Enter the ${label.toLowerCase()}, or map it from an earlier node.`);
	return undefined;
}

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
