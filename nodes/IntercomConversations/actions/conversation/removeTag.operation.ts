import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { adminIdParameter, conversationIdParameter, readConversationId } from '../common';
import type { PrepareContext, Send } from '../types';
import { readActingAdmin, readTag, tagParameter } from './inputs';
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
	const conversationId = readConversationId.call(this, itemIndex);
	const tag = await readTag.call(this, itemIndex, directory);
	const adminId = await readActingAdmin.call(this, itemIndex, directory);
	return async (client) => ({ ...(await detachTag(client, conversationId, adminId, tag)), conversation_id: conversationId });
}
