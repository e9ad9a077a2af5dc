import type { INodeExecutionData } from 'n8n-workflow';
import type { IntercomConversations as NodeClass } from '../../nodes/IntercomConversations/IntercomConversations.node';
import { executeContext, splitErrorOutput, type ParameterValue } from '../../test/helpers/nodeHarness';

/** The workspace a run talks to. A fresh token gives the transport a fresh process-wide limiter. */
export interface Target {
	url: string;
	token: string;
	adminId: string;
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

// tsx resolves `IntercomConversations.node` to the codex file `IntercomConversations.node.json`
// (Node tries `.json` before `.ts`), so the class is required with its extension.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { IntercomConversations } = require('../../nodes/IntercomConversations/IntercomConversations.node.ts') as {
	IntercomConversations: typeof NodeClass;
};
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
): Promise<NodeRun> {
	const parameters: Record<string, ParameterValue> = {
		resource: 'conversation',
		operation,
		conversationId: { mode: 'id', value: (item: WorkItem) => item.conversation_id },
		adminId: target.adminId,
		body: operation === 'addNote' ? (item: WorkItem) => item.body : '',
		options,
	};
	const context = executeContext({
		items,
		parameters,
		credentials: { accessToken: target.token, region: 'custom', baseUrl: target.url, apiVersion: '2.16' },
		onError: 'continueErrorOutput',
	});
	const result = await nodeType.execute.call(context);
	const output = result[0];
	return { output, failed: splitErrorOutput(output).errors.length };
}
