import type { INodeProperties } from 'n8n-workflow';
import * as addNote from './addNote.operation';
import * as addTag from './addTag.operation';
import * as assign from './assign.operation';
import * as close from './close.operation';
import * as convertToTicket from './convertToTicket.operation';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as open from './open.operation';
import * as removeTag from './removeTag.operation';
import * as reply from './reply.operation';
import * as report from './report.operation';
import * as sendMessage from './sendMessage.operation';
import * as snooze from './snooze.operation';
import * as unassign from './unassign.operation';
import * as update from './update.operation';

export { addNote, assign, close, get, getMany };
export { addTag, open, removeTag, reply, report, snooze, unassign, update };
export { create, sendMessage };
export { convertToTicket };

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
				name: 'Add Tag',
				value: 'addTag',
				description: 'Tag a conversation, by tag name or ID; optionally create a missing tag',
				action: 'Add a tag to a conversation',
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
			{
				name: 'Convert to Ticket',
				value: 'convertToTicket',
				description: 'Turn a conversation into a customer ticket of a type, with its attributes',
				action: 'Convert a conversation to a ticket',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Start a conversation on behalf of a contact (user or lead), by contact ID or email',
				action: 'Create a conversation',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a conversation, optionally with its parts and as plain text',
				action: 'Get a conversation',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List or search conversations by state, assignee, tag, dates, waiting time or priority',
				action: 'Get many conversations',
			},
			{
				name: 'Open',
				value: 'open',
				description: 'Reopen a closed or snoozed conversation',
				action: 'Open a conversation',
			},
			{
				name: 'Remove Tag',
				value: 'removeTag',
				description: 'Remove a tag from a conversation, by tag name or ID',
				action: 'Remove a tag from a conversation',
			},
			{
				name: 'Reply',
				value: 'reply',
				description: 'Reply to the customer, with attachments; optionally close in the same step',
				action: 'Reply to a conversation',
			},
			{
				name: 'Report',
				value: 'report',
				description: 'Closed conversations of a period with first response and resolution times, or a summary per team, teammate, category or tag',
				action: 'Report on closed conversations',
			},
			{
				name: 'Send Message',
				value: 'sendMessage',
				description: 'Send an in-app message or an email from a teammate to a contact, which starts a conversation',
				action: 'Send a message to a contact',
			},
			{
				name: 'Snooze',
				value: 'snooze',
				description: 'Snooze a conversation until a moment or for a preset time, in a time zone',
				action: 'Snooze a conversation',
			},
			{
				name: 'Unassign',
				value: 'unassign',
				description: 'Remove the assigned teammate, team, or both',
				action: 'Unassign a conversation',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change the title, custom attributes, read status or (API version Preview) priority',
				action: 'Update a conversation',
			},
		],
		default: 'close',
	},
	...close.description,
	...convertToTicket.description,
	...assign.description,
	...addNote.description,
	...get.description,
	...getMany.description,
	...addTag.description,
	...open.description,
	...removeTag.description,
	...reply.description,
	...report.description,
	...snooze.description,
	...unassign.description,
	...update.description,
	...create.description,
	...sendMessage.description,
];
