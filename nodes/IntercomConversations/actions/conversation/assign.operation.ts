import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { read } from '../inputs';
import { adminIdParameter, conversationIdParameter } from '../parameters';
import type { PrepareContext, Send } from '../types';
import { assign } from '../../api/conversations';

const properties: INodeProperties[] = [
	{
		displayName: 'Assigning a closed conversation reopens it in Intercom',
		name: 'assignNotice',
		type: 'notice',
		default: '',
	},
	conversationIdParameter,
	{ ...adminIdParameter, description: 'The teammate who performs the assignment (not the assignee)' },
	{
		displayName: 'Assignee Type',
		name: 'assigneeType',
		type: 'options',
		default: 'admin',
		options: [
			{ name: 'Admin', value: 'admin', description: 'Assign to a teammate' },
			{ name: 'Team', value: 'team', description: 'Assign to a team' },
		],
	},
	{
		displayName: 'Assignee Name or ID',
		name: 'assigneeId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getAssignees', loadOptionsDependsOn: ['assigneeType'] },
		default: '',
		required: true,
		description:
			'The teammate or team to assign the conversation to. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Message',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'Optional message sent in the conversation with the assignment',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['assign'] } },
	properties,
);

export async function prepare(this: IExecuteFunctions, itemIndex: number, { directory }: PrepareContext): Promise<Send> {
	const conversationId = read.conversationId(this, itemIndex);
	const assigneeType = read.choice(this, itemIndex, 'assigneeType', 'Assignee Type', ['admin', 'team'] as const, 'admin');
	const body = read.text(this, itemIndex, 'body', 'Message');
	read.numericId(this, itemIndex, 'assigneeId', 'Assignee'); // malformed: refused before the directory is read
	const adminId = await read.actingAdmin(this, itemIndex, directory);
	const assigneeId = await read.assignee(this, itemIndex, directory, assigneeType);

	return async (client) => await assign(client, conversationId, adminId, assigneeType, assigneeId, body);
}
