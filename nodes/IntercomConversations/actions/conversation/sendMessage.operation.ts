import { NodeApiError, updateDisplayOptions, type IExecuteFunctions, type INodeProperties, type JsonObject } from 'n8n-workflow';
import { sendAdminMessage } from '../../api/messages';
import { IntercomApiError, toNodeError } from '../../transport';
import { read } from '../inputs';
import { adminIdParameter, contactLocatorParameter, messageParameter } from '../parameters';
import type { PrepareContext, Send } from '../types';
import { contactOf } from '../contactLookup';

const MESSAGE_TYPES = ['in_app', 'email'] as const;
const TEMPLATES = ['plain', 'personal'] as const;

const properties: INodeProperties[] = [
	{ ...adminIdParameter, description: 'The teammate the message is sent as. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.' },
	{ ...contactLocatorParameter, description: 'The contact (user or lead) the message goes to: its Intercom ID, its email, or its Intercom page URL' },
	{
		displayName: 'Message Type',
		name: 'messageType',
		type: 'options',
		options: [
			{ name: 'In-App', value: 'in_app', description: 'Shown in the Messenger in your app or website' },
			{ name: 'Email', value: 'email', description: "Sent to the contact's email address" },
		],
		default: 'in_app',
	},
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { messageType: ['email'] } },
		description: "The email's subject",
	},
	{ ...messageParameter, description: 'What the contact reads. Accepts HTML.' },
	{
		displayName: 'Options',
		name: 'messageOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Email Template',
				name: 'template',
				type: 'options',
				options: [
					{ name: 'Plain', value: 'plain', description: 'Plain text styling' },
					{ name: 'Personal', value: 'personal', description: "Styled like a personal email, with the teammate's avatar" },
				],
				default: 'plain',
				displayOptions: { show: { '/messageType': ['email'] } },
			},
			{
				displayName: 'Open in Inbox Now',
				name: 'createConversationWithoutContactReply',
				type: 'boolean',
				default: false,
				description: "Whether the conversation shows in your team's inbox at once, without waiting for the contact's reply",
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['sendMessage'] } },
	properties,
);

/**
 * An admin's in-app message or email to one contact (POST /messages), never twice: opened in the
 * inbox now, once per item also after an ambiguous failure; otherwise such a failure fails the item.
 */
export async function prepare(this: IExecuteFunctions, itemIndex: number, { directory }: PrepareContext): Promise<Send> {
	const contact = read.contact(this, itemIndex);
	const messageType = read.choice(this, itemIndex, 'messageType', 'Message Type', MESSAGE_TYPES, 'in_app');
	const email = messageType === 'email';
	const subject = email ? read.text(this, itemIndex, 'subject', 'Subject', { required: true }) : undefined;
	const body = read.text(this, itemIndex, 'body', 'Message', { required: true });
	const template = email ? read.choice(this, itemIndex, 'messageOptions.template', 'Email Template', TEMPLATES, 'plain') : undefined;
	const openNow = read.boolean(this, itemIndex, 'messageOptions.createConversationWithoutContactReply', 'Open in Inbox Now', false);
	const adminId = await read.actingAdmin(this, itemIndex, directory);
	const node = this.getNode();
	return async (client) => {
		const to = await contactOf({ node, itemIndex, client, ref: contact });
		try {
			return await sendAdminMessage(client, { messageType, subject, body, template, adminId, to, openNow });
		} catch (error) {
			if (openNow || !(error instanceof IntercomApiError) || error.kind !== 'ambiguous') throw toNodeError(node, error, itemIndex);
			throw notSentAgain(node, itemIndex, error);
		}
	};
}

/**
 * Without "Open in Inbox Now", Intercom opens no conversation until the contact replies, so an
 * ambiguous failure (a timeout, a 5xx) cannot be checked: the message is not sent again, and the
 * item fails saying so.
 */
function notSentAgain(node: ReturnType<IExecuteFunctions['getNode']>, itemIndex: number, error: IntercomApiError): NodeApiError {
	return new NodeApiError(node, error.toJSON() as JsonObject, {
		message: `Item ${itemIndex}: Intercom did not confirm the message, and it was not sent again`,
		description:
			`${error.message}. The message may have been sent. Without "Open in Inbox Now", Intercom shows no conversation ` +
			'until the contact replies, so the node cannot check, and sends nothing twice: look at the contact in Intercom ' +
			'before running this item again, or turn on "Open in Inbox Now" to let the node check and retry by itself.',
		httpCode: error.status === undefined ? undefined : String(error.status),
		itemIndex,
	});
}
