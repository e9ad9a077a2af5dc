import type { INodeExecutionData } from 'n8n-workflow';
import { nodeCredentials } from '../../testkit/credentials';
import { runNode, splitErrorOutput, type ParameterValue } from '../../testkit/nodeHarness';
import { IntercomConversations } from './nodeClass';

/** The workspace a run talks to. A fresh token gives the transport a fresh process-wide limiter. */
export interface Target {
	url: string;
	token: string;
	adminId: string;
	/** Share the rate limit across processes through this Redis (the credential's "Shared Rate Limit"). */
	redisUrl?: string;
}

export interface WorkItem {
	conversation_id: string;
	body?: string;
	[key: string]: string | undefined;
}

export interface NodeRun {
	output: INodeExecutionData[];
	failed: number;
}

const nodeType = new IntercomConversations();

/**
 * Runs the node's `execute()` as n8n would: one execution, every item in, the conversation ID
 * and note text mapped from each item like `{{ $json.conversation_id }}` expressions, errors
 * routed to the error output so that every item is accounted for.
 */
export async function runNodeOperation(
	target: Target,
	operation: 'close' | 'addNote',
	items: WorkItem[],
	options: Record<string, number> = {},
	/** The node's top-level Simplify (write operations: `{ id, state, ...what changed }`); ignored by a node without it. */
	simplify = false,
): Promise<NodeRun> {
	const parameters: Record<string, ParameterValue> = {
		resource: 'conversation',
		operation,
		conversationId: { mode: 'id', value: (item: WorkItem) => item.conversation_id },
		adminId: target.adminId,
		body: operation === 'addNote' ? (item: WorkItem) => item.body : '',
		options,
		...(simplify && { simplify }),
	};
	const output = await runNode(nodeType, {
		items,
		parameters,
		credentials: nodeCredentials(target, { redisUrl: target.redisUrl }),
		onError: 'continueErrorOutput',
	});
	return { output, failed: splitErrorOutput(output).errors.length };
}
