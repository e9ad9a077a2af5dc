import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { read } from '../inputs';
import { adminIdParameter, conversationIdParameter, messageParameter } from '../parameters';
import type { PrepareContext, Send } from '../types';
import { close, reply, withParts } from '../../api/conversations';
import { macroMessage, macroParameter, readMacro, withMacro } from './macro';

const properties: INodeProperties[] = [
	conversationIdParameter,
	{ ...adminIdParameter, description: 'The teammate shown as the author of the reply' },
	{
		...messageParameter,
		description: 'The reply the customer sees. Accepts some HTML.',
		// With a macro, its text is the message: the field is hidden, so a required but empty Message is no issue.
		displayOptions: { show: { macroId: [''] } },
	},
	macroParameter,
	{
		displayName: 'Attachment URLs',
		name: 'attachmentUrls',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://example.com/invoice.pdf, https://example.com/receipt.png',
		description:
			'Up to 10 public http(s) URLs of files to attach, separated by commas or new lines. An expression may also give an array of URLs.',
	},
	{
		displayName: 'Options',
		name: 'replyOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Close After Sending',
				name: 'closeAfterSending',
				type: 'boolean',
				default: false,
				description:
					'Whether to close the conversation once the reply is sent ("Send and close"): the reply, then a close without a message',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['reply'] } },
	properties,
);

export async function prepare(this: IExecuteFunctions, itemIndex: number, { directory }: PrepareContext): Promise<Send> {
	const conversationId = read.conversationId(this, itemIndex);
	const macro = await readMacro(this, itemIndex, directory, { name: 'body', label: 'Message' });
	const body = macro ? '' : read.text(this, itemIndex, 'body', 'Message', { required: true });
	const attachmentUrls = read.attachmentUrls(this, itemIndex);
	const closeAfterSending = read.boolean(this, itemIndex, 'replyOptions.closeAfterSending', 'Close After Sending', false);
	const adminId = await read.actingAdmin(this, itemIndex, directory);
	return async (client) => {
		const text = macro ? await macroMessage(client, directory, macro, conversationId, adminId) : body;
		const replied = await reply(client, conversationId, adminId, 'comment', text, attachmentUrls);
		if (closeAfterSending !== true) return withMacro(replied, macro);
		return withMacro(withParts(await close(client, conversationId, adminId), [replied]), macro);
	};
}
