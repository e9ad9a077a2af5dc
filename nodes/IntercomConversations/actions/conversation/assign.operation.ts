import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import {
	adminIdParameter,
	conversationIdParameter,
	invalid,
	readConversationId,
	readNumericId,
	readText,
} from '../common';
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
	const conversationId = readConversationId.call(this, itemIndex);
	const adminId = readNumericId.call(this, 'adminId', 'Admin', itemIndex);
	const assigneeType = this.getNodeParameter('assigneeType', itemIndex) as 'admin' | 'team';
	if (assigneeType !== 'admin' && assigneeType !== 'team') {
		invalid.call(this, itemIndex, 'Assignee Type', `"${assigneeType}" is not "admin" or "team"`, 'Choose Admin or Team.');
	}
	const assigneeId = readNumericId.call(this, 'assigneeId', 'Assignee', itemIndex);
	const body = readText.call(this, 'body', 'Message', itemIndex, false);

	const [admins, teams] = await Promise.all([directory.admins(), directory.teams()]);
	const isAdmin = (id: string) => admins.some((a) => a.id === id);
	const isTeam = (id: string) => teams.some((t) => t.id === id);
	if (!isAdmin(adminId)) {
		invalid.call(
			this,
			itemIndex,
			'Admin',
			isTeam(adminId) ? `${adminId} is a team, not an admin` : `${adminId} is not an admin of this workspace`,
			'The acting admin must be a teammate; choose one from the list.',
		);
	}
	const wanted = assigneeType === 'admin' ? isAdmin : isTeam;
	const other = assigneeType === 'admin' ? isTeam : isAdmin;
	if (!wanted(assigneeId)) {
		invalid.call(
			this,
			itemIndex,
			'Assignee',
			other(assigneeId)
				? `${assigneeId} is a ${assigneeType === 'admin' ? 'team' : 'teammate'}, but Assignee Type is ${assigneeType === 'admin' ? 'Admin' : 'Team'}`
				: `${assigneeId} is not ${assigneeType === 'admin' ? 'an admin' : 'a team'} of this workspace`,
			'Choose the assignee from the list, or set Assignee Type to match the ID.',
		);
	}

	return async (client) => await assign(client, conversationId, adminId, assigneeType, assigneeId, body);
}
