import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import * as company from './actions/company';
import * as contact from './actions/contact';
import * as conversation from './actions/conversation';
import * as ticket from './actions/ticket';
import { optionsParameter } from './actions/parameters';
import { router } from './actions/router';
import { simplifyParameter } from './actions/simplify';
import { listSearch, loadOptions } from './methods';

export class IntercomConversations implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Intercom Conversations',
		name: 'intercomConversations',
		icon: { light: 'file:../../icons/intercom.svg', dark: 'file:../../icons/intercom.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: "Close, assign and note Intercom conversations, at Intercom's rate limit and exactly once",
		defaults: { name: 'Intercom Conversations' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'intercomConversationsApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Conversation', value: 'conversation' },
					{ name: 'Company', value: 'company' },
					{ name: 'Contact', value: 'contact' },
					{ name: 'Ticket', value: 'ticket' },
				],
				default: 'conversation',
			},
			...conversation.description,
			...contact.description,
			...company.description,
			...ticket.description,
			simplifyParameter,
			optionsParameter,
		],
	};

	methods = { loadOptions, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
