import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { getConversation } from '../../api/conversations';
import { read } from '../inputs';
import { conversationIdParameter } from '../parameters';
import type { Send } from '../types';

const properties: INodeProperties[] = [
	conversationIdParameter,
	{
		displayName: 'Include Parts',
		name: 'includeParts',
		type: 'boolean',
		default: true,
		description:
			'Whether to output the conversation\'s parts (messages, notes, assignments; the 500 most recent) in conversation_parts. Off: only the conversation and its first message.',
	},
	{
		displayName: 'Plain Text',
		name: 'plainText',
		type: 'boolean',
		default: false,
		description: 'Whether Intercom returns message bodies and subjects as plain text instead of HTML (links become "label (URL)")',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['get'] } },
	properties,
);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<Send> {
	const conversationId = read.conversationId(this, itemIndex);
	const includeParts = read.boolean(this, itemIndex, 'includeParts', 'Include Parts', true);
	const plainText = read.boolean(this, itemIndex, 'plainText', 'Plain Text', false);
	return async (client) => {
		const conversation = await getConversation(client, conversationId, { plainText });
		if (includeParts) return conversation;
		const { conversation_parts: _parts, ...rest } = conversation;
		return rest;
	};
}
