import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { conversationPages } from '../../api/conversations';
import { allOf, parseRawQuery, type SearchQuery } from '../../helpers/searchQuery';
import { invalid, read } from '../inputs';
import { returnAllParameters } from '../parameters';
import type { PrepareContext, Send } from '../types';
import { filtersParameter, readFilters } from './getMany.filters';

const RAW_QUERY_EXAMPLE = JSON.stringify(
	{
		operator: 'AND',
		value: [
			{ field: 'state', operator: '=', value: 'open' },
			{ field: 'source.type', operator: '=', value: 'email' },
		],
	},
	null,
	2,
);

const properties: INodeProperties[] = [
	...returnAllParameters,
	{
		displayName: 'Filter By',
		name: 'filterType',
		type: 'options',
		default: 'filters',
		options: [
			{ name: 'Filters', value: 'filters', description: 'Choose filters below; none lists every conversation' },
			{ name: 'Raw Intercom Query (JSON)', value: 'rawQuery', description: "Write the search query in Intercom's own syntax" },
		],
	},
	{ ...filtersParameter, displayOptions: { show: { filterType: ['filters'] } } },
	{
		displayName: 'Raw Query',
		name: 'rawQuery',
		type: 'json',
		default: RAW_QUERY_EXAMPLE,
		required: true,
		displayOptions: { show: { filterType: ['rawQuery'] } },
		description:
			'The "query" of POST /conversations/search: a filter {field, operator, value} or a group {operator: AND|OR, value: [...]}, at most 15 filters per group and 2 levels of nesting. Used instead of the filters.',
	},
	{
		// Kept (not shown) under Filter By's default: before the node runs, n8n fills in that default
		// and drops what it hides, so a workflow giving only a raw query would list every conversation.
		displayName: 'Raw Query',
		name: 'rawQuery',
		type: 'hidden',
		default: RAW_QUERY_EXAMPLE,
		displayOptions: { show: { filterType: ['filters'] } },
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['getMany'] } },
	properties,
);

/** One output item per conversation (without its parts), across as many pages as needed. */
export async function prepare(this: IExecuteFunctions, itemIndex: number, context: PrepareContext): Promise<Send> {
	const returnAll = read.boolean(this, itemIndex, 'returnAll', 'Return All', false);
	const limit = returnAll
		? Infinity
		: read.wholeNumber(this, itemIndex, 'limit', 'Limit', { min: 1, fallback: 50, hint: 'Enter how many conversations to return, or turn on Return All.' });
	const query = await readQuery.call(this, itemIndex, context);
	return async (client) => {
		const conversations: IDataObject[] = [];
		for await (const page of conversationPages(client, query, limit)) {
			for (const conversation of page) conversations.push(conversation);
		}
		return conversations;
	};
}

async function readQuery(this: IExecuteFunctions, itemIndex: number, context: PrepareContext): Promise<SearchQuery | undefined> {
	const filterType = read.choice(this, itemIndex, 'filterType', 'Filter By', ['filters', 'rawQuery'] as const, 'filters');
	const rawQuery = read.raw(this, itemIndex, 'rawQuery', RAW_QUERY_EXAMPLE);
	if (filterType === 'rawQuery') {
		const parsed = parseRawQuery(rawQuery);
		if ('problem' in parsed) {
			return invalid(
				this,
				itemIndex,
				'Raw Query',
				parsed.problem,
				'Write an Intercom search query, e.g. {"field": "state", "operator": "=", "value": "open"}; see developers.intercom.com → Search conversations.',
			);
		}
		return parsed.query;
	}
	const blank = rawQuery === undefined || rawQuery === null || (typeof rawQuery === 'string' && rawQuery.trim() === '');
	if (!blank && rawQuery !== RAW_QUERY_EXAMPLE) {
		invalid(
			this,
			itemIndex,
			'Raw Query',
			'is set, but Filter By is "Filters" (its default), so it would be ignored and the filters used instead',
			'To search with the raw query, set Filter By to "Raw Intercom Query (JSON)" ("filterType": "rawQuery"). To use the filters, choose Raw Intercom Query, empty the query, and choose Filters again.',
		);
	}
	const filters = await readFilters.call(this, itemIndex, context, Math.floor(Date.now() / 1000));
	return filters.length ? allOf(filters) : undefined;
}
