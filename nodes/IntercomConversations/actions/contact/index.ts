import type { INodeProperties } from 'n8n-workflow';
import * as createNote from './createNote.operation';
import * as get from './get.operation';

export { createNote, get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		options: [
			{
				name: 'Create Note',
				value: 'createNote',
				description: "Add a note to a contact's profile",
				action: 'Create a note on a contact',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a contact by its Intercom ID',
				action: 'Get a contact',
			},
		],
		default: 'createNote',
	},
	...createNote.description,
	...get.description,
];
