import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { adminIdParameter, conversationIdParameter, readConversationId } from '../common';
import type { PrepareContext, Send } from '../types';
import { readActingAdmin, readUnassignFrom, unassignFromOptions } from './inputs';
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
	const conversationId = readConversationId.call(this, itemIndex);
	const from = readUnassignFrom.call(this, this.getNodeParameter('from', itemIndex, 'both'), 'Unassign From', itemIndex);
	const adminId = await readActingAdmin.call(this, itemIndex, directory);
	return async (client) => {
		const results = await unassign(client, conversationId, adminId, from);
		return withParts(results[results.length - 1], results.slice(0, -1));
	};
}
