import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { URL_CHECK_WEBHOOK } from './description';
import { resolveRedisTarget, type RedisTarget } from '../IntercomConversations/transport/redisTarget';
import { claimDelivery, notificationIdOf } from './dedupe';
import { parseActorKinds, parseList, passesFilters, type TriggerFilters } from './filters';
import {
	parseNotification,
	summarize,
	toOutputJson,
	type IntercomNotification,
} from './notification';
import { isValidSignature, SIGNATURE_HEADER } from './signature';
import { PING_TOPIC } from './topics';

export const CREDENTIAL_TYPE = 'intercomConversationsApi';

/** The parts of n8n's request (express on top of node:http) this trigger reads. */
interface WebhookRequest {
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
}

/** Answered, started nothing: n8n replies 200 "Webhook call received". */
const IGNORED: IWebhookResponseData = {};

function answer(this: IWebhookFunctions, status: number, message?: string): IWebhookResponseData {
	const res = this.getResponseObject();
	res.status(status);
	if (message === undefined) res.end();
	else res.send(message);
	return { noWebhookResponse: true };
}

/** n8n keeps the request's bytes as `rawBody` (already un-gzipped); read them if not read yet. */
async function readRawBody(this: IWebhookFunctions): Promise<Buffer | undefined> {
	const req = this.getRequestObject() as WebhookRequest;
	if (!Buffer.isBuffer(req.rawBody) && typeof req.readRawBody === 'function') {
		await req.readRawBody();
	}
	return Buffer.isBuffer(req.rawBody) ? req.rawBody : undefined;
}

/** The credential's fields the trigger reads. */
interface TriggerCredentials {
	clientSecret?: string;
	sharedRateLimit?: string;
	redisUrl?: string;
	redisPassword?: string;
}

function clientSecretOf(credentials: TriggerCredentials): string {
	return typeof credentials.clientSecret === 'string' ? credentials.clientSecret.trim() : '';
}

let warnedBadRedisUrl = false;

/** The Redis that dedupes deliveries across n8n processes: the one the rate limit is shared through. */
function redisTargetOf(this: IWebhookFunctions, credentials: TriggerCredentials): RedisTarget | undefined {
	if (credentials.sharedRateLimit !== 'redis') return undefined;
	try {
		return resolveRedisTarget(String(credentials.redisUrl ?? ''), String(credentials.redisPassword ?? ''));
	} catch (error) {
		if (!warnedBadRedisUrl) {
			warnedBadRedisUrl = true;
			this.logger.warn(
				`Intercom trigger: the credential's Redis URL is not valid (${(error as Error).message}): duplicate deliveries are caught in this n8n process only`,
			);
		}
		return undefined;
	}
}

function filtersOf(this: IWebhookFunctions): TriggerFilters {
	return {
		topics: parseList(this.getNodeParameter('topics', [])),
		actors: parseActorKinds(this.getNodeParameter('actors', [])),
		teamAssigneeIds: parseList(this.getNodeParameter('teamAssigneeIds', '')),
		adminAssigneeIds: parseList(this.getNodeParameter('adminAssigneeIds', '')),
	};
}

/**
 * One Intercom request: the HEAD URL check, or a notification. A notification starts the workflow
 * only when it is signed (if a client secret is set), is of a chosen topic, passes the filters and
 * was not delivered before.
 */
export async function handleWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	if (this.getWebhookName() === URL_CHECK_WEBHOOK) return answer.call(this, 200);

	const rawBody = await readRawBody.call(this);
	const credentials = await this.getCredentials<TriggerCredentials>(CREDENTIAL_TYPE);
	const secret = clientSecretOf(credentials);
	if (secret !== '') {
		const signature = this.getHeaderData()[SIGNATURE_HEADER];
		if (rawBody === undefined || !isValidSignature(rawBody, signature, secret)) {
			return answer.call(this, 401, 'Invalid or missing X-Hub-Signature');
		}
	}

	const notification =
		rawBody !== undefined && rawBody.length > 0
			? parseNotification(rawBody.toString('utf8'))
			: (this.getBodyData() as IntercomNotification);
	if (notification === undefined) return answer.call(this, 400, 'Expected a JSON notification');
	if (notification.topic === PING_TOPIC) return IGNORED;
	if (!passesFilters(summarize(notification), filtersOf.call(this))) return IGNORED;

	const notificationId = notificationIdOf(notification.id);
	if (notificationId !== null) {
		const delivery = {
			workflowId: this.getWorkflow().id ?? '',
			nodeId: this.getNode().id,
			notificationId,
		};
		const staticData = this.getWorkflowStaticData('node');
		const redis = redisTargetOf.call(this, credentials);
		if (!(await claimDelivery(staticData, delivery, redis, this.logger))) return IGNORED;
	}

	return { workflowData: [this.helpers.returnJsonArray(toOutputJson(notification))] };
}
