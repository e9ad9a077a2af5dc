import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { getConversation } from '../../api/conversations';
import { latestClosingNote, type ClosingNote } from '../../helpers/closingNote';
import { conversationPages } from '../../api/conversations';
import { runPool } from '../../helpers/pool';
import { formatDuration, median, p90 } from '../../helpers/reportStats';
import { allOf, type SingleFilter } from '../../helpers/searchQuery';
import type { IntercomClient } from '../../transport';
import { invalid, read } from '../inputs';
import type { PrepareContext, Send } from '../types';
import { filtersParameter, readFilters } from './getMany.filters';

/**
 * The closed-conversation report: every conversation closed in a period (state closed, last
 * close inside it), from Intercom's own `statistics`, one item each or a summary per group.
 * The search answers carry everything but the parts, so the closing note (category, summary)
 * costs one GET per conversation; turning Read Closing Notes off leaves the search pages only.
 */

const GROUPS = ['team', 'teammate', 'category', 'tag'] as const;
type GroupBy = (typeof GROUPS)[number];
const REPORT_FILTERS = ['adminAssigneeId', 'teamAssigneeId', 'tag'];

const properties: INodeProperties[] = [
	{
		displayName: 'Closed After',
		name: 'closedAfter',
		type: 'dateTime',
		default: '',
		description: 'Only conversations whose last close is after this moment, e.g. {{ $now.minus({ days: 7 }) }}. Empty: no lower bound.',
	},
	{
		displayName: 'Closed Before',
		name: 'closedBefore',
		type: 'dateTime',
		default: '',
		description: 'Only conversations whose last close is before this moment. Empty: up to now.',
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		default: 'conversations',
		options: [
			{ name: 'Conversations', value: 'conversations', description: 'One item per closed conversation' },
			{ name: 'Summary', value: 'summary', description: 'One item per group: count, median and p90 of first response and resolution time' },
		],
	},
	{
		displayName: 'Group By',
		name: 'groupBy',
		type: 'options',
		default: 'team',
		displayOptions: { show: { output: ['summary'] } },
		options: [
			{ name: 'Category', value: 'category', description: 'The category of the closing note' },
			{ name: 'Tag', value: 'tag', description: 'Each tag of the conversation (a conversation with two tags counts in both)' },
			{ name: 'Team', value: 'team', description: 'The assigned team' },
			{ name: 'Teammate', value: 'teammate', description: 'The assigned teammate' },
		],
	},
	{
		...filtersParameter,
		description: 'Only closed conversations that match every filter set here',
		options: (filtersParameter.options as INodeProperties[]).filter((o) => REPORT_FILTERS.includes(o.name)),
	},
	{
		displayName: 'Report Options',
		name: 'reportOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Read Closing Notes',
				name: 'readClosingNotes',
				type: 'boolean',
				default: true,
				description:
					'Whether to read each conversation (one request each) for the category and summary of its closing note. Off: only the search pages are read, and category and summary are empty.',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['conversation'], operation: ['report'] } }, properties);

interface Settings {
	query: SingleFilter[];
	output: 'conversations' | 'summary';
	groupBy: GroupBy;
	readNotes: boolean;
	period: { after: number | null; before: number | null };
}

export async function prepare(this: IExecuteFunctions, itemIndex: number, context: PrepareContext): Promise<Send> {
	const settings = await readSettings.call(this, itemIndex, context);
	return async (client) => {
		const found: IDataObject[] = [];
		for await (const page of conversationPages(client, allOf(settings.query))) found.push(...page);
		const notes = settings.readNotes ? await closingNotes(client, found.map((c) => String(c.id))) : new Map<string, ClosingNote>();
		const names = { admins: await nameMap(context.directory.admins()), teams: await nameMap(context.directory.teams()) };
		const rows = found.map((c) => reportRow(c, notes.get(String(c.id)), names)).sort(byCloseTime);
		return settings.output === 'conversations' ? rows.map((r) => r.item) : summarize(rows, settings);
	};
}

async function readSettings(this: IExecuteFunctions, itemIndex: number, context: PrepareContext): Promise<Settings> {
	const moment = (name: string, label: string) => (read.isSet(this, itemIndex, name) ? read.moment(this, itemIndex, name, label) : null);
	const after = moment('closedAfter', 'Closed After');
	const before = moment('closedBefore', 'Closed Before');
	if (after !== null && before !== null && after >= before) {
		invalid(this, itemIndex, 'Closed Before', 'is not after Closed After', 'Set Closed After to the start of the period and Closed Before to its end.');
	}
	const output = read.choice(this, itemIndex, 'output', 'Output', ['conversations', 'summary'] as const, 'conversations');
	const groupBy = output === 'summary' ? read.choice(this, itemIndex, 'groupBy', 'Group By', GROUPS, 'team') : 'team';
	const readNotes = read.boolean(this, itemIndex, 'reportOptions.readClosingNotes', 'Read Closing Notes', true);
	if (output === 'summary' && groupBy === 'category' && !readNotes) {
		invalid(this, itemIndex, 'Group By', 'is Category, but Read Closing Notes is off', 'The category comes from the closing note: turn Read Closing Notes on, or group by team, teammate or tag.');
	}
	const filters = await readFilters.call(this, itemIndex, context, Math.floor(Date.now() / 1000));
	const query: SingleFilter[] = [{ field: 'state', operator: '=', value: 'closed' }];
	if (after !== null) query.push({ field: 'statistics.last_close_at', operator: '>', value: after });
	if (before !== null) query.push({ field: 'statistics.last_close_at', operator: '<', value: before });
	return { query: [...query, ...filters], output, groupBy, readNotes, period: { after, before } };
}

/** GET each conversation (as many in flight as the workspace's pace allows) and read its closing note. */
async function closingNotes(client: IntercomClient, ids: string[]): Promise<Map<string, ClosingNote>> {
	const notes = new Map<string, ClosingNote>();
	await runPool(
		ids.map((_, i) => i),
		() => client.connection.pace.target(),
		async (i) => {
			const conversation = await getConversation(client, ids[i]);
			const note = latestClosingNote(conversation.conversation_parts?.conversation_parts ?? []);
			if (note) notes.set(ids[i], note);
		},
	);
	return notes;
}

const nameMap = async (list: Promise<Array<{ id: string; name?: string }>>) => new Map((await list).map((x) => [x.id, x.name ?? x.id]));

interface Row {
	item: IDataObject;
	closedAt: number;
	/** Group keys of this conversation per Group By. */
	keys: Record<GroupBy, string[]>;
	firstResponse: number | null;
	resolution: number | null;
}

const iso = (seconds: number | null) => (seconds === null ? null : new Date(seconds * 1000).toISOString());
const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const idOf = (value: unknown) => (value === 0 || value === null || value === undefined || value === '' ? null : String(value));
const byCloseTime = (a: Row, b: Row) => a.closedAt - b.closedAt || String(a.item.id).localeCompare(String(b.item.id));

/** One conversation as a report line: flat fields (for CSV), durations in seconds and readable. */
function reportRow(c: IDataObject, note: ClosingNote | undefined, names: { admins: Map<string, string>; teams: Map<string, string> }): Row {
	const stats = (c.statistics ?? {}) as IDataObject;
	const rating = (c.conversation_rating ?? null) as IDataObject | null;
	const tags = (((c.tags as IDataObject | undefined)?.tags ?? []) as IDataObject[]).map((t) => String(t.name ?? t.id));
	const adminId = idOf(c.admin_assignee_id);
	const teamId = idOf(c.team_assignee_id);
	const closedById = idOf(stats.last_closed_by_id);
	const closedAt = num(stats.last_close_at) ?? 0;
	const firstResponse = num(stats.time_to_admin_reply);
	const resolution = num(stats.time_to_last_close);
	const durations = (name: string, seconds: number | null) => ({ [`${name}_seconds`]: seconds, [name]: formatDuration(seconds) });
	const adminName = adminId === null ? null : (names.admins.get(adminId) ?? adminId);
	const teamName = teamId === null ? null : (names.teams.get(teamId) ?? teamId);
	const item: IDataObject = {
		id: String(c.id),
		title: (c.title as string | null | undefined) ?? null,
		created_at: iso(num(c.created_at)),
		closed_at: iso(num(stats.last_close_at)),
		closed_by_id: closedById,
		closed_by: closedById === null ? null : (names.admins.get(closedById) ?? closedById),
		admin_assignee_id: adminId,
		admin_assignee: adminName,
		team_assignee_id: teamId,
		team_assignee: teamName,
		tags: tags.join(', '),
		...durations('first_response', firstResponse),
		...durations('time_to_first_close', num(stats.time_to_first_close)),
		...durations('time_to_last_close', resolution),
		reopens: num(stats.count_reopens) ?? 0,
		...durations('median_reply', num(stats.median_time_to_reply)),
		rating: rating ? num(rating.rating) : null,
		rating_remark: rating && typeof rating.remark === 'string' && rating.remark !== '' ? rating.remark : null,
		category: note?.category ?? null,
		summary: note?.summary ?? null,
	};
	const keys: Record<GroupBy, string[]> = {
		team: [teamName ?? 'Unassigned'],
		teammate: [adminName ?? 'Unassigned'],
		category: [note?.category ?? '(no category)'],
		tag: tags.length > 0 ? [...new Set(tags)] : ['(no tag)'],
	};
	return { item, closedAt, keys, firstResponse, resolution };
}

/** One item per group, the largest first: count, median and p90 of first response and resolution time. */
function summarize(rows: Row[], { groupBy, period }: Settings): IDataObject[] {
	const groups = new Map<string, Row[]>();
	for (const row of rows) {
		for (const key of row.keys[groupBy]) {
			const members = groups.get(key) ?? [];
			members.push(row);
			groups.set(key, members);
		}
	}
	const figures = (name: string, values: number[]) => {
		const mid = median(values);
		const high = p90(values);
		return {
			[`${name}_median_seconds`]: mid,
			[`${name}_median`]: formatDuration(mid),
			[`${name}_p90_seconds`]: high,
			[`${name}_p90`]: formatDuration(high),
		};
	};
	const present = (values: Array<number | null>) => values.filter((v): v is number => v !== null);
	return [...groups.entries()]
		.sort(([a, x], [b, y]) => y.length - x.length || a.localeCompare(b))
		.map(([group, members]) => {
			const responses = present(members.map((r) => r.firstResponse));
			return {
				group_by: groupBy,
				group,
				conversations: members.length,
				answered: responses.length,
				...figures('first_response', responses),
				...figures('resolution', present(members.map((r) => r.resolution))),
				closed_after: iso(period.after),
				closed_before: iso(period.before),
			};
		});
}
