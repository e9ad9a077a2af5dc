import type { INodeProperties } from 'n8n-workflow';
import * as addNote from './addNote.operation';
import * as assign from './assign.operation';
import * as close from './close.operation';

export { addNote, assign, close };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['conversation'] } },
		options: [
			{
				name: 'Add Note',
				value: 'addNote',
				description: 'Add an internal note to a conversation',
				action: 'Add a note to a conversation',
			},
			{
				name: 'Assign',
				value: 'assign',
				description: 'Assign a conversation to a teammate or a team',
				action: 'Assign a conversation',
			},
			{
				name: 'Close',
				value: 'close',
				description: 'Close a conversation, optionally with a message to the customer',
				action: 'Close a conversation',
			},
		],
		default: 'close',
	},
	...close.description,
	...assign.description,
	...addNote.description,
];
