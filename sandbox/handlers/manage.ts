import { ApiError, invalid } from '../errors';
import { wrapBody } from '../html';
import { toConversation } from '../serialize';
import { addTeammate, adminAuthor, type SandboxState } from '../state';
import { recordClose } from '../statistics';
import type { Admin, ConversationPart, ConversationRecord, Reference } from '../types';
import { bodyObject, findAdmin, findConversation, ok, optionalString, requiredId, type Handler } from './context';

const MESSAGE_TYPES = ['close', 'snoozed', 'open', 'assignment'];

/**
 * POST /conversations/{id}/parts: close, snooze, open, assign/unassign. Adds one part and answers with the
 * conversation whose `conversation_parts` holds only that part.
 */
export const manageConversation: Handler = ({ state, params, body, now }) => {
	const conversation = findConversation(state, params.id);
	const input = bodyObject(body);
	const messageType = input.message_type;
	if (typeof messageType !== 'string' || !MESSAGE_TYPES.includes(messageType)) {
		throw invalid(
			messageType === undefined ? 'message_type is required' : `message_type must be one of ${MESSAGE_TYPES.join(', ')}`,
			'message_type',
		);
	}
	const text = optionalString(input, 'body');
	const partBody = text !== undefined && text !== '' ? wrapBody(text) : null;

	let part: ConversationPart;
	switch (messageType) {
		case 'close': {
			if (input.type !== 'admin') throw invalid("Type isn't an option", 'type');
			const admin = findAdmin(state, requiredId(input, 'admin_id'));
			part = close(state, conversation, admin, partBody, now);
			break;
		}
		case 'snoozed': {
			const admin = findAdmin(state, requiredId(input, 'admin_id'));
			const until = parseTimestamp(input.snoozed_until);
			if (until <= now) throw invalid('snoozed_until must be a time in the future', 'snoozed_until');
			part = state.newPart({ part_type: 'snoozed', author: adminAuthor(admin), body: null, created_at: now, viaApi: true });
			conversation.state = 'snoozed';
			conversation.open = true;
			conversation.snoozed_until = until;
			addTeammate(conversation, admin.id);
			break;
		}
		case 'open': {
			const admin = findAdmin(state, requiredId(input, 'admin_id'));
			part = state.newPart({ part_type: 'open', author: adminAuthor(admin), body: null, created_at: now, viaApi: true });
			reopen(conversation);
			addTeammate(conversation, admin.id);
			break;
		}
		default:
			part = assign(state, conversation, input, partBody, now);
	}
	conversation.updated_at = Math.max(conversation.updated_at, now);
	state.appendPart(conversation, part, true);
	return ok(toConversation(conversation, {}, [part]));
};

function close(state: SandboxState, c: ConversationRecord, admin: Admin, body: string | null, now: number): ConversationPart {
	const part = state.newPart({ part_type: 'close', author: adminAuthor(admin), body, created_at: now, viaApi: true });
	c.state = 'closed';
	c.open = false;
	c.snoozed_until = null;
	c.waiting_since = null;
	recordClose(c, admin.id, now);
	if (body !== null) c.statistics.last_admin_reply_at = now;
	addTeammate(c, admin.id);
	return part;
}

function reopen(c: ConversationRecord): void {
	if (c.state === 'closed') c.statistics.count_reopens++;
	c.state = 'open';
	c.open = true;
	c.snoozed_until = null;
}

function assign(state: SandboxState, c: ConversationRecord, input: Record<string, unknown>, body: string | null, now: number): ConversationPart {
	const type = input.type;
	if (type !== 'admin' && type !== 'team') throw invalid("Type isn't an option (use 'admin' or 'team')", 'type');
	const admin = findAdmin(state, requiredId(input, 'admin_id'));
	const assigneeId = requiredId(input, 'assignee_id');
	let assignedTo: Reference;
	if (assigneeId === '0') {
		assignedTo = { type: 'nobody_admin', id: null };
		if (type === 'admin') c.admin_assignee_id = 0;
		else c.team_assignee_id = 0;
	} else if (type === 'admin') {
		const assignee = state.admins.get(assigneeId);
		if (!assignee) throw new ApiError(404, 'admin_not_found', 'Admin not found', 'assignee_id');
		c.admin_assignee_id = Number(assignee.id);
		assignedTo = { type: 'admin', id: assignee.id };
	} else {
		const team = state.teams.get(assigneeId);
		if (!team) throw new ApiError(404, 'team_not_found', 'Team not found', 'assignee_id');
		c.team_assignee_id = Number(team.id);
		assignedTo = { type: 'team', id: team.id };
	}
	// Assigning a closed conversation reopens it (Intercom's example answers with an `assign_and_reopen` part).
	// Unassigning ('0') leaves the state alone.
	const reopens = c.state === 'closed' && assigneeId !== '0';
	if (reopens) reopen(c);
	if (assigneeId !== '0') {
		const stats = c.statistics;
		stats.count_assignments++;
		stats.first_assignment_at ??= now;
		stats.time_to_assignment ??= now - c.created_at;
		stats.last_assignment_at = now;
	}
	addTeammate(c, admin.id);
	return state.newPart({
		part_type: reopens ? 'assign_and_reopen' : 'assignment',
		author: adminAuthor(admin),
		body,
		assigned_to: assignedTo,
		created_at: now,
		viaApi: true,
	});
}

/** Unix seconds as an integer or a digit string. */
function parseTimestamp(value: unknown): number {
	if (value === undefined || value === null) throw invalid('snoozed_until is required', 'snoozed_until');
	if (typeof value === 'number' && Number.isInteger(value)) return value;
	if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
	throw invalid('snoozed_until must be a Unix timestamp in seconds', 'snoozed_until');
}
