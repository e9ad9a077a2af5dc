import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { read } from '../inputs';
import { conversationIdParameter, noteParameters } from '../parameters';
import type { PrepareContext, Send } from '../types';
import { reply } from '../../api/conversations';

const properties: INodeProperties[] = [
	conversationIdParameter,
	...noteParameters('The internal note; teammates see it, the customer does not. Accepts some HTML.'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['addNote'] } },
	properties,
);

export async function prepare(this: IExecuteFunctions, itemIndex: number, { directory }: PrepareContext): Promise<Send> {
	const conversationId = read.conversationId(this, itemIndex);
	const body = read.text(this, itemIndex, 'body', 'Note', { required: true });
	const adminId = await read.actingAdmin(this, itemIndex, directory);
	return async (client) => await reply(client, conversationId, adminId, 'note', body);
}
