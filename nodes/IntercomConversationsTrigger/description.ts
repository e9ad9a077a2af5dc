import type { INodeProperties, IWebhookDescription } from 'n8n-workflow';
import { ALL_TOPICS, CONVERSATION_TOPICS } from './topics';

/** Webhook names, as `getWebhookName()` returns them. */
export const URL_CHECK_WEBHOOK = 'setup';
export const NOTIFICATION_WEBHOOK = 'default';

/**
 * Intercom checks the endpoint with a HEAD request when you save it in the Developer Hub, then
 * POSTs notifications to the same URL. Both answer at once: Intercom waits 5 seconds at most.
 */
export const webhooks: IWebhookDescription[] = [
	{ name: URL_CHECK_WEBHOOK, httpMethod: 'HEAD', responseMode: 'onReceived', path: 'webhook' },
	{ name: NOTIFICATION_WEBHOOK, httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
];

const topicOptions = [
	{ name: 'All Topics', value: ALL_TOPICS, description: 'Every conversation topic in this list' },
	...[...CONVERSATION_TOPICS]
		.sort((a, b) => a.name.localeCompare(b.name))
		.map((topic) => ({ name: topic.name, value: topic.value, description: topic.value })),
];

export const properties: INodeProperties[] = [
	{
		displayName:
			'In the Intercom Developer Hub, open your app → Configure → Webhooks, paste this node\'s Production URL as the endpoint and tick the topics you choose below. Intercom cannot be set up from n8n.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName:
			'Set the Client Secret in the credential (Developer Hub → your app → Basic Info) so that notifications not signed by Intercom are refused. Without it, anyone who learns this URL can start the workflow.',
		name: 'signatureNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Topics',
		name: 'topics',
		type: 'multiOptions',
		required: true,
		default: [],
		options: topicOptions,
		description:
			'Which notifications start the workflow. Other topics, and Intercom\'s test "ping", are answered and ignored.',
	},
	{
		displayName: 'Only When Actor Is',
		name: 'actors',
		type: 'multiOptions',
		default: [],
		options: [
			{
				name: 'Bot or Automation',
				value: 'bot',
				description: 'Fin, Operator, workflows and other automation',
			},
			{ name: 'Customer', value: 'customer', description: 'A user, lead or contact' },
			{ name: 'Teammate', value: 'teammate', description: 'An admin of your workspace' },
		],
		description:
			'Start only when whoever wrote the part that caused the notification is one of these. Empty: anyone. Notifications that name no author (such as Conversation Deleted) do not pass.',
	},
	{
		displayName: 'Only for Team Assignees',
		name: 'teamAssigneeIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 5017691, 5017692',
		description:
			'Team IDs, separated by commas, or an expression that returns a list. Start only when the conversation is assigned to one of these teams. Empty: any.',
	},
	{
		displayName: 'Only for Admin Assignees',
		name: 'adminAssigneeIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 991267, 991268',
		description:
			'Admin (teammate) IDs, separated by commas, or an expression that returns a list. Start only when the conversation is assigned to one of these admins. Empty: any. When both assignee filters are set, both must match.',
	},
];
