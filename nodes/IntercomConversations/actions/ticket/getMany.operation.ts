import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { allPages, pages } from '../../api/pages';
import { searchTickets } from '../../api/tickets';
import { allOf, type SingleFilter } from '../../helpers/searchQuery';
import { invalid, read } from '../inputs';
import { returnAllParameters } from '../parameters';
import type { PrepareContext, Send } from '../types';
import { ticketTypes } from './common';

const STATES = ['submitted', 'in_progress', 'waiting_on_customer', 'resolved'] as const;

const properties: INodeProperties[] = [
	...returnAllParameters,
	{
		displayName: 'Filters',
		name: 'ticketFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Admin Assignee Name or ID',
				name: 'adminAssigneeId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getAdmins' },
				default: '',
				description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			{ displayName: 'Created After', name: 'createdAfter', type: 'dateTime', default: '' },
			{ displayName: 'Created Before', name: 'createdBefore', type: 'dateTime', default: '' },
			{
				displayName: 'State',
				name: 'states',
				type: 'multiOptions',
				default: [],
				options: [
					{ name: 'In Progress', value: 'in_progress' },
					{ name: 'Resolved', value: 'resolved' },
					{ name: 'Submitted', value: 'submitted' },
					{ name: 'Waiting on Customer', value: 'waiting_on_customer' },
				],
				description: 'Tickets in any of these state categories',
			},
			{
				displayName: 'Team Assignee Name or ID',
				name: 'teamAssigneeId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getTeams' },
				default: '',
				description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			{
				displayName: 'Ticket Type Name or ID',
				name: 'ticketTypeId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getTicketTypes' },
				default: '',
				description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			{ displayName: 'Updated After', name: 'updatedAfter', type: 'dateTime', default: '' },
			{ displayName: 'Updated Before', name: 'updatedBefore', type: 'dateTime', default: '' },
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['ticket'], operation: ['getMany'] } }, properties);

const DATES = [
	['createdAfter', 'Created After', 'created_at', '>'],
	['createdBefore', 'Created Before', 'created_at', '<'],
	['updatedAfter', 'Updated After', 'updated_at', '>'],
	['updatedBefore', 'Updated Before', 'updated_at', '<'],
] as const;

/** POST /tickets/search with the filters (none: every ticket), one item per ticket, across pages. */
export async function prepare(this: IExecuteFunctions, itemIndex: number, { directory }: PrepareContext): Promise<Send> {
	const limit = read.limit(this, itemIndex, 'tickets');
	const filters: SingleFilter[] = [];
	const states = read.choices(this, itemIndex, 'ticketFilters.states', 'State', STATES);
	if (states.length > 0) filters.push({ field: 'state', operator: 'IN', value: states });
	if (read.isSet(this, itemIndex, 'ticketFilters.ticketTypeId')) {
		const id = read.numericId(this, itemIndex, 'ticketFilters.ticketTypeId', 'Ticket Type');
		if (!(await ticketTypes(directory)).some((t) => t.id === id)) {
			invalid(this, itemIndex, 'Ticket Type', `${id} is not a ticket type of this workspace`, 'Choose the ticket type from the list.');
		}
		filters.push({ field: 'ticket_type_id', operator: '=', value: id });
	}
	if (read.isSet(this, itemIndex, 'ticketFilters.adminAssigneeId')) {
		const id = await read.actingAdmin(this, itemIndex, directory, { name: 'ticketFilters.adminAssigneeId', label: 'Admin Assignee' });
		filters.push({ field: 'admin_assignee_id', operator: '=', value: id });
	}
	if (read.isSet(this, itemIndex, 'ticketFilters.teamAssigneeId')) {
		filters.push({ field: 'team_assignee_id', operator: '=', value: read.numericId(this, itemIndex, 'ticketFilters.teamAssigneeId', 'Team Assignee') });
	}
	for (const [name, label, field, operator] of DATES) {
		if (read.isSet(this, itemIndex, `ticketFilters.${name}`)) {
			filters.push({ field, operator, value: read.moment(this, itemIndex, `ticketFilters.${name}`, label) });
		}
	}
	// The search needs a query: with no filter, every ticket created since the epoch.
	const query = filters.length > 0 ? allOf(filters) : { field: 'created_at', operator: '>', value: 0 };
	return async (client) => {
		return await allPages(pages((page) => searchTickets(client, query, page), (list) => list.tickets, limit));
	};
}
