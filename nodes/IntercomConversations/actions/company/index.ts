import type { INodeProperties } from 'n8n-workflow';
import * as addNote from './addNote.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as upsert from './upsert.operation';

export { addNote, get, getMany, upsert };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['company'] } },
		options: [
			{ name: 'Add Note', value: 'addNote', description: "Add a note to a company's profile", action: 'Add a note to a company' },
			{ name: 'Get', value: 'get', description: 'Get a company by your company ID or its Intercom ID', action: 'Get a company' },
			{ name: 'Get Many', value: 'getMany', description: 'List companies (those with contacts)', action: 'Get many companies' },
			{ name: 'Create or Update', value: 'upsert', description: 'Create a new record, or update the current one if it already exists (upsert)', action: 'Create or update a company' },
		],
		default: 'upsert',
	},
	...addNote.description,
	...get.description,
	...getMany.description,
	...upsert.description,
];
