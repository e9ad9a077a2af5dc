import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { SingleFilter } from '../../helpers/searchQuery';
import { invalid, read } from '../inputs';
import { PRIORITIES } from '../parameters';
import type { PrepareContext } from '../types';

/** The Filters collection of Get Many, and its translation into Intercom search filters. */

const DAY_SECONDS = 86_400;
const STATES = ['open', 'closed', 'snoozed'];

const dateFilter = (name: string, displayName: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'dateTime',
	default: '',
	description,
});

export const filtersParameter: INodeProperties = {
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	description: 'Conversations must match every filter set here. Without any, all conversations are listed.',
	options: [
		{
			displayName: 'Admin Assignee Name or ID',
			name: 'adminAssigneeId',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getAdmins' },
			default: '',
			description:
				'Only conversations assigned to this teammate. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		dateFilter('createdAfter', 'Created After', 'Only conversations started after this moment'),
		dateFilter('createdBefore', 'Created Before', 'Only conversations started before this moment'),
		{
			displayName: 'Customer Waiting For (Days)',
			name: 'customerWaitingForDays',
			type: 'number',
			default: 7,
			typeOptions: { minValue: 0, numberPrecision: 2 },
			description:
				"Only conversations whose customer wrote last and has waited at least this many days for the team's reply (Intercom's waiting_since). Unless State is set, only open conversations.",
		},
		{
			displayName: 'No Customer Reply For (Days)',
			name: 'noCustomerReplyForDays',
			type: 'number',
			default: 7,
			typeOptions: { minValue: 0, numberPrecision: 2 },
			description:
				'Only conversations where the team wrote last and the customer has not replied for at least this many days (stale conversations). Unless State is set, only open conversations.',
		},
		{
			displayName: 'Priority',
			name: 'priority',
			type: 'multiOptions',
			default: [],
			options: PRIORITIES.map((value) => ({ name: value[0].toUpperCase() + value.slice(1), value })),
			description: 'Only conversations with one of these priorities (API version 2.16 and later)',
		},
		{
			displayName: 'State',
			name: 'state',
			type: 'multiOptions',
			default: [],
			options: STATES.map((value) => ({ name: value[0].toUpperCase() + value.slice(1), value })),
			description: 'Only conversations in one of these states',
		},
		{
			displayName: 'Tag',
			name: 'tag',
			type: 'string',
			default: '',
			placeholder: 'e.g. billing or 7522901',
			description: 'Only conversations with this tag: its name, or its ID',
		},
		{
			displayName: 'Team Assignee Name or ID',
			name: 'teamAssigneeId',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getTeams' },
			default: '',
			description:
				'Only conversations assigned to this team. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Unassigned',
			name: 'unassigned',
			type: 'options',
			default: 'admin',
			options: [
				{ name: 'No Teammate', value: 'admin', description: 'No admin assignee (a team may be assigned)' },
				{ name: 'No Team', value: 'team', description: 'No team assignee (a teammate may be assigned)' },
				{ name: 'Neither Teammate nor Team', value: 'both', description: 'No admin and no team assignee' },
			],
			description: 'Only conversations nobody is assigned to',
		},
		dateFilter('updatedAfter', 'Updated After', 'Only conversations last updated after this moment'),
		dateFilter('updatedBefore', 'Updated Before', 'Only conversations last updated before this moment'),
	],
};

/** API versions up to 2.15 (not 2.16, not Preview): "nobody" is null there, and priority has two values. */
const before216 = (apiVersion: string) => /^2\.(1[0-5]|[0-9])$/.test(apiVersion.trim());

/**
 * The item's filters as Intercom search filters (ANDed), or [] when none is set. Refuses bad
 * values, contradictions and unknown admins, teams or tags before any conversation is read.
 */
export async function readFilters(
	this: IExecuteFunctions,
	itemIndex: number,
	{ directory, apiVersion }: PrepareContext,
	nowSeconds: number,
): Promise<SingleFilter[]> {
	const set = (name: string) => read.isSet(this, itemIndex, `filters.${name}`);
	const out: SingleFilter[] = [];

	const states = read.choices(this, itemIndex, 'filters.state', 'State', STATES);
	if (states.length) out.push(oneOf('state', states));

	const adminId = set('adminAssigneeId') ? read.numericId(this, itemIndex, 'filters.adminAssigneeId', 'Admin Assignee') : undefined;
	const teamId = set('teamAssigneeId') ? read.numericId(this, itemIndex, 'filters.teamAssigneeId', 'Team Assignee') : undefined;
	const unassigned = set('unassigned') ? read.choice(this, itemIndex, 'filters.unassigned', 'Unassigned', ['admin', 'team', 'both'] as const, 'admin') : undefined;
	if (unassigned && adminId !== undefined && unassigned !== 'team') {
		invalid(this, itemIndex, 'Unassigned', 'contradicts Admin Assignee', 'Set either an admin assignee or Unassigned "No Teammate", not both.');
	}
	if (unassigned && teamId !== undefined && unassigned !== 'admin') {
		invalid(this, itemIndex, 'Unassigned', 'contradicts Team Assignee', 'Set either a team assignee or Unassigned "No Team", not both.');
	}
	const tagRef = set('tag') ? { text: read.text(this, itemIndex, 'filters.tag', 'Tag', { required: true, trim: true }), idOnly: false } : undefined;
	const priorities = read.choices(this, itemIndex, 'filters.priority', 'Priority', PRIORITIES);
	if (priorities.length && before216(apiVersion)) {
		invalid(
			this,
			itemIndex,
			'Priority',
			`cannot be filtered with API version ${apiVersion}`,
			'Intercom 2.15 and earlier only know "priority" and "not_priority": set the credential to 2.16, or use a raw query.',
		);
	}
	const dates: Array<[string, string, string, '<' | '>']> = [
		['createdAfter', 'Created After', 'created_at', '>'],
		['createdBefore', 'Created Before', 'created_at', '<'],
		['updatedAfter', 'Updated After', 'updated_at', '>'],
		['updatedBefore', 'Updated Before', 'updated_at', '<'],
	];
	const moments = dates.flatMap(([name, label, field, operator]) =>
		set(name) ? [{ field, operator, value: read.moment(this, itemIndex, `filters.${name}`, label) }] : [],
	);
	const waiting = set('customerWaitingForDays') ? read.days(this, itemIndex, 'filters.customerWaitingForDays', 'Customer Waiting For (Days)') : undefined;
	const silent = set('noCustomerReplyForDays') ? read.days(this, itemIndex, 'filters.noCustomerReplyForDays', 'No Customer Reply For (Days)') : undefined;
	if (waiting !== undefined && silent !== undefined) {
		invalid(
			this,
			itemIndex,
			'No Customer Reply For (Days)',
			'contradicts Customer Waiting For (Days)',
			'The first finds conversations where the team wrote last, the second where the customer wrote last: set only one.',
		);
	}

	// Every value is checked; now the workspace: admins, teams, tags.
	if (adminId !== undefined) {
		if (!(await directory.admins()).some((a) => a.id === adminId)) {
			invalid(this, itemIndex, 'Admin Assignee', `${adminId} is not an admin of this workspace`, 'Choose the teammate from the list.');
		}
		out.push({ field: 'admin_assignee_id', operator: '=', value: Number(adminId) });
	}
	if (teamId !== undefined) {
		if (!(await directory.teams()).some((t) => t.id === teamId)) {
			invalid(this, itemIndex, 'Team Assignee', `${teamId} is not a team of this workspace`, 'Choose the team from the list.');
		}
		out.push({ field: 'team_assignee_id', operator: '=', value: Number(teamId) });
	}
	// "Nobody" is what the API version reports: 0 from 2.16 on (and Preview), null up to 2.15.
	const nobody = before216(apiVersion) ? null : 0;
	if (unassigned === 'admin' || unassigned === 'both') out.push({ field: 'admin_assignee_id', operator: '=', value: nobody });
	if (unassigned === 'team' || unassigned === 'both') out.push({ field: 'team_assignee_id', operator: '=', value: nobody });

	if (tagRef) out.push({ field: 'tag_ids', operator: '=', value: (await read.existingTag(this, itemIndex, 'Tag', directory, tagRef)).id });
	if (priorities.length) out.push(oneOf('priority', priorities));
	out.push(...moments);

	if (waiting !== undefined) {
		out.push({ field: 'waiting_since', operator: '<', value: nowSeconds - Math.round(waiting * DAY_SECONDS) });
	}
	if (silent !== undefined) {
		out.push({ field: 'waiting_since', operator: '=', value: null });
		out.push({ field: 'statistics.last_contact_reply_at', operator: '<', value: nowSeconds - Math.round(silent * DAY_SECONDS) });
	}
	if ((waiting !== undefined || silent !== undefined) && !states.length) out.unshift({ field: 'state', operator: '=', value: 'open' });
	return out;
}

const oneOf = (field: string, values: string[]): SingleFilter =>
	values.length === 1 ? { field, operator: '=', value: values[0] } : { field, operator: 'IN', value: values };
