import type { INodeProperties } from 'n8n-workflow';
import * as createNote from './createNote.operation';

export { createNote };

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
		],
		default: 'createNote',
	},
	...createNote.description,
];
