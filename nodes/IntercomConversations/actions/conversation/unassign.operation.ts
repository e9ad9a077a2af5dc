import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { read } from '../inputs';
import { adminIdParameter, conversationIdParameter, unassignFromOptions } from '../parameters';
import type { PrepareContext, Send } from '../types';
import { unassign, withParts } from '../../api/conversations';

const properties: INodeProperties[] = [
	conversationIdParameter,
	{ ...adminIdParameter, description: 'The teammate who performs the unassignment' },
	{
		displayName: 'Unassign From',
		name: 'from',
		type: 'options',
		default: 'both',
		options: unassignFromOptions,
		description: 'What to remove; the conversation keeps its state (a closed conversation stays closed)',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['unassign'] } },
	properties,
);

export async function prepare(this: IExecuteFunctions, itemIndex: number, { directory }: PrepareContext): Promise<Send> {
	const conversationId = read.conversationId(this, itemIndex);
	const from = read.unassignFrom(this, itemIndex, 'from', 'Unassign From');
	const adminId = await read.actingAdmin(this, itemIndex, directory);
	return async (client) => {
		const results = await unassign(client, conversationId, adminId, from);
		return withParts(results[results.length - 1], results.slice(0, -1));
	};
}
