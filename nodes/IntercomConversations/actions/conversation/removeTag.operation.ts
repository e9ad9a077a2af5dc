import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { read } from '../inputs';
import { adminIdParameter, conversationIdParameter, tagParameter } from '../parameters';
import type { PrepareContext, Send } from '../types';
import { detachTag } from '../../api/conversations';

const properties: INodeProperties[] = [
	conversationIdParameter,
	{ ...adminIdParameter, description: 'The teammate the untagging is attributed to' },
	tagParameter,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['removeTag'] } },
	properties,
);

/** Outputs the removed tag as Intercom returns it, with the conversation's ID. */
export async function prepare(this: IExecuteFunctions, itemIndex: number, { directory }: PrepareContext): Promise<Send> {
	const conversationId = read.conversationId(this, itemIndex);
	const tag = await read.existingTag(this, itemIndex, 'Tag', directory, read.tag(this, itemIndex));
	const adminId = await read.actingAdmin(this, itemIndex, directory);
	return async (client) => ({ ...(await detachTag(client, conversationId, adminId, tag)), conversation_id: conversationId });
}
