import type { Target } from '../lib/nodeRunner';

export type { Target };

/** One write: close a conversation, or add a note to it. Every op targets its own conversation. */
export interface Op {
	kind: 'close' | 'note';
	conversationId: string;
	body?: string;
}

export interface ApproachResult {
	/** Items the approach reports as failed (what the next workflow step would not get). */
	failed: number;
	/** Anything a reader needs to interpret the row (e.g. "execution failed after 5 tries"). */
	note?: string;
}

export interface Approach {
	key: string;
	label: string;
	run(target: Target, ops: Op[]): Promise<ApproachResult>;
}

/** The JSON body Intercom expects for an op (the same for every approach). */
export function bodyOf(op: Op, adminId: string): Record<string, string> {
	return op.kind === 'close'
		? { message_type: 'close', type: 'admin', admin_id: adminId }
		: { message_type: 'note', type: 'admin', admin_id: adminId, body: op.body ?? '' };
}

export function pathOf(op: Op): string {
	return op.kind === 'close' ? `/conversations/${op.conversationId}/parts` : `/conversations/${op.conversationId}/reply`;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
