import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { read } from '../inputs';
import { adminIdParameter, conversationIdParameter } from '../parameters';
import type { PrepareContext, Send } from '../types';
import { open } from '../../api/conversations';

const properties: INodeProperties[] = [
	conversationIdParameter,
	{ ...adminIdParameter, description: 'The teammate who reopens the conversation' },
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['open'] } },
	properties,
);

export async function prepare(this: IExecuteFunctions, itemIndex: number, { directory }: PrepareContext): Promise<Send> {
	const conversationId = read.conversationId(this, itemIndex);
	const adminId = await read.actingAdmin(this, itemIndex, directory);
	return async (client) => await open(client, conversationId, adminId);
}
