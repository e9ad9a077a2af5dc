import type { ConversationPart, ConversationRecord } from './types';

/**
 * The reply statistics a conversation's parts imply, in one place for the seed and the handlers.
 * An admin reply is an admin's `comment` or `quick_reply` (a note is internal; a close or an
 * assignment with a message is not counted). Intercom's figures subtract office hours; the
 * sandbox has none, so its figures are plain differences of timestamps.
 */

const isAdminReply = (part: ConversationPart): boolean =>
	part.author.type === 'admin' && (part.part_type === 'comment' || part.part_type === 'quick_reply');

const isContactMessage = (part: ConversationPart): boolean => part.author.type !== 'admin' && part.part_type === 'comment';

/** The median, halves rounded to whole seconds; undefined for no values. */
export function medianSeconds(values: number[]): number | undefined {
	if (values.length === 0) return undefined;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
}

/**
 * `median_time_to_reply`: "Median based on all admin replies after a contact reply". Each admin
 * reply that answers a waiting customer counts, measured from the customer's first unanswered
 * message (the opening message counts as the first).
 */
export function replyTimes(conversation: ConversationRecord): number[] {
	const times: number[] = [];
	let waitingFrom: number | undefined = conversation.source.author.type === 'admin' ? undefined : conversation.created_at;
	for (const part of conversation.parts) {
		if (isContactMessage(part)) waitingFrom ??= part.created_at;
		else if (isAdminReply(part) && waitingFrom !== undefined) {
			times.push(part.created_at - waitingFrom);
			waitingFrom = undefined;
		}
	}
	return times;
}

/** Sets `statistics.median_time_to_reply` from the parts (absent until an admin has answered the customer). */
export function refreshReplyStatistics(conversation: ConversationRecord): void {
	const median = medianSeconds(replyTimes(conversation));
	if (median === undefined) delete conversation.statistics.median_time_to_reply;
	else conversation.statistics.median_time_to_reply = median;
}

/** A close at `at` by `adminId`: the first close is kept, the last one moves. */
export function recordClose(conversation: ConversationRecord, adminId: string, at: number): void {
	const stats = conversation.statistics;
	stats.first_close_at ??= at;
	stats.time_to_first_close ??= at - conversation.created_at;
	stats.last_close_at = at;
	stats.time_to_last_close = at - conversation.created_at;
	stats.last_closed_by_id = adminId;
}
