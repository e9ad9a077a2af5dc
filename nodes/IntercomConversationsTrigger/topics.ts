/** The conversation topics this trigger can start a workflow for (Intercom webhook topics). */
export const CONVERSATION_TOPICS = [
	{ value: 'conversation.admin.closed', name: 'Conversation Closed by Teammate' },
	{ value: 'conversation.admin.assigned', name: 'Conversation Assigned by Teammate' },
	{ value: 'conversation.admin.open.assigned', name: 'Open Conversation Assigned' },
	{ value: 'conversation.admin.opened', name: 'Conversation Opened by Teammate' },
	{ value: 'conversation.admin.snoozed', name: 'Conversation Snoozed by Teammate' },
	{ value: 'conversation.admin.unsnoozed', name: 'Conversation Unsnoozed by Teammate' },
	{ value: 'conversation.admin.noted', name: 'Note Added by Teammate' },
	{ value: 'conversation.admin.replied', name: 'Teammate Replied' },
	{ value: 'conversation.user.created', name: 'Conversation Started by Customer' },
	{ value: 'conversation.user.replied', name: 'Customer Replied' },
	{ value: 'conversation.operator.replied', name: 'Bot (Fin or Operator) Replied' },
	{ value: 'conversation.priority.updated', name: 'Priority Changed' },
	{ value: 'conversation.rating.added', name: 'Conversation Rated' },
	{ value: 'conversation_part.tag.created', name: 'Conversation Part Tagged' },
	{ value: 'conversation.deleted', name: 'Conversation Deleted' },
] as const;

/** Selecting this value in the Topics parameter means every topic above. */
export const ALL_TOPICS = '*';

/** Intercom sends this topic when you press "Send a test notification"; it never starts the workflow. */
export const PING_TOPIC = 'ping';

const KNOWN_TOPICS: ReadonlySet<string> = new Set(CONVERSATION_TOPICS.map((topic) => topic.value));

/** Whether a notification of `topic` should start the workflow, given the topics the user picked. */
export function isSelectedTopic(topic: string, selected: readonly string[]): boolean {
	if (!KNOWN_TOPICS.has(topic)) return false;
	return selected.includes(ALL_TOPICS) || selected.includes(topic);
}
