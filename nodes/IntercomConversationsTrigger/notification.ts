import type { IDataObject } from 'n8n-workflow';

/** Who wrote a conversation part, as Intercom describes it (`conversation_part_author`). */
export interface PartAuthor {
	type?: string;
	id?: string;
	from_ai_agent?: boolean;
}

/** The notification envelope Intercom POSTs to the webhook URL. */
export interface IntercomNotification {
	type?: string;
	/** A string; read as a string when a number. */
	id?: string | number;
	topic?: string;
	app_id?: string;
	created_at?: number;
	delivery_attempts?: number;
	first_sent_at?: number;
	data?: { type?: string; item?: IDataObject };
}

/** What the filters look at, taken from one notification. */
export interface NotificationSummary {
	topic: string;
	conversationId: string | null;
	state: string | null;
	adminAssigneeId: string | null;
	teamAssigneeId: string | null;
	/** Author of the part that caused the notification (for conversation.user.created: the customer who wrote in). */
	author: PartAuthor | null;
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses the raw body; undefined when it is not a JSON object. */
export function parseNotification(rawBody: string): IntercomNotification | undefined {
	try {
		const parsed: unknown = JSON.parse(rawBody);
		return isObject(parsed) ? (parsed as IntercomNotification) : undefined;
	} catch {
		return undefined;
	}
}

/** Intercom ids are strings or integers depending on the field and version; unassigned is `0` (2.16) or `null` (≤2.15). */
function toId(value: unknown): string | null {
	if (typeof value === 'number') return value === 0 ? null : String(value);
	if (typeof value === 'string') return value === '' || value === '0' ? null : value;
	return null;
}

function toAuthor(value: unknown): PartAuthor | null {
	if (!isObject(value)) return null;
	return {
		type: typeof value.type === 'string' ? value.type : undefined,
		id: value.id === undefined || value.id === null ? undefined : String(value.id),
		from_ai_agent: value.from_ai_agent === true,
	};
}

function lastPartAuthor(conversation: IDataObject): PartAuthor | null {
	const list = conversation.conversation_parts;
	if (!isObject(list) || !Array.isArray(list.conversation_parts)) return null;
	const parts = list.conversation_parts as unknown[];
	const last = parts[parts.length - 1];
	return isObject(last) ? toAuthor(last.author) : null;
}

function sourceAuthor(conversation: IDataObject): PartAuthor | null {
	return isObject(conversation.source) ? toAuthor(conversation.source.author) : null;
}

/** `state` is authoritative; older payloads only have `open` (true even while snoozed) and `snoozed_until`. */
function conversationState(conversation: IDataObject): string | null {
	if (typeof conversation.state === 'string') return conversation.state;
	if (conversation.open === false) return 'closed';
	if (typeof conversation.snoozed_until === 'number') return 'snoozed';
	if (conversation.open === true) return 'open';
	return null;
}

/** The conversation carried by the notification (`data.item`); `{}` when absent. */
export function conversationOf(notification: IntercomNotification): IDataObject {
	const item = notification.data?.item;
	return isObject(item) ? item : {};
}

export function summarize(notification: IntercomNotification): NotificationSummary {
	const topic = typeof notification.topic === 'string' ? notification.topic : '';
	const conversation = conversationOf(notification);
	const author =
		topic === 'conversation.user.created'
			? (sourceAuthor(conversation) ?? lastPartAuthor(conversation))
			: lastPartAuthor(conversation);
	return {
		topic,
		conversationId: toId(conversation.id),
		state: conversationState(conversation),
		adminAssigneeId: toId(conversation.admin_assignee_id),
		teamAssigneeId: toId(conversation.team_assignee_id),
		author,
	};
}

/** The item the trigger emits: the envelope's fields, the conversation, and handy top-level fields. */
export function toOutputJson(notification: IntercomNotification): IDataObject {
	const summary = summarize(notification);
	return {
		topic: summary.topic,
		id: notification.id ?? null,
		created_at: notification.created_at ?? null,
		app_id: notification.app_id ?? null,
		delivery_attempts: notification.delivery_attempts ?? null,
		conversation_id: summary.conversationId,
		state: summary.state,
		admin_assignee_id: summary.adminAssigneeId,
		team_assignee_id: summary.teamAssigneeId,
		author_type: summary.author?.type ?? null,
		conversation: conversationOf(notification),
	};
}
