import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { properties, webhooks } from './description';
import { CREDENTIAL_TYPE, handleWebhook } from './handleWebhook';

export class IntercomConversationsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Intercom Conversations Trigger',
		name: 'intercomConversationsTrigger',
		icon: { light: 'file:../../icons/intercom.svg', dark: 'file:../../icons/intercom.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ ($parameter["topics"] || []).includes("*") ? "All topics" : ($parameter["topics"] || []).join(", ") }}',
		description: 'Starts the workflow when Intercom sends a conversation webhook notification',
		defaults: { name: 'Intercom Conversations Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		webhooks,
		properties,
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleWebhook.call(this);
	}
}
