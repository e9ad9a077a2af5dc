import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { tagProblem } from '../../api/directory';
import type { SingleFilter } from '../../helpers/searchQuery';
import type { PrepareContext } from '../types';
import { invalid } from '../common';

/** The Filters collection of Get Many, and its translation into Intercom search filters. */

const DAY_SECONDS = 86_400;
const STATES = ['open', 'closed', 'snoozed'];
const PRIORITIES = ['none', 'low', 'medium', 'high', 'urgent'];

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

interface Filters {
	adminAssigneeId?: unknown;
	teamAssigneeId?: unknown;
	unassigned?: unknown;
	state?: unknown;
	priority?: unknown;
	tag?: unknown;
	createdAfter?: unknown;
	createdBefore?: unknown;
	updatedAfter?: unknown;
	updatedBefore?: unknown;
	customerWaitingForDays?: unknown;
	noCustomerReplyForDays?: unknown;
}

type Reader = { ctx: IExecuteFunctions; itemIndex: number };

const isSet = (value: unknown): boolean =>
	value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);

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
	const raw = this.getNodeParameter('filters', itemIndex, {}) as Filters | null;
	const f: Filters = raw ?? {};
	const r: Reader = { ctx: this, itemIndex };
	const out: SingleFilter[] = [];

	const states = choices(r, f.state, 'State', STATES);
	if (states.length) out.push(oneOf('state', states));

	const adminId = isSet(f.adminAssigneeId) ? numericId(r, f.adminAssigneeId, 'Admin Assignee') : undefined;
	const teamId = isSet(f.teamAssigneeId) ? numericId(r, f.teamAssigneeId, 'Team Assignee') : undefined;
	const unassigned = isSet(f.unassigned) ? choices(r, f.unassigned, 'Unassigned', ['admin', 'team', 'both'])[0] : undefined;
	if (unassigned && adminId !== undefined && unassigned !== 'team') {
		invalid.call(this, itemIndex, 'Unassigned', 'contradicts Admin Assignee', 'Set either an admin assignee or Unassigned "No Teammate", not both.');
	}
	if (unassigned && teamId !== undefined && unassigned !== 'admin') {
		invalid.call(this, itemIndex, 'Unassigned', 'contradicts Team Assignee', 'Set either a team assignee or Unassigned "No Team", not both.');
	}
	if (adminId !== undefined) {
		if (!(await directory.admins()).some((a) => a.id === adminId)) {
			invalid.call(this, itemIndex, 'Admin Assignee', `${adminId} is not an admin of this workspace`, 'Choose the teammate from the list.');
		}
		out.push({ field: 'admin_assignee_id', operator: '=', value: Number(adminId) });
	}
	if (teamId !== undefined) {
		if (!(await directory.teams()).some((t) => t.id === teamId)) {
			invalid.call(this, itemIndex, 'Team Assignee', `${teamId} is not a team of this workspace`, 'Choose the team from the list.');
		}
		out.push({ field: 'team_assignee_id', operator: '=', value: Number(teamId) });
	}
	// Intercom 2.16 shows "nobody" as 0; the search matches it with null.
	if (unassigned === 'admin' || unassigned === 'both') out.push({ field: 'admin_assignee_id', operator: '=', value: null });
	if (unassigned === 'team' || unassigned === 'both') out.push({ field: 'team_assignee_id', operator: '=', value: null });

	if (isSet(f.tag)) out.push({ field: 'tag_ids', operator: '=', value: await tagId.call(this, itemIndex, f.tag, directory) });

	const priorities = choices(r, f.priority, 'Priority', PRIORITIES);
	if (priorities.length) {
		if (/^2\.(1[0-5]|[0-9])$/.test(apiVersion)) {
			invalid.call(
				this,
				itemIndex,
				'Priority',
				`cannot be filtered with API version ${apiVersion}`,
				'Intercom 2.15 and earlier only know "priority" and "not_priority": set the credential to 2.16, or use a raw query.',
			);
		}
		out.push(oneOf('priority', priorities));
	}

	const dates: Array<[keyof Filters, string, string, '<' | '>']> = [
		['createdAfter', 'Created After', 'created_at', '>'],
		['createdBefore', 'Created Before', 'created_at', '<'],
		['updatedAfter', 'Updated After', 'updated_at', '>'],
		['updatedBefore', 'Updated Before', 'updated_at', '<'],
	];
	for (const [name, label, field, operator] of dates) {
		if (isSet(f[name])) out.push({ field, operator, value: moment(r, f[name], label) });
	}

	const waiting = isSet(f.customerWaitingForDays) ? days(r, f.customerWaitingForDays, 'Customer Waiting For (Days)') : undefined;
	const silent = isSet(f.noCustomerReplyForDays) ? days(r, f.noCustomerReplyForDays, 'No Customer Reply For (Days)') : undefined;
	if (waiting !== undefined && silent !== undefined) {
		invalid.call(
			this,
			itemIndex,
			'No Customer Reply For (Days)',
			'contradicts Customer Waiting For (Days)',
			'The first finds conversations where the team wrote last, the second where the customer wrote last: set only one.',
		);
	}
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

function choices({ ctx, itemIndex }: Reader, value: unknown, label: string, allowed: string[]): string[] {
	const list = Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value];
	for (const v of list) {
		if (typeof v !== 'string' || !allowed.includes(v)) {
			invalid.call(ctx, itemIndex, label, `${JSON.stringify(v)} is not one of ${allowed.join(', ')}`, `Choose ${label} from the list.`);
		}
	}
	return [...new Set(list as string[])];
}

function numericId({ ctx, itemIndex }: Reader, value: unknown, label: string): string {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!/^\d+$/.test(text)) {
		invalid.call(ctx, itemIndex, label, `${JSON.stringify(value)} is not a numeric ID`, `An Intercom ${label.toLowerCase()} ID is made of digits only.`);
	}
	return text;
}

function days({ ctx, itemIndex }: Reader, value: unknown, label: string): number {
	const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
	if (!Number.isFinite(n) || n < 0) {
		invalid.call(ctx, itemIndex, label, `${JSON.stringify(value)} is not a number of days`, 'Enter a number of days, 0 or more (e.g. 7).');
	}
	return n;
}

/** A moment as Unix seconds: an ISO date-time, a Date or Luxon DateTime, or a number (seconds, or milliseconds). */
function moment({ ctx, itemIndex }: Reader, value: unknown, label: string): number {
	let ms = NaN;
	if (typeof value === 'number') ms = value < 1e11 ? value * 1000 : value;
	else if (typeof value === 'string') ms = /^\d+$/.test(value.trim()) ? moment({ ctx, itemIndex }, Number(value), label) * 1000 : Date.parse(value);
	else if (value instanceof Date) ms = value.getTime();
	else if (value && typeof (value as { toMillis?: unknown }).toMillis === 'function') ms = (value as { toMillis(): number }).toMillis();
	if (!Number.isFinite(ms)) {
		invalid.call(ctx, itemIndex, label, `${JSON.stringify(value)} is not a date`, 'Pick a date and time, or map an ISO 8601 date (e.g. 2026-01-31T09:00:00Z).');
	}
	return Math.floor(ms / 1000);
}

/** A tag by the one tag rule (api/directory.ts `resolveTag`); unknown or ambiguous names are refused. */
async function tagId(this: IExecuteFunctions, itemIndex: number, value: unknown, directory: PrepareContext['directory']): Promise<string> {
	const match = await directory.resolveTag(String(value));
	if ('tag' in match) return match.tag.id;
	const refused = tagProblem(match, 'Check the spelling, or use the tag ID (Intercom → Settings → Tags).');
	return invalid.call(this, itemIndex, 'Tag', refused.problem, refused.hint);
}
