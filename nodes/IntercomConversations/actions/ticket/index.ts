import type { INodeProperties } from 'n8n-workflow';
import * as addNote from './addNote.operation';
import * as addTag from './addTag.operation';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as linkConversation from './linkConversation.operation';
import * as removeTag from './removeTag.operation';
import * as reply from './reply.operation';
import * as unlinkConversation from './unlinkConversation.operation';
import * as update from './update.operation';

export { addNote, addTag, create, get, getMany, linkConversation, removeTag, reply, unlinkConversation, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['ticket'] } },
		options: [
			{ name: 'Add Note', value: 'addNote', description: 'Add an internal note to a ticket', action: 'Add a note to a ticket' },
			{ name: 'Add Tag', value: 'addTag', description: 'Tag a ticket, by tag name or ID', action: 'Add a tag to a ticket' },
			{ name: 'Create', value: 'create', description: 'Create a ticket of a type for a contact, with its attributes', action: 'Create a ticket' },
			{ name: 'Get', value: 'get', description: 'Get a ticket with its parts', action: 'Get a ticket' },
			{ name: 'Get Many', value: 'getMany', description: 'Search tickets by state, type, assignee and dates', action: 'Get many tickets' },
			{
				name: 'Link Conversation',
				value: 'linkConversation',
				description: 'Link a conversation to a tracker ticket',
				action: 'Link a conversation to a ticket',
			},
			{ name: 'Remove Tag', value: 'removeTag', description: 'Remove a tag from a ticket, by tag name or ID', action: 'Remove a tag from a ticket' },
			{ name: 'Reply', value: 'reply', description: 'Reply to the customer on a ticket', action: 'Reply to a ticket' },
			{
				name: 'Unlink Conversation',
				value: 'unlinkConversation',
				description: 'Unlink a conversation from a tracker ticket',
				action: 'Unlink a conversation from a ticket',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change the state, assignee, attributes, open/closed or snooze of a ticket',
				action: 'Update a ticket',
			},
		],
		default: 'get',
	},
	...addNote.description,
	...addTag.description,
	...create.description,
	...get.description,
	...getMany.description,
	...linkConversation.description,
	...removeTag.description,
	...reply.description,
	...unlinkConversation.description,
	...update.description,
];
