import { randomUUID } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';
import { IntercomConversationsTrigger } from '../nodes/IntercomConversationsTrigger/IntercomConversationsTrigger.node';
import { REMEMBERED_IDS, withId } from '../nodes/IntercomConversationsTrigger/dedupe';
import { signBody } from '../nodes/IntercomConversationsTrigger/signature';
import { CONVERSATION_TOPICS } from '../nodes/IntercomConversationsTrigger/topics';
import {
	startWebhookHarness,
	type HarnessOptions,
	type WebhookHarness,
} from './helpers/webhookHarness';

const SECRET = 'app-client-secret-3f9a';

interface PartAuthor {
	type: string;
	id: string;
	from_ai_agent?: boolean;
}

const teammate: PartAuthor = { type: 'admin', id: '991267' };
const fin: PartAuthor = { type: 'bot', id: '814860', from_ai_agent: true };
const operator: PartAuthor = { type: 'bot', id: '814861' };
const customer: PartAuthor = { type: 'user', id: '6762f0dd1bb69f9f2193bb83' };
const lead: PartAuthor = { type: 'lead', id: '6762f0dd1bb69f9f2193bb99' };

interface ConversationShape {
	id?: string;
	state?: 'open' | 'closed' | 'snoozed';
	adminAssigneeId?: number | null;
	teamAssigneeId?: number | null;
	partAuthor?: PartAuthor;
	sourceAuthor?: PartAuthor;
	parts?: number;
	partBody?: string;
}

/** A conversation as Intercom 2.16 puts it in `data.item` (§9 of the reference). */
function conversation(shape: ConversationShape = {}): IDataObject {
	const author = shape.partAuthor ?? teammate;
	const partCount = shape.parts ?? 1;
	const parts = Array.from({ length: partCount }, (_, index) => ({
		type: 'conversation_part',
		id: String(100 + index),
		part_type: shape.state === 'closed' ? 'close' : 'comment',
		body: shape.partBody ?? '<p>Thanks, all sorted.</p>',
		created_at: 1732300000 + index,
		updated_at: 1732300000 + index,
		notified_at: 1732300000 + index,
		assigned_to: null,
		author: index === partCount - 1 ? author : customer,
		attachments: [],
		redacted: false,
	}));
	return {
		type: 'conversation',
		id: shape.id ?? '215469',
		title: null,
		created_at: 1732290000,
		updated_at: 1732300000,
		waiting_since: null,
		snoozed_until: null,
		open: shape.state !== 'closed',
		state: shape.state ?? 'closed',
		read: true,
		priority: 'not_priority',
		admin_assignee_id: shape.adminAssigneeId === undefined ? 991267 : shape.adminAssigneeId,
		team_assignee_id: shape.teamAssigneeId === undefined ? 5017691 : shape.teamAssigneeId,
		tags: { type: 'tag.list', tags: [] },
		source: {
			type: 'conversation',
			id: '403918330',
			delivered_as: 'customer_initiated',
			subject: '',
			body: '<p>My invoice is wrong</p>',
			author: shape.sourceAuthor ?? customer,
			attachments: [],
			redacted: false,
		},
		contacts: { type: 'contact.list', contacts: [{ type: 'contact', id: customer.id }] },
		conversation_parts: {
			type: 'conversation_part.list',
			conversation_parts: parts,
			total_count: partCount,
		},
	};
}

function notification(
	topic: string,
	item: IDataObject = conversation(),
	id = `notif_${randomUUID()}`,
): IDataObject {
	return {
		type: 'notification_event',
		app_id: 'a86dr8yl',
		id,
		topic,
		created_at: 1732300001,
		delivery_attempts: 1,
		first_sent_at: 1732300001,
		data: { type: 'notification_event_data', item },
	};
}

/** A conversation.admin.closed notification for a conversation of this shape. */
function closed(shape: ConversationShape = {}): IDataObject {
	return notification('conversation.admin.closed', conversation(shape));
}

/** A notification of `topic` about an open conversation of this shape. */
function onOpen(topic: string, shape: ConversationShape = {}): IDataObject {
	return notification(topic, conversation({ ...shape, state: 'open' }));
}

/** One value of each started run's item, to compare runs at a glance. */
function started(hook: WebhookHarness, field: string): unknown[] {
	return hook.runs.map((run) => run[0].json[field]);
}

interface Delivery {
	/** The key Intercom signs with; `null`: no X-Hub-Signature header. */
	signWith?: string | null;
	/** Sent instead of the signed body (a body changed on the way). */
	tamperedBody?: string;
}

/** POSTs a notification as Intercom does: JSON body, signed with the app's client secret. */
async function deliver(
	harness: WebhookHarness,
	payload: IDataObject,
	delivery: Delivery = {},
): Promise<Response> {
	const body = JSON.stringify(payload);
	const signWith = delivery.signWith === undefined ? SECRET : delivery.signWith;
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		'user-agent': 'intercom-parrot-service-client/1.0',
	};
	if (signWith !== null) headers['x-hub-signature'] = signBody(body, signWith);
	return await fetch(harness.url, { method: 'POST', headers, body: delivery.tamperedBody ?? body });
}

describe('Intercom Conversations Trigger', () => {
	let harness: WebhookHarness | undefined;

	async function trigger(
		params: IDataObject,
		options: Omit<HarnessOptions, 'params'> = {},
	): Promise<WebhookHarness> {
		harness = await startWebhookHarness(new IntercomConversationsTrigger(), {
			credentials: { accessToken: 'token', region: 'us', clientSecret: SECRET },
			...options,
			params,
		});
		return harness;
	}

	afterEach(async () => {
		await harness?.close();
		harness = undefined;
	});

	describe('a signed notification', () => {
		it('starts the workflow with one item: the notification, its conversation and handy fields', async () => {
			const hook = await trigger({ topics: ['conversation.admin.closed'] });
			const payload = closed();

			const response = await deliver(hook, payload);

			expect(response.status).toBe(200);
			expect(hook.runs).toHaveLength(1);
			expect(hook.runs[0]).toHaveLength(1);
			expect(hook.runs[0][0].json).toEqual({
				topic: 'conversation.admin.closed',
				id: payload.id,
				created_at: 1732300001,
				app_id: 'a86dr8yl',
				delivery_attempts: 1,
				conversation_id: '215469',
				state: 'closed',
				admin_assignee_id: '991267',
				team_assignee_id: '5017691',
				author_type: 'admin',
				conversation: (payload.data as IDataObject).item,
			});
		});

		it('reports unassigned conversations as null assignees, whether Intercom sends 0 or null', async () => {
			const hook = await trigger({ topics: ['*'] });

			await deliver(hook, closed({ adminAssigneeId: 0, teamAssigneeId: null }));

			expect(hook.runs[0][0].json).toMatchObject({ admin_assignee_id: null, team_assignee_id: null });
		});

		it('names the customer who wrote in as author of conversation.user.created', async () => {
			const hook = await trigger({ topics: ['conversation.user.created'] });

			await deliver(hook, onOpen('conversation.user.created', { sourceAuthor: lead, parts: 0 }));

			expect(hook.runs[0][0].json).toMatchObject({ author_type: 'lead', state: 'open' });
		});

		it('still gives the conversation_id of a deleted conversation, whose payload has only its id', async () => {
			const hook = await trigger({ topics: ['conversation.deleted'] });
			const deleted = notification('conversation.deleted', { type: 'conversation', id: '215470' });

			const response = await deliver(hook, deleted);

			expect(response.status).toBe(200);
			expect(hook.runs[0][0].json).toMatchObject({
				topic: 'conversation.deleted',
				conversation_id: '215470',
				state: null,
				admin_assignee_id: null,
				author_type: null,
			});
		});

		it('handles a 1 MB notification', async () => {
			const hook = await trigger({ topics: ['conversation.admin.closed'] });
			const payload = closed({ parts: 400, partBody: `<p>${'x'.repeat(2600)}</p>` });
			expect(Buffer.byteLength(JSON.stringify(payload))).toBeGreaterThan(1_000_000);

			const response = await deliver(hook, payload);

			expect(response.status).toBe(200);
			expect(hook.runs).toHaveLength(1);
			const item = hook.runs[0][0].json.conversation as IDataObject;
			expect((item.conversation_parts as IDataObject).conversation_parts).toHaveLength(400);
		});
	});

	describe('signature check', () => {
		it('refuses a notification whose body was changed after signing: 401, nothing started', async () => {
			const hook = await trigger({ topics: ['*'] });
			const payload = closed();
			const tampered = JSON.stringify({ ...payload, topic: 'conversation.admin.opened' });

			const response = await deliver(hook, payload, { tamperedBody: tampered });

			expect(response.status).toBe(401);
			expect(hook.runs).toHaveLength(0);
		});

		it('refuses a notification signed with another client secret: 401, nothing started', async () => {
			const hook = await trigger({ topics: ['*'] });

			const response = await deliver(hook, closed(), { signWith: 'another-apps-secret' });

			expect(response.status).toBe(401);
			expect(hook.runs).toHaveLength(0);
		});

		it('refuses a notification without X-Hub-Signature: 401, nothing started', async () => {
			const hook = await trigger({ topics: ['*'] });

			const response = await deliver(hook, closed(), { signWith: null });

			expect(response.status).toBe(401);
			expect(hook.runs).toHaveLength(0);
		});

		it('refuses a forged ping too: the signature is checked before anything else', async () => {
			const hook = await trigger({ topics: ['*'] });

			const response = await deliver(hook, notification('ping', {}), { signWith: 'guess' });

			expect(response.status).toBe(401);
		});

		it('accepts notifications without a signature when no client secret is set', async () => {
			const hook = await trigger(
				{ topics: ['conversation.admin.closed'] },
				{ credentials: { accessToken: 'token', region: 'us', clientSecret: '' } },
			);

			const response = await deliver(hook, closed(), { signWith: null });

			expect(response.status).toBe(200);
			expect(hook.runs).toHaveLength(1);
		});

		it('answers 400 to a signed body that is not a JSON notification, and starts nothing', async () => {
			const hook = await trigger({ topics: ['*'] });
			const body = 'not json';

			const response = await fetch(hook.url, {
				method: 'POST',
				headers: { 'content-type': 'text/plain', 'x-hub-signature': signBody(body, SECRET) },
				body,
			});

			expect(response.status).toBe(400);
			expect(hook.runs).toHaveLength(0);
		});
	});

	describe('delivery', () => {
		it("answers Intercom's HEAD check of the URL with 200", async () => {
			const hook = await trigger({ topics: ['conversation.admin.closed'] });

			const response = await fetch(hook.url, { method: 'HEAD' });

			expect(response.status).toBe(200);
			expect(hook.runs).toHaveLength(0);
		});

		it('answers a redelivered notification (same id) with 200 and starts the workflow only once', async () => {
			const hook = await trigger({ topics: ['conversation.admin.closed'] });
			const payload = closed();

			const first = await deliver(hook, payload);
			const again = await deliver(hook, { ...payload, delivery_attempts: 2 });

			expect([first.status, again.status]).toEqual([200, 200]);
			expect(hook.runs).toHaveLength(1);
			const stored = hook.savedStaticData()['node:Intercom Conversations Trigger'] as IDataObject;
			expect(stored.recentNotificationIds).toEqual([payload.id]);
		});

		it('starts once per notification even when notifications arrive out of order', async () => {
			const hook = await trigger({ topics: ['*'] });
			const close = closed();
			const reply = onOpen('conversation.admin.replied');

			for (const payload of [close, reply, close, reply]) await deliver(hook, payload);

			expect(started(hook, 'id')).toEqual([close.id, reply.id]);
		});

		it('remembers the last 1,000 notification ids', () => {
			let ids: string[] = [];
			for (let n = 0; n < REMEMBERED_IDS + 5; n++) ids = withId(ids, `notif_${n}`);

			expect(ids).toHaveLength(1000);
			expect(ids[0]).toBe('notif_5');
			expect(ids[ids.length - 1]).toBe('notif_1004');
		});

		it("answers Intercom's ping with 200 and never starts the workflow", async () => {
			const hook = await trigger({ topics: ['*'] });
			const ping = notification('ping', { type: 'ping', message: 'something something interzen' });

			const response = await deliver(hook, ping);

			expect(response.status).toBe(200);
			expect(hook.runs).toHaveLength(0);
		});
	});

	describe('topics', () => {
		it('answers topics it was not asked for with 200 and starts nothing', async () => {
			const hook = await trigger({ topics: ['conversation.admin.closed'] });

			const opened = await deliver(hook, onOpen('conversation.admin.opened'));
			const ticket = await deliver(hook, notification('ticket.admin.assigned'));

			expect([opened.status, ticket.status]).toEqual([200, 200]);
			expect(hook.runs).toHaveLength(0);
		});

		it('with All Topics, starts for every conversation topic and for nothing else', async () => {
			const hook = await trigger({ topics: ['*'] });

			for (const { value } of CONVERSATION_TOPICS) await deliver(hook, notification(value));
			await deliver(hook, notification('conversation.read'));
			await deliver(hook, notification('contact.user.created'));

			expect(started(hook, 'topic')).toEqual(CONVERSATION_TOPICS.map(({ value }) => value));
		});

		it('starts for each of several chosen topics', async () => {
			const hook = await trigger({ topics: ['conversation.admin.closed', 'conversation.user.replied'] });

			await deliver(hook, onOpen('conversation.user.replied', { partAuthor: customer }));
			await deliver(hook, notification('conversation.admin.snoozed'));
			await deliver(hook, closed());

			expect(started(hook, 'topic')).toEqual(['conversation.user.replied', 'conversation.admin.closed']);
		});
	});

	describe('filters', () => {
		it('Only When Actor Is Teammate: starts when a teammate closes, not a bot or automation', async () => {
			const hook = await trigger({ topics: ['conversation.admin.closed'], actors: ['teammate'] });

			await deliver(hook, closed({ id: 'by-operator', partAuthor: operator }));
			await deliver(hook, closed({ id: 'by-teammate', partAuthor: teammate }));
			await deliver(hook, closed({ id: 'by-fin', partAuthor: fin }));

			expect(started(hook, 'conversation_id')).toEqual(['by-teammate']);
		});

		it('Only When Actor Is Bot or Automation: counts Fin (AI agent) and Operator', async () => {
			const hook = await trigger({ topics: ['*'], actors: ['bot'] });

			await deliver(hook, onOpen('conversation.operator.replied', { partAuthor: fin }));
			await deliver(hook, closed({ partAuthor: operator }));
			await deliver(hook, onOpen('conversation.admin.replied', { partAuthor: teammate }));

			expect(started(hook, 'topic')).toEqual(['conversation.operator.replied', 'conversation.admin.closed']);
		});

		it('Only When Actor Is Customer: counts users, leads and contacts', async () => {
			const hook = await trigger({ topics: ['*'], actors: ['customer'] });

			await deliver(hook, onOpen('conversation.user.replied', { partAuthor: customer }));
			await deliver(hook, onOpen('conversation.user.created', { parts: 0, sourceAuthor: lead }));
			await deliver(hook, onOpen('conversation.admin.replied', { partAuthor: teammate }));
			await deliver(hook, notification('conversation.deleted', { type: 'conversation', id: '9' }));

			expect(started(hook, 'author_type')).toEqual(['user', 'lead']);
		});

		it('Only for Team Assignees: starts only for conversations of the listed teams', async () => {
			const hook = await trigger({ topics: ['*'], teamAssigneeIds: '5017691, 5017692' });

			await deliver(hook, closed({ id: 'listed', teamAssigneeId: 5017692 }));
			await deliver(hook, closed({ id: 'other-team', teamAssigneeId: 4000000 }));
			await deliver(hook, closed({ id: 'no-team', teamAssigneeId: 0 }));

			expect(started(hook, 'conversation_id')).toEqual(['listed']);
		});

		it('Only for Admin Assignees: takes the list an expression returns', async () => {
			// What an expression such as {{ $('Config').item.json.adminIds }} resolves to.
			const hook = await trigger({ topics: ['*'], adminAssigneeIds: [991267, '991268'] });

			await deliver(hook, closed({ id: 'a', adminAssigneeId: 991268 }));
			await deliver(hook, closed({ id: 'b', adminAssigneeId: 123 }));
			await deliver(hook, closed({ id: 'c', adminAssigneeId: 991267 }));

			expect(started(hook, 'conversation_id')).toEqual(['a', 'c']);
		});

		it('with both assignee filters, starts only when team and admin both match', async () => {
			const hook = await trigger({ topics: ['*'], teamAssigneeIds: '5017691', adminAssigneeIds: '991267' });

			await deliver(hook, closed({ id: 'both' }));
			await deliver(hook, closed({ id: 'team-only', adminAssigneeId: 5 }));
			await deliver(hook, closed({ id: 'admin-only', teamAssigneeId: 5 }));

			expect(started(hook, 'conversation_id')).toEqual(['both']);
		});

		it("the seed's 'unassign when a teammate closes' set-up starts only for that", async () => {
			const hook = await trigger({
				topics: ['conversation.admin.closed'],
				actors: ['teammate'],
				teamAssigneeIds: '5017691',
			});

			await deliver(hook, closed({ id: 'closed-by-teammate' }));
			await deliver(hook, closed({ id: 'closed-by-workflow', partAuthor: operator }));
			await deliver(hook, onOpen('conversation.admin.opened', { id: 'reopened' }));

			expect(started(hook, 'conversation_id')).toEqual(['closed-by-teammate']);
		});
	});

	describe('node description', () => {
		it('is a trigger with HEAD and POST webhooks on one path, answered on receipt', () => {
			const { description } = new IntercomConversationsTrigger();
			const webhooks = description.webhooks?.map(({ httpMethod, path, responseMode }) => ({
				httpMethod,
				path,
				responseMode,
			}));

			expect(description.group).toEqual(['trigger']);
			expect(description.inputs).toEqual([]);
			expect(description.usableAsTool).toBeUndefined();
			expect(webhooks).toEqual([
				{ httpMethod: 'HEAD', path: 'webhook', responseMode: 'onReceived' },
				{ httpMethod: 'POST', path: 'webhook', responseMode: 'onReceived' },
			]);
			expect(description.properties.map((property) => property.name)).toEqual([
				'setupNotice',
				'signatureNotice',
				'topics',
				'actors',
				'teamAssigneeIds',
				'adminAssigneeIds',
			]);
		});
	});
});
