import type { IDataObject, Logger } from 'n8n-workflow';
import { redisConnectionFor } from '../IntercomConversations/transport/redisConnection';
import type { RedisTarget } from '../IntercomConversations/transport/redisTarget';

/**
 * Intercom delivers at least once, and may deliver one notification several times at the same
 * instant. A notification starts the workflow once, decided in three places, in this order:
 * 1. the node's workflow static data: the last 1,000 ids, for replays that come later;
 * 2. a claim in this process, taken synchronously (n8n loads the static data per request, so
 *    concurrent requests all see it without the id);
 * 3. when the credential shares the rate limit through Redis: `SET key 1 NX PX`, one claim for
 *    every n8n process. If that Redis cannot be reached, the claim in this process decides.
 */

/** How many notification ids the trigger remembers (per trigger node). */
export const REMEMBERED_IDS = 1000;

/** How long a claim holds: longer than Intercom's one retry a minute after a failed delivery. */
export const CLAIM_TTL_MS = 60 * 60_000;

/** Key in the node's workflow static data. */
const STORE_KEY = 'recentNotificationIds';

/** Waited for a first connection to Redis; Intercom gives the whole answer 5 s. */
const REDIS_READY_MS = 1_500;

/** Which notification, for which trigger node of which workflow. */
export interface DeliveryKey {
	workflowId: string;
	nodeId: string;
	notificationId: string;
}

/** The notification's id as a string (Intercom's ids are strings; a number is read as its digits). */
export function notificationIdOf(id: unknown): string | null {
	if (typeof id === 'number' && Number.isFinite(id)) return String(id);
	return typeof id === 'string' && id.trim() !== '' ? id.trim() : null;
}

/** The ids remembered so far, oldest first. */
export function recentIds(staticData: IDataObject): string[] {
	const stored = staticData[STORE_KEY];
	return Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : [];
}

/** The list after remembering `id`: a new array, the oldest ids dropped beyond `limit`. */
export function withId(ids: readonly string[], id: string, limit = REMEMBERED_IDS): string[] {
	const next = ids.filter((known) => known !== id);
	next.push(id);
	return next.length > limit ? next.slice(next.length - limit) : next;
}

/**
 * Remembers `id`. Assigns a new array rather than changing the stored one: n8n saves a workflow's
 * static data only when its ObservableObject saw a property being set, and an assignment always is.
 */
function remember(staticData: IDataObject, id: string): void {
	staticData[STORE_KEY] = withId(recentIds(staticData), id);
}

/** Claims of this process: key → when the claim ends. Oldest first (a Map keeps insertion order). */
const claims = new Map<string, number>();

function claimInProcess(key: string, now = Date.now()): boolean {
	for (const [claimed, until] of claims) {
		if (until > now && claims.size <= 10 * REMEMBERED_IDS) break;
		claims.delete(claimed);
	}
	const until = claims.get(key);
	if (until !== undefined && until > now) return false;
	claims.delete(key);
	claims.set(key, now + CLAIM_TTL_MS);
	return true;
}

const warnedTargets = new Set<string>();

/** True: claimed; false: another process has it; undefined: Redis could not be asked. */
async function claimInRedis(target: RedisTarget, key: string, logger: Logger): Promise<boolean | undefined> {
	const redis = redisConnectionFor(target);
	try {
		// A connection known to be down is not waited for: the claim in this process decides.
		const ready =
			redis.client.status === 'ready' ||
			(redis.failureReason() === undefined && (await redis.whenReady(REDIS_READY_MS)));
		if (ready) {
			const answer = await redis.client.set(key, '1', 'PX', CLAIM_TTL_MS, 'NX');
			warnedTargets.delete(target.id);
			return answer === 'OK';
		}
	} catch {
		// As unreachable, below.
	}
	if (!warnedTargets.has(target.id)) {
		warnedTargets.add(target.id);
		const reason = redis.failureReason() ?? 'is unreachable';
		logger.warn(
			`Intercom trigger: Redis at ${target.label} ${reason}: duplicate deliveries are caught in this n8n process only`,
		);
	}
	return undefined;
}

/**
 * Whether this delivery should start the workflow: true exactly once per notification. Everything
 * up to the claim in this process runs synchronously, so concurrent deliveries cannot both pass.
 */
export async function claimDelivery(
	staticData: IDataObject,
	delivery: DeliveryKey,
	redis: RedisTarget | undefined,
	logger: Logger,
): Promise<boolean> {
	const { workflowId, nodeId, notificationId } = delivery;
	if (recentIds(staticData).includes(notificationId)) return false;
	const key = `n8n-nodes-intercom-conversations:webhook:${workflowId}:${nodeId}:${notificationId}`;
	if (!claimInProcess(key)) return false;
	remember(staticData, notificationId);
	if (redis === undefined) return true;
	return (await claimInRedis(redis, key, logger)) !== false;
}
