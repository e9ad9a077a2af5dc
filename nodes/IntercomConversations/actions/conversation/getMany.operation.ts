import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { conversationPages } from '../../helpers/conversationPages';
import { allOf, parseRawQuery, type SearchQuery } from '../../helpers/searchQuery';
import { invalid } from '../common';
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
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1 },
		displayOptions: { show: { returnAll: [false] } },
		description: 'Max number of results to return',
	},
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
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['getMany'] } },
	properties,
);

/** One output item per conversation (without its parts), across as many pages as needed. */
export async function prepare(this: IExecuteFunctions, itemIndex: number, context: PrepareContext): Promise<Send> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : readLimit.call(this, itemIndex);
	const query = await readQuery.call(this, itemIndex, context);
	return async (client) => {
		const conversations: IDataObject[] = [];
		for await (const page of conversationPages(client, query, limit)) {
			for (const conversation of page) conversations.push(conversation);
		}
		return conversations;
	};
}

function readLimit(this: IExecuteFunctions, itemIndex: number): number {
	const raw = this.getNodeParameter('limit', itemIndex, 50) as unknown;
	const limit = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
		invalid.call(this, itemIndex, 'Limit', `${JSON.stringify(raw)} is not a whole number of at least 1`, 'Enter how many conversations to return, or turn on Return All.');
	}
	return limit as number;
}

async function readQuery(this: IExecuteFunctions, itemIndex: number, context: PrepareContext): Promise<SearchQuery | undefined> {
	const filterType = this.getNodeParameter('filterType', itemIndex, 'filters') as string;
	if (filterType === 'rawQuery') {
		const parsed = parseRawQuery(this.getNodeParameter('rawQuery', itemIndex, '') as unknown);
		if ('problem' in parsed) {
			return invalid.call(
				this,
				itemIndex,
				'Raw Query',
				parsed.problem,
				'Write an Intercom search query, e.g. {"field": "state", "operator": "=", "value": "open"}; see developers.intercom.com → Search conversations.',
			);
		}
		return parsed.query;
	}
	if (filterType !== 'filters') {
		invalid.call(this, itemIndex, 'Filter By', `"${filterType}" is not "filters" or "rawQuery"`, 'Choose Filters or Raw Intercom Query (JSON).');
	}
	const filters = await readFilters.call(this, itemIndex, context, Math.floor(Date.now() / 1000));
	return filters.length ? allOf(filters) : undefined;
}
