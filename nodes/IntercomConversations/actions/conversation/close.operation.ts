import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { conversationPartReadBack } from '../../transport';
import { adminIdParameter, conversationIdParameter, readConversationId, readNumericId, readText } from '../common';
import type { Send } from '../types';

const properties: INodeProperties[] = [
	conversationIdParameter,
	adminIdParameter,
	{
		displayName: 'Closing Message',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'Optional message left in the conversation as it closes. The customer sees it.',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['close'] } },
	properties,
);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<Send> {
	const conversationId = readConversationId.call(this, itemIndex);
	const adminId = readNumericId.call(this, 'adminId', 'Admin', itemIndex);
	const body = readText.call(this, 'body', 'Closing Message', itemIndex, false);
	return async (client) =>
		await client.request({
			method: 'POST',
			path: `/conversations/${conversationId}/parts`,
			body: { message_type: 'close', type: 'admin', admin_id: adminId, ...(body !== undefined && { body }) },
			// Closing twice ends closed; a closing message must still be shown only once.
			...(body === undefined
				? { retry: 'idempotent' }
				: { retry: 'append', readBack: conversationPartReadBack(conversationId, ['close'], { adminId, body }) }),
		});
}
