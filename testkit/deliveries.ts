/**
 * Webhook deliveries as Intercom makes them: `deliver` POSTs one notification (JSON, signed with
 * the app's client secret), `deliverConcurrently` the same one several times at once. The target
 * is a webhook harness (test/helpers/webhookHarness.ts) or any URL, such as a real n8n's
 * production webhook. The notifications themselves: testkit/notifications.ts.
 */
import type { IDataObject } from 'n8n-workflow';
import { signBody } from '../nodes/IntercomConversationsTrigger/signature';

export interface Delivery {
	/** The key Intercom signs with; `null`: no X-Hub-Signature header. */
	signWith?: string | null;
	/** Sent instead of the signed body (a body changed on the way). */
	tamperedBody?: string;
}

/** Where notifications go: a webhook URL and the client secret Intercom signs with. */
export interface DeliveryTarget {
	url: string;
	/** The app's client secret; empty: unsigned. */
	secret: string;
}

/** POSTs one notification as Intercom does: JSON body, signed with the app's client secret. */
export async function deliver(target: DeliveryTarget, payload: IDataObject, delivery: Delivery = {}): Promise<Response> {
	const body = JSON.stringify(payload);
	const signWith = delivery.signWith === undefined ? target.secret || null : delivery.signWith;
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		'user-agent': 'intercom-parrot-service-client/1.0',
	};
	if (signWith !== null) headers['x-hub-signature'] = signBody(body, signWith);
	return await fetch(target.url, { method: 'POST', headers, body: delivery.tamperedBody ?? body });
}

/**
 * Delivers the same notification `n` times at once, as Intercom may: every request is sent before
 * any answer is read. Resolves to the answers' statuses.
 */
export async function deliverConcurrently(
	target: DeliveryTarget,
	n: number,
	payload: IDataObject,
): Promise<number[]> {
	const responses = await Promise.all(Array.from({ length: n }, async () => await deliver(target, payload)));
	return await Promise.all(
		responses.map(async (response) => {
			await response.arrayBuffer();
			return response.status;
		}),
	);
}
