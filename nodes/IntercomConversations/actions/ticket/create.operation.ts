import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { createTicket, DESCRIPTION_ATTRIBUTE, TITLE_ATTRIBUTE } from '../../api/tickets';
import { invalid, read } from '../inputs';
import { contactIdParameter } from '../parameters';
import type { PrepareContext, Send } from '../types';
import { attributeParameters, readAttributes, readTicketType, ticketTypeParameter } from './common';

const properties: INodeProperties[] = [
	ticketTypeParameter('getTicketTypes'),
	{ ...contactIdParameter, description: "The contact the ticket is for: the contact's Intercom ID" },
	{ displayName: 'Title', name: 'title', type: 'string', default: '', required: true, placeholder: 'e.g. Export button does nothing' },
	{ displayName: 'Description', name: 'description', type: 'string', typeOptions: { rows: 3 }, default: '' },
	...attributeParameters("The ticket type's other attributes (title and description have their own fields)"),
	{
		displayName: 'Options',
		name: 'createOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Assign to Admin Name or ID',
				name: 'adminAssigneeId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getAdmins' },
				default: '',
				description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			{
				displayName: 'Assign to Team Name or ID',
				name: 'teamAssigneeId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getTeams' },
				default: '',
				description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['ticket'], operation: ['create'] } }, properties);

/** Creates the ticket exactly once (after an ambiguous failure, it is looked for before sending again). */
export async function prepare(this: IExecuteFunctions, itemIndex: number, { directory }: PrepareContext): Promise<Send> {
	const contactId = read.contactId(this, itemIndex);
	const title = read.text(this, itemIndex, 'title', 'Title', { required: true, trim: true });
	const text = read.text(this, itemIndex, 'description', 'Description');
	const type = await readTicketType(this, itemIndex, directory);
	const given = { [TITLE_ATTRIBUTE]: title, ...(text !== undefined && { [DESCRIPTION_ATTRIBUTE]: text }) };
	const attributes = { ...readAttributes(this, itemIndex, type, { required: true, given }), ...given };
	const adminAssigneeId = read.isSet(this, itemIndex, 'createOptions.adminAssigneeId')
		? await read.actingAdmin(this, itemIndex, directory, { name: 'createOptions.adminAssigneeId', label: 'Assign to Admin' })
		: undefined;
	let teamAssigneeId: string | undefined;
	if (read.isSet(this, itemIndex, 'createOptions.teamAssigneeId')) {
		teamAssigneeId = read.numericId(this, itemIndex, 'createOptions.teamAssigneeId', 'Assign to Team');
		if (!(await directory.teams()).some((t) => t.id === teamAssigneeId)) {
			invalid(this, itemIndex, 'Assign to Team', `${teamAssigneeId} is not a team of this workspace`, 'Choose the team from the list.');
		}
	}
	return async (client) => await createTicket(client, { ticketTypeId: type.id, contactId, attributes, adminAssigneeId, teamAssigneeId });
}
