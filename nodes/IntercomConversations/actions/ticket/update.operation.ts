import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { updateTicket } from '../../api/tickets';
import { invalid, read } from '../inputs';
import { adminIdParameter } from '../parameters';
import type { PrepareContext, Send } from '../types';
import { attributeParameters, readTicketId, readUpdateAttributes, ticketIdParameter, ticketStates } from './common';


const properties: INodeProperties[] = [
	ticketIdParameter,
	{ ...adminIdParameter, description: 'The teammate the change is attributed to' },
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Assignee Name or ID',
				name: 'assigneeId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getTicketAssignees' },
				default: '',
				description: 'The teammate or team to assign the ticket to, or Unassigned. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Open or Closed',
				name: 'openState',
				type: 'options',
				default: 'open',
				options: [
					{ name: 'Open', value: 'open' },
					{ name: 'Closed', value: 'closed', description: 'Closing a ticket also unsnoozes it' },
				],
			},
			{
				displayName: 'Snoozed Until',
				name: 'snoozedUntil',
				type: 'dateTime',
				default: '',
				description: 'When the snoozed ticket reopens (in the future)',
			},
			{
				displayName: 'Ticket State Name or ID',
				name: 'ticketStateId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getTicketStates' },
				default: '',
				description: 'The state, among those of the ticket\'s type. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
	...attributeParameters('Attributes to change: names of the ticket type\'s attributes (list attributes take the ID of an option)'),
];

export const description = updateDisplayOptions({ show: { resource: ['ticket'], operation: ['update'] } }, properties);

/** PUT /tickets/{id} with the fields given; outputs the updated ticket. */
export async function prepare(this: IExecuteFunctions, itemIndex: number, { directory }: PrepareContext): Promise<Send> {
	const ticketId = readTicketId(this, itemIndex);
	const body: IDataObject = {};
	if (read.isSet(this, itemIndex, 'updateFields.ticketStateId')) {
		const id = read.numericId(this, itemIndex, 'updateFields.ticketStateId', 'Ticket State');
		if (!(await ticketStates(directory)).some((s) => s.id === id)) {
			invalid(this, itemIndex, 'Ticket State', `${id} is not a ticket state of this workspace`, 'Choose the state from the list.');
		}
		body.ticket_state_id = id;
	}
	if (read.isSet(this, itemIndex, 'updateFields.assigneeId')) {
		const id = read.numericId(this, itemIndex, 'updateFields.assigneeId', 'Assignee');
		const [admins, teams] = await Promise.all([directory.admins(), directory.teams()]);
		if (id !== '0' && !admins.some((a) => a.id === id) && !teams.some((t) => t.id === id)) {
			invalid(this, itemIndex, 'Assignee', `${id} is neither an admin nor a team of this workspace`, 'Choose the assignee from the list (Unassigned is 0).');
		}
		body.assignee_id = id;
	}
	if (read.isSet(this, itemIndex, 'updateFields.openState')) {
		body.open = read.choice(this, itemIndex, 'updateFields.openState', 'Open or Closed', ['open', 'closed'] as const, 'open') === 'open';
	}
	if (read.isSet(this, itemIndex, 'updateFields.snoozedUntil')) {
		const until = read.moment(this, itemIndex, 'updateFields.snoozedUntil', 'Snoozed Until');
		if (until <= Math.floor(Date.now() / 1000)) {
			invalid(this, itemIndex, 'Snoozed Until', `${new Date(until * 1000).toISOString()} is not in the future`, 'Pick a moment in the future.');
		}
		if (body.open === false) invalid(this, itemIndex, 'Snoozed Until', 'is set on a ticket being closed', 'Closing a ticket unsnoozes it: set one of the two.');
		body.snoozed_until = until;
	}
	const attributes = readUpdateAttributes(this, itemIndex);
	if (Object.keys(attributes).length > 0) body.ticket_attributes = attributes;
	if (Object.keys(body).length === 0) {
		invalid(this, itemIndex, 'Update Fields', 'are empty', 'Add a field to change (Update Fields → Add Field), or attributes.');
	}
	const adminId = await read.actingAdmin(this, itemIndex, directory);
	body.admin_id = Number(adminId);
	return async (client) => await updateTicket(client, ticketId, body);
}
