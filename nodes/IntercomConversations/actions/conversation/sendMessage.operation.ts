import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { sendAdminMessage } from '../../api/messages';
import { read } from '../inputs';
import { adminIdParameter, contactLocatorParameter, messageParameter } from '../parameters';
import type { PrepareContext, Send } from '../types';
import { contactOf } from './contactOf';

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

/** An admin's in-app message or email to one contact (POST /messages), once per item also after an ambiguous failure. */
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
		const to = await contactOf(node, itemIndex, client, contact);
		return await sendAdminMessage(client, { messageType, subject, body, template, adminId, to, openNow });
	};
}
