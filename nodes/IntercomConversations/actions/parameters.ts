import type { INodeProperties } from 'n8n-workflow';
import { INBOX_URL_PATTERN } from '../helpers/conversationRef';
import { CONTACT_URL_PATTERN } from './inputs';

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

/** A contact by Intercom ID, by email (looked up when the item is sent) or by the URL of its Intercom page (`read.contact`). */
export const contactLocatorParameter: INodeProperties = {
	displayName: 'Contact',
	name: 'contact',
	type: 'resourceLocator',
	default: { mode: 'id', value: '' },
	required: true,
	description: "The contact: its Intercom ID, its email, or the URL of the contact's page in Intercom",
	modes: [
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 6762f0ad1bb69f9f2193bb62',
			validation: [
				{ type: 'regex', properties: { regex: '^\\s*[A-Za-z0-9_-]{1,24}\\s*$', errorMessage: 'A contact ID is at most 24 letters and digits' } },
			],
		},
		{
			displayName: 'By Email',
			name: 'email',
			type: 'string',
			placeholder: 'e.g. jane@example.com',
			validation: [{ type: 'regex', properties: { regex: '^\\s*[^\\s@]+@[^\\s@]+\\.[^\\s@]+\\s*$', errorMessage: 'Not an email address' } }],
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'e.g. https://app.intercom.com/a/apps/abc123/users/6762f0ad1bb69f9f2193bb62/all-conversations',
			validation: [
				{ type: 'regex', properties: { regex: CONTACT_URL_PATTERN, errorMessage: "Not the URL of a contact's page in Intercom" } },
			],
		},
	],
};

/** A message's text (`body`): spread it with a description of what the reader sees. */
export const messageParameter: INodeProperties = {
	displayName: 'Message',
	name: 'body',
	type: 'string',
	typeOptions: { rows: 4 },
	default: '',
	required: true,
};

/** A note's author and text (`adminId`, `body`), with where the note is shown. */
export function noteParameters(shownAs: string): INodeProperties[] {
	return [
		{ ...adminIdParameter, description: 'The teammate shown as the author of the note' },
		{ ...messageParameter, displayName: 'Note', description: shownAs },
	];
}

/**
 * The `contactId` parameter of the contact operations: the same locator (By ID, By Email, By URL).
 * Workflows saved when it was a plain string (`contactId: "abc"`) still read as an ID (read.contact).
 */
export const contactIdParameter: INodeProperties = { ...contactLocatorParameter, name: 'contactId' };

/** Return All / Limit of the Get Many operations (read with `read.limit`). */
export const returnAllParameters: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1 },
		displayOptions: { show: { returnAll: [false] } },
		description: 'Max number of results to return',
	},
];

/** Beside the `tag` locator of the Add Tag operations. */
export const createTagIfMissingParameter: INodeProperties = {
	displayName: 'Create Tag If Missing',
	name: 'createTagIfMissing',
	type: 'boolean',
	default: false,
	// No displayOptions on `tag.mode`: n8n cannot resolve a dependency on a resource locator's mode.
	description:
		'Whether to create the tag when no tag of this workspace has that name (names are compared without regard to case). Applies when the tag is given by name.',
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
