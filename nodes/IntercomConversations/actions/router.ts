import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { runPool } from '../helpers/pool';
import { WorkspaceDirectory } from '../helpers/workspaceDirectory';
import { intercomClient, toNodeError } from '../transport';
import * as company from './company';
import * as ticket from './ticket';
import * as contact from './contact';
import * as conversation from './conversation';
import { executionOptions, read } from './inputs';
import { simplify, SIMPLIFIED_OPERATIONS } from './simplify';
import type { Operation, Send } from './types';

const operations: Record<string, Operation> = {
	'conversation:close': conversation.close,
	'conversation:assign': conversation.assign,
	'conversation:addNote': conversation.addNote,
	'conversation:get': conversation.get,
	'conversation:getMany': conversation.getMany,
	'conversation:addTag': conversation.addTag,
	'conversation:open': conversation.open,
	'conversation:removeTag': conversation.removeTag,
	'conversation:reply': conversation.reply,
	'conversation:report': conversation.report,
	'conversation:snooze': conversation.snooze,
	'conversation:unassign': conversation.unassign,
	'conversation:update': conversation.update,
	'conversation:create': conversation.create,
	'conversation:sendMessage': conversation.sendMessage,
	'contact:createNote': contact.createNote,
	'contact:get': contact.get,
	'contact:addTag': contact.addTag,
	'contact:archive': contact.archive,
	'contact:attachToCompany': contact.attachToCompany,
	'contact:create': contact.create,
	'contact:delete': contact.deleteContact,
	'contact:detachFromCompany': contact.detachFromCompany,
	'contact:getMany': contact.getMany,
	'contact:merge': contact.merge,
	'contact:removeTag': contact.removeTag,
	'contact:unarchive': contact.unarchive,
	'contact:update': contact.update,
	'contact:upsert': contact.upsert,
	'company:addNote': company.addNote,
	'company:get': company.get,
	'company:getMany': company.getMany,
	'company:upsert': company.upsert,
	'conversation:convertToTicket': conversation.convertToTicket,
	'ticket:addNote': ticket.addNote,
	'ticket:addTag': ticket.addTag,
	'ticket:create': ticket.create,
	'ticket:get': ticket.get,
	'ticket:getMany': ticket.getMany,
	'ticket:linkConversation': ticket.linkConversation,
	'ticket:removeTag': ticket.removeTag,
	'ticket:reply': ticket.reply,
	'ticket:unlinkConversation': ticket.unlinkConversation,
	'ticket:update': ticket.update,
};

type Failure = ReturnType<typeof toNodeError>;

/**
 * Owns the item loop: prepares (validates) every item before sending anything, sends them
 * through the shared limiter with as many in flight as the workspace's pace allows (capped by
 * the Concurrency option), and outputs in input order with
 * `pairedItem`. A failed item becomes an error item under "Continue"; otherwise the first
 * failing item (by index) stops the node, after the requests already in flight have ended.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = operations[`${resource}:${operationName}`];
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" of "${resource}" is not supported`);
	}
	const node = this.getNode();
	const options = executionOptions(this);
	const client = await intercomClient.call(this, { maxAttempts: options.maxAttempts, timeoutMs: options.timeoutMs });
	const token = client.options.accessToken;
	const continueOnFail = this.continueOnFail();
	const directory = new WorkspaceDirectory(client);

	// Per input item: its output item, or its output items (Get Many); flattened at the end.
	const outputs: Array<INodeExecutionData | INodeExecutionData[]> = new Array(items.length);
	const sends: Array<Send | undefined> = new Array(items.length);
	// Mutated from the pool's callbacks: read through `firstFailure()` so TypeScript does not narrow it.
	const stop: { first?: { index: number; error: Failure } } = {};
	const firstFailure = () => stop.first;
	const fail = (index: number, error: unknown) => {
		const failure = toNodeError(node, error, index, token);
		if (continueOnFail) {
			outputs[index] = errorItem(failure, index);
		} else if (!stop.first || index < stop.first.index) {
			stop.first = { index, error: failure };
		}
	};

	// Simplify is a conversation option: a contact operation of the same name (create) has none.
	const canSimplify = resource === 'conversation' && SIMPLIFIED_OPERATIONS.includes(operationName);
	const simplified: boolean[] = new Array(items.length).fill(false);
	for (let i = 0; i < items.length && !stop.first; i++) {
		try {
			if (canSimplify) simplified[i] = read.boolean(this, i, 'simplify', 'Simplify', false);
			sends[i] = await operation.prepare.call(this, i, { directory, apiVersion: client.options.apiVersion });
		} catch (error) {
			fail(i, error);
		}
	}
	let failure = firstFailure();
	if (failure) throw failure.error;

	const ready = sends.flatMap((send, i) => (send ? [i] : []));
	// The rate limit is the brake: as many items in flight as the allowed rate × the latency
	// (the workspace's pace), capped by the Concurrency option when set.
	const cap = options.concurrency ?? Infinity;
	await runPool(
		ready,
		() => Math.min(cap, client.connection.pace.target()),
		async (i) => {
			try {
				const send = sends[i] as Send;
				sends[i] = undefined; // a long batch keeps only what is still to send
				const data = await send(client);
				const json = simplified[i] && !Array.isArray(data) ? simplify(operationName, data) : data;
				outputs[i] = outputItems(json as IDataObject | IDataObject[], i);
			} catch (error) {
				fail(i, error);
			}
		},
		() => firstFailure() !== undefined || client.options.signal?.aborted === true,
	);
	failure = firstFailure();
	if (failure) throw failure.error;
	if (client.options.signal?.aborted) throw new NodeOperationError(node, 'The execution was cancelled');
	return [outputs.flat()];
}

/**
 * The output items of input item `index`, paired with it. Built directly (not with
 * `returnJsonArray` + `constructExecutionMetaData`, whose object spreads cost each item its own
 * hidden class in V8: about 200 bytes per item, held as long as n8n holds the output).
 */
function outputItems(json: IDataObject | IDataObject[], index: number): INodeExecutionData | INodeExecutionData[] {
	const pairedItem = { item: index };
	return Array.isArray(json) ? json.map((entry) => ({ json: entry, pairedItem })) : { json, pairedItem };
}

/**
 * An item n8n routes to the error output on every supported line: it carries the error, and
 * its json holds only `error` and `message` (Intercom's code and request_id are in both).
 */
function errorItem(error: Failure, index: number): INodeExecutionData {
	return {
		json: { error: error.message, message: error.description ?? error.message },
		error,
		pairedItem: { item: index },
	};
}
