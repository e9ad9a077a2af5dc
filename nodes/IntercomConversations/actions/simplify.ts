import type { IDataObject, INodeProperties } from 'n8n-workflow';

/**
 * n8n's usual "Simplify" toggle for the write operations: instead of the whole conversation
 * Intercom answers with (about 2 kB, and a list of parts), the item holds what a next step
 * uses: the id and state, the fields the operation changed, and the parts it added. Off by
 * default, so workflows saved before it keep their output.
 */

/** The operations that answer with a conversation, and the fields each one changes. */
const CHANGED: Record<string, string[]> = {
	close: ['admin_assignee_id', 'team_assignee_id', 'tags'],
	assign: ['admin_assignee_id', 'team_assignee_id'],
	unassign: ['admin_assignee_id', 'team_assignee_id'],
	snooze: ['snoozed_until'],
	open: [],
	addNote: [],
	reply: [],
	update: ['title', 'read', 'priority', 'custom_attributes'],
	/** The new conversation, with Intercom's answer to the create (the message's id, conversation_id). */
	create: ['message'],
};

export const SIMPLIFIED_OPERATIONS = Object.keys(CHANGED);

export const simplifyParameter: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: false,
	displayOptions: { show: { resource: ['conversation'], operation: SIMPLIFIED_OPERATIONS } },
	description:
		'Whether to return only the ID, the state, the fields the operation changed and the parts it added, instead of the whole conversation',
};

/** Answers an operation read instead of writing (Close skipping a closed conversation): no parts were added. */
const unchanged = new WeakSet<object>();

export function markUnchanged<T extends object>(answer: T): T {
	unchanged.add(answer);
	return answer;
}

interface Part {
	id?: string;
	part_type?: string;
}

/** The simplified item for `operation`, or the answer unchanged for operations without one. */
export function simplify(operation: string, answer: IDataObject): IDataObject {
	const fields = CHANGED[operation];
	if (!fields || typeof answer !== 'object' || answer === null || !('id' in answer)) return answer;
	const written = unchanged.has(answer) ? [] : ((answer.conversation_parts as { conversation_parts?: Part[] } | undefined)?.conversation_parts ?? []);
	const parts: IDataObject[] = written.map((part) => ({ id: part.id, part_type: part.part_type }));
	const simplified: IDataObject = { id: answer.id, state: answer.state };
	for (const field of fields) {
		if (field === 'tags') {
			const tags = (answer.tags as { tags?: Array<{ id?: string; name?: string }> } | undefined)?.tags ?? [];
			simplified.tags = tags.map((tag) => ({ id: tag.id, name: tag.name }));
		} else if (field in answer) {
			simplified[field] = answer[field];
		}
	}
	if (parts.length > 0) {
		simplified.part_id = parts[parts.length - 1].id;
		simplified.parts = parts;
	}
	return simplified;
}
