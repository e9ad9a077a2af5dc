import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { read } from '../inputs';
import { adminIdParameter, conversationIdParameter, createTagIfMissingParameter, tagParameter } from '../parameters';
import type { PrepareContext, Send } from '../types';
import { attachTag } from '../../api/conversations';

const properties: INodeProperties[] = [
	conversationIdParameter,
	{ ...adminIdParameter, description: 'The teammate the tagging is attributed to' },
	tagParameter,
	createTagIfMissingParameter,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['addTag'] } },
	properties,
);

/** Outputs the applied tag as Intercom returns it, with the conversation's ID. */
export async function prepare(this: IExecuteFunctions, itemIndex: number, { directory }: PrepareContext): Promise<Send> {
	const conversationId = read.conversationId(this, itemIndex);
	const createIfMissing = read.boolean(this, itemIndex, 'createTagIfMissing', 'Create Tag If Missing', false);
	const ref = read.tag(this, itemIndex);
	const tag = createIfMissing
		? await read.tagOrNewName(this, itemIndex, directory, ref)
		: await read.existingTag(this, itemIndex, 'Tag', directory, ref);
	const adminId = await read.actingAdmin(this, itemIndex, directory);
	return async (client) => {
		const tagId = 'create' in tag ? (await directory.createTag(tag.create)).id : tag.id;
		return { ...(await attachTag(client, conversationId, adminId, tagId)), conversation_id: conversationId };
	};
}
