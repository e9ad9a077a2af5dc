import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type INode,
	type JsonObject,
} from 'n8n-workflow';
import { resolveBaseUrl } from '../../../credentials/regions';
import { IntercomClient, type ClientOptions } from './intercomClient';
import { formatDuration, IntercomApiError, redact } from './intercomError';
import { redactValue } from './redaction';
import type { SharedRateLimit } from './limiter';
import { CancelledError } from './sleep';

export { IntercomClient } from './intercomClient';
export type { IntercomRequest, ClientOptions } from './intercomClient';
export type { SharedRateLimit } from './limiter';
export { IntercomApiError } from './intercomError';

export const CREDENTIAL_TYPE = 'intercomConversationsApi';

interface IntercomCredentials {
	accessToken: string;
	region?: string;
	baseUrl?: string;
	apiVersion?: string;
	sharedRateLimit?: string;
	redisUrl?: string;
	redisPassword?: string;
}

type Context = IExecuteFunctions | ILoadOptionsFunctions;

/** The transport for the node's credential, with the execution's cancel signal and logger. */
export async function intercomClient(
	this: Context,
	options: Pick<ClientOptions, 'maxAttempts' | 'timeoutMs'> = {},
): Promise<IntercomClient> {
	const credentials = (await this.getCredentials(CREDENTIAL_TYPE)) as unknown as IntercomCredentials;
	let baseUrl: string;
	try {
		baseUrl = resolveBaseUrl(credentials.region, credentials.baseUrl);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message);
	}
	const signal = 'getExecutionCancelSignal' in this ? this.getExecutionCancelSignal() : undefined;
	const sharedRateLimit: SharedRateLimit =
		credentials.sharedRateLimit === 'redis'
			? { mode: 'redis', redisUrl: String(credentials.redisUrl ?? ''), redisPassword: String(credentials.redisPassword ?? '') }
			: { mode: 'off' };
	try {
		return new IntercomClient({
			baseUrl,
			accessToken: String(credentials.accessToken ?? '').trim(),
			apiVersion: credentials.apiVersion,
			signal,
			logger: this.logger,
			sharedRateLimit,
			...options,
		});
	} catch (error) {
		// A malformed Redis URL: say so without echoing it (it may hold a password).
		throw new NodeOperationError(this.getNode(), `The credential's Redis URL is not valid: ${(error as Error).message}`);
	}
}

const ADVICE: Record<number, string> = {
	400: 'Intercom refused the request as invalid: check the fields named above.',
	401: 'Intercom does not accept the Access Token: check the "Intercom Conversations API" credential and its region.',
	403: "Your Intercom plan or the app's permissions do not allow this request.",
	404: 'Intercom has no such object in this workspace: check the ID (and that the admin, team or tag exists).',
	409: 'Intercom reports a conflict with the current state of the object.',
	410: 'The object is gone (a merged contact, for example): use the ID Intercom links to.',
	422: 'Intercom understood the request but cannot apply it: check the values sent.',
	429: "Intercom's rate limit was still exceeded after every attempt: lower the Concurrency option, or raise Max Attempts.",
};

function advice(error: IntercomApiError): string {
	if (error.status === undefined && error.timeoutMs !== undefined) {
		return `Intercom did not answer in time on any attempt: raise the node's Timeout option (now ${formatDuration(error.timeoutMs)}), or try again later.`;
	}
	if (error.status === undefined) {
		return "Intercom could not be reached: check the credential's region or Base URL, and the network.";
	}
	if (error.status >= 500 || error.status === 408) {
		return 'Intercom failed on every attempt: it may be having trouble. Try again later, or raise Max Attempts.';
	}
	return ADVICE[error.status] ?? 'Check the request against the Intercom API reference.';
}

/**
 * Turns any failure into the n8n error a user sees: what failed, and what to do. With the
 * token, every text n8n keeps of the error (message, description, messages, the error
 * response) is redacted against it, whatever produced the error.
 */
export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex?: number,
	token?: string,
): NodeApiError | NodeOperationError {
	const clean = (text: string) => redact(text, token);
	const scrubbed = <E extends NodeApiError | NodeOperationError>(nodeError: E): E => {
		if (!token) return nodeError;
		nodeError.message = clean(nodeError.message);
		if (nodeError.description) nodeError.description = clean(nodeError.description);
		nodeError.messages = nodeError.messages.map(clean);
		if (nodeError.errorResponse) nodeError.errorResponse = redactValue(nodeError.errorResponse, token);
		nodeError.context = redactValue(nodeError.context, token);
		for (const held of [nodeError, nodeError.cause]) {
			if (held?.stack) held.stack = clean(held.stack);
			if (held && held !== nodeError) held.message = clean(held.message);
		}
		return nodeError;
	};
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return scrubbed(error);
	if (error instanceof IntercomApiError) {
		const facts = [
			error.code && `code: ${error.code}`,
			error.requestId && `request_id: ${error.requestId}`,
			`${error.method} ${error.path}`,
			`attempts: ${error.attempts}`,
		]
			.filter(Boolean)
			.join(' · ');
		const message = clean(error.message);
		const nodeError = new NodeApiError(node, redactValue(error.toJSON(), token) as JsonObject, {
			message,
			description: clean(`${advice(error)} (${facts})`),
			httpCode: error.status !== undefined ? String(error.status) : undefined,
			itemIndex,
		});
		// n8n swaps a message naming a network code (ECONNABORTED, ETIMEDOUT...) for a generic
		// one ("perhaps the server is offline"); ours says what happened, on which request.
		nodeError.message = message;
		return scrubbed(nodeError);
	}
	if (error instanceof CancelledError) {
		return scrubbed(new NodeOperationError(node, error.message, { itemIndex }));
	}
	const message = error instanceof Error ? error.message : String(error);
	return scrubbed(new NodeOperationError(node, clean(message), { itemIndex }));
}
