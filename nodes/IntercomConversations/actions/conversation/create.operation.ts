import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { getConversation } from '../../api/conversations';
import { createConversation } from '../../api/messages';
import { read } from '../inputs';
import { contactLocatorParameter, messageParameter } from '../parameters';
import type { Send } from '../types';
import { contactOf } from '../contactLookup';

const properties: INodeProperties[] = [
	{ ...contactLocatorParameter, description: 'The contact (user or lead) who starts the conversation: its Intercom ID, its email, or its Intercom page URL' },
	{ ...messageParameter, description: "The contact's opening message, as plain text (Intercom does not accept HTML here)" },
	{
		displayName: 'Options',
		name: 'createOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Created At',
				name: 'createdAt',
				type: 'dateTime',
				default: '',
				description: 'When the conversation started, for conversations brought over from another tool. Default: now.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['create'] } },
	properties,
);

/**
 * A conversation started by a contact (POST /conversations), once per item also after an
 * ambiguous failure. Outputs the new conversation (id, state, source…) with `message`: what
 * Intercom answered to the create (the message's id, `conversation_id`).
 */
export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<Send> {
	const contact = read.contact(this, itemIndex);
	const body = read.text(this, itemIndex, 'body', 'Message', { required: true });
	const createdAt = read.isSet(this, itemIndex, 'createOptions.createdAt')
		? read.moment(this, itemIndex, 'createOptions.createdAt', 'Created At')
		: undefined;
	const node = this.getNode();
	return async (client) => {
		const from = await contactOf({ node, itemIndex, client, ref: contact });
		const message = await createConversation(client, from, body, createdAt);
		return { ...(await getConversation(client, String(message.conversation_id))), message };
	};
}
