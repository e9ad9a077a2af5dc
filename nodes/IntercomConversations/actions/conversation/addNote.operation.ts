import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { adminIdParameter, conversationIdParameter, readConversationId, readNumericId, readText } from '../common';
import type { Send } from '../types';
import { reply } from '../../api/conversations';

const properties: INodeProperties[] = [
	conversationIdParameter,
	{ ...adminIdParameter, description: 'The teammate shown as the author of the note' },
	{
		displayName: 'Note',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		description: 'The internal note; teammates see it, the customer does not. Accepts some HTML.',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['addNote'] } },
	properties,
);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<Send> {
	const conversationId = readConversationId.call(this, itemIndex);
	const adminId = readNumericId.call(this, 'adminId', 'Admin', itemIndex);
	const body = readText.call(this, 'body', 'Note', itemIndex, true) as string;
	return async (client) => await reply(client, conversationId, adminId, 'note', body);
}
