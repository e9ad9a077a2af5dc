import type { INodeProperties } from 'n8n-workflow';
import { INBOX_URL_PATTERN } from '../helpers/conversationRef';

/** Shared parameter definitions, spread into the operations that use them. Names, values and defaults are workflow JSON. */

export const PRIORITIES = ['none', 'low', 'medium', 'high', 'urgent'];

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

export const tagParameter: INodeProperties = {
	displayName: 'Tag',
	name: 'tag',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The tag: pick it from the list, or give its name or its ID',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchTags', searchable: true },
		},
		{ displayName: 'By Name', name: 'name', type: 'string', placeholder: 'e.g. billing' },
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 7522907',
			validation: [
				{ type: 'regex', properties: { regex: '^\\s*[0-9]+\\s*$', errorMessage: 'A tag ID is made of digits only' } },
			],
		},
	],
};

export const unassignFromOptions = [
	{ name: 'Admin', value: 'admin', description: 'Remove the assigned teammate' },
	{ name: 'Team', value: 'team', description: 'Remove the assigned team' },
	{ name: 'Both', value: 'both', description: 'Remove the teammate, then the team (two calls)' },
];

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
			default: 0,
			typeOptions: { minValue: 0, maxValue: 256 },
			description:
				"At most how many items are sent to Intercom at the same time. 0 means Auto: as many as Intercom's rate limit and its answer time call for (up to 256), fewer while Intercom is failing. The shared rate limiter keeps every execution under the workspace limit whatever this is.",
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
