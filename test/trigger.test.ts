import { randomInt } from 'node:crypto';
import type { IDataObject, INodeType } from 'n8n-workflow';
import { IntercomConversationsTrigger } from '../nodes/IntercomConversationsTrigger/IntercomConversationsTrigger.node';
import { REMEMBERED_IDS, withId } from '../nodes/IntercomConversationsTrigger/dedupe';
import { signBody } from '../nodes/IntercomConversationsTrigger/signature';
import { CONVERSATION_TOPICS } from '../nodes/IntercomConversationsTrigger/topics';
import {
	closeRedisConnections,
	redisConnectionFor,
} from '../nodes/IntercomConversations/transport/redisConnection';
import { resolveRedisTarget } from '../nodes/IntercomConversations/transport/redisTarget';
import {
	call,
	closed,
	customer,
	deliver,
	describeWithRedis,
	fin,
	freePort,
	lead,
	notification,
	notificationAbout,
	onOpen,
	operator,
	startRedis,
	teammate,
	useSandbox,
	type RedisServer,
} from '../testkit';
import { startWebhookHarness, type HarnessOptions, type WebhookHarness } from './helpers/webhookHarness';

const SECRET = 'app-client-secret-3f9a';

/** One value of each started run's item, to compare runs at a glance. */
function started(hook: WebhookHarness, field: string): unknown[] {
	return hook.runs.map((run) => run[0].json[field]);
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

	describe('duplicates at the same instant', () => {
		it('starts one run for 10 identical deliveries arriving together, and answers each 200', async () => {
			const hook = await trigger({ topics: ['conversation.admin.closed'] });
			const payload = closed();

			const statuses = await hook.deliverConcurrently(10, payload);

			expect(statuses).toEqual(Array(10).fill(200));
			expect(started(hook, 'id')).toEqual([payload.id]);
		});

		it('still starts one run per notification when different notifications arrive together', async () => {
			const hook = await trigger({ topics: ['conversation.admin.closed'] });
			const payloads = Array.from({ length: 10 }, (_, n) => closed({ id: `conv-${n}` }));

			await Promise.all(payloads.map(async (payload) => await hook.deliverConcurrently(3, payload)));

			expect([...started(hook, 'id')].sort()).toEqual(payloads.map((payload) => payload.id).sort());
		});

		it('deduplicates a notification whose id is a number, together and replayed later', async () => {
			const hook = await trigger({ topics: ['conversation.admin.closed'] });
			const id = randomInt(1_000_000, 2 ** 31);
			const payload = notification('conversation.admin.closed', undefined, id);

			await hook.deliverConcurrently(10, payload);
			await hook.deliver({ ...payload, delivery_attempts: 2 });

			expect(started(hook, 'id')).toEqual([id]);
			const stored = hook.savedStaticData()['node:Intercom Conversations Trigger'] as IDataObject;
			expect(stored.recentNotificationIds).toEqual([String(id)]);
		});

		it('starts the notification once in each workflow it is delivered to', async () => {
			const payload = closed();
			const hooks = await Promise.all(
				['workflowOne0001', 'workflowTwo0002'].map(
					async (workflowId) =>
						await startWebhookHarness(new IntercomConversationsTrigger(), {
							credentials: { accessToken: 'token', region: 'us', clientSecret: SECRET },
							params: { topics: ['conversation.admin.closed'] },
							workflowId,
						}),
				),
			);
			try {
				await Promise.all(hooks.map(async (hook) => await hook.deliverConcurrently(5, payload)));

				expect(hooks.map((hook) => hook.runs.length)).toEqual([1, 1]);
			} finally {
				await Promise.all(hooks.map(async (hook) => await hook.close()));
			}
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

	describe('notifications about workspace conversations', () => {
		const sandbox = useSandbox({ seed: 40 });

		it('Only for Admin Assignees: starts for the conversation a teammate closed in the workspace that is assigned to the listed admin', async () => {
			const assigned = [...sandbox().state.conversations.values()].filter((c) => c.state === 'open' && c.admin_assignee_id !== 0);
			const mine = assigned[0];
			const theirs = assigned.find((c) => c.admin_assignee_id !== mine.admin_assignee_id);
			if (!theirs) throw new Error('the seed has no two open conversations assigned to different admins');
			for (const { id } of [mine, theirs]) {
				const closing = { message_type: 'close', type: 'admin', admin_id: sandbox().state.me.id };
				expect((await call(sandbox(), 'POST', `/conversations/${id}/parts`, closing)).status).toBe(200);
			}
			const hook = await trigger({ topics: ['conversation.admin.closed'], adminAssigneeIds: String(mine.admin_assignee_id) });

			for (const { id } of [theirs, mine]) expect((await deliver(hook, notificationAbout(sandbox(), id))).status).toBe(200);

			expect(started(hook, 'conversation_id')).toEqual([mine.id]);
			expect(hook.runs[0][0].json).toMatchObject({
				state: 'closed',
				admin_assignee_id: String(mine.admin_assignee_id),
				author_type: 'admin',
			});
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

/** The trigger as another n8n process has it: its own module state (claims, Redis connections). */
interface TriggerProcess {
	node: INodeType;
	closeRedisConnections(): Promise<void>;
}

async function anotherProcess(): Promise<TriggerProcess> {
	let loaded: TriggerProcess | undefined;
	await jest.isolateModulesAsync(async () => {
		const trigger = await import('../nodes/IntercomConversationsTrigger/IntercomConversationsTrigger.node');
		const redis = await import('../nodes/IntercomConversations/transport/redisConnection');
		loaded = { node: new trigger.IntercomConversationsTrigger(), closeRedisConnections: redis.closeRedisConnections };
	});
	if (loaded === undefined) throw new Error('The trigger module did not load');
	return loaded;
}

/** A credential that shares the rate limit (and so the deduplication) through this Redis. */
function sharedThrough(redisUrl: string, redisPassword = ''): IDataObject {
	return { accessToken: 'token', region: 'us', clientSecret: SECRET, sharedRateLimit: 'redis', redisUrl, redisPassword };
}

describeWithRedis('duplicate deliveries across n8n processes', () => {
	let redis: RedisServer;
	const processes: TriggerProcess[] = [];
	const hooks: WebhookHarness[] = [];

	/** Two processes serving one trigger node of one workflow, as n8n's main and webhook processes do. */
	async function twoProcesses(credentials: IDataObject): Promise<WebhookHarness[]> {
		// One at a time: jest isolates one module registry at once.
		const pair = [await anotherProcess(), await anotherProcess()];
		processes.push(...pair);
		const started = await Promise.all(
			pair.map(async ({ node }) => await startWebhookHarness(node, { credentials, params: { topics: ['*'] } })),
		);
		hooks.push(...started);
		return started;
	}

	beforeAll(async () => {
		redis = await startRedis();
	});
	afterEach(async () => {
		await Promise.all(hooks.splice(0).map(async (hook) => await hook.close()));
		await Promise.all(processes.splice(0).map(async (process) => await process.closeRedisConnections()));
	});
	afterAll(async () => {
		await redis?.close();
	});

	it('two processes each start a run when nothing is shared (the processes really are apart)', async () => {
		const payload = closed();
		const [one, two] = await twoProcesses({ accessToken: 'token', region: 'us', clientSecret: SECRET });

		await Promise.all([one.deliverConcurrently(5, payload), two.deliverConcurrently(5, payload)]);

		expect([one.runs.length, two.runs.length]).toEqual([1, 1]);
	});

	it('start one run between them when the credential shares the rate limit through Redis', async () => {
		const payload = closed();
		const [one, two] = await twoProcesses(sharedThrough(redis.url));

		const statuses = await Promise.all([one.deliverConcurrently(5, payload), two.deliverConcurrently(5, payload)]);

		expect(statuses.flat()).toEqual(Array(10).fill(200));
		expect(one.runs.length + two.runs.length).toBe(1);
		expect(await redis.keys(`*:${String(payload.id)}`)).toHaveLength(1);
		expect([...one.warnings, ...two.warnings]).toEqual([]);
	});

	it("start one run between them through n8n's queue Redis when the credential gives no Redis URL", async () => {
		const saved = { ...process.env };
		Object.assign(process.env, { EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(redis.port) });
		try {
			const payload = closed();
			const [one, two] = await twoProcesses(sharedThrough(''));

			await Promise.all([one.deliverConcurrently(5, payload), two.deliverConcurrently(5, payload)]);

			expect(one.runs.length + two.runs.length).toBe(1);
			expect(await redis.keys(`*:${String(payload.id)}`)).toHaveLength(1);
		} finally {
			for (const name of ['EXECUTIONS_MODE', 'QUEUE_BULL_REDIS_HOST', 'QUEUE_BULL_REDIS_PORT']) {
				if (saved[name] === undefined) delete process.env[name];
				else process.env[name] = saved[name];
			}
		}
	});

	it('start one run for a numeric id, and one more for the next notification', async () => {
		const first = notification('conversation.admin.closed', undefined, randomInt(1_000_000, 2 ** 31));
		const next = notification('conversation.admin.closed', undefined, randomInt(1_000_000, 2 ** 31));
		const [one, two] = await twoProcesses(sharedThrough(redis.url));

		await Promise.all([one.deliverConcurrently(4, first), two.deliverConcurrently(4, first)]);
		await Promise.all([one.deliverConcurrently(4, next), two.deliverConcurrently(4, next)]);

		expect([...one.runs, ...two.runs].map((run) => run[0].json.id).sort()).toEqual([first.id, next.id].sort());
	});
});

describe('duplicate deliveries when the shared Redis cannot be used', () => {
	let hook: WebhookHarness | undefined;
	afterEach(async () => {
		await hook?.close();
		hook = undefined;
		await closeRedisConnections();
	});

	it('falls back to this process with one warning when Redis is unreachable', async () => {
		const port = await freePort();
		hook = await startWebhookHarness(new IntercomConversationsTrigger(), {
			credentials: sharedThrough(`redis://127.0.0.1:${port}`),
			params: { topics: ['*'] },
		});
		const [first, second] = [closed(), closed()];

		const statuses = [...(await hook.deliverConcurrently(10, first)), ...(await hook.deliverConcurrently(10, second))];

		expect(statuses).toEqual(Array(20).fill(200));
		expect(started(hook, 'id')).toEqual([first.id, second.id]);
		expect(hook.warnings).toEqual([
			`Intercom trigger: Redis at 127.0.0.1:${port} is unreachable: duplicate deliveries are caught in this n8n process only`,
		]);
	});

	it('falls back the same way, with a warning that names the cause, for a malformed Redis URL', async () => {
		hook = await startWebhookHarness(new IntercomConversationsTrigger(), {
			credentials: sharedThrough('http://redis.internal:6379'),
			params: { topics: ['*'] },
		});

		await hook.deliverConcurrently(5, closed());

		expect(hook.runs).toHaveLength(1);
		expect(hook.warnings).toEqual([
			"Intercom trigger: the credential's Redis URL is not valid (The Redis URL must start with redis:// or rediss:// (got http://)): duplicate deliveries are caught in this n8n process only",
		]);
	});
});

describeWithRedis('a Redis that asks for a password', () => {
	const PASSWORD = 'redis-pass-7c1d';
	let redis: RedisServer;
	beforeAll(async () => {
		redis = await startRedis({ password: PASSWORD });
	});
	afterEach(async () => {
		await closeRedisConnections();
	});
	afterAll(async () => {
		await redis?.close();
	});

	async function failureWith(password: string | undefined): Promise<string | undefined> {
		const target = resolveRedisTarget(redis.url, password);
		if (target === undefined) throw new Error('no target');
		const connection = redisConnectionFor(target);
		await connection.whenReady(5_000);
		return connection.failureReason();
	}

	it('is reported as refusing a wrong password, or a missing one, not as unreachable', async () => {
		expect(await failureWith('not-the-password')).toBe('refused the password');
		expect(await failureWith(undefined)).toBe('refused the password');
	});

	it('reports no failure with the right password', async () => {
		expect(await failureWith(PASSWORD)).toBeUndefined();
	});

	it('reports a port where nothing listens as unreachable', async () => {
		const target = resolveRedisTarget(`redis://127.0.0.1:${await freePort()}`);
		const connection = redisConnectionFor(target!);

		expect(await connection.whenReady(5_000)).toBe(false);
		expect(connection.failureReason()).toBe('is unreachable');
	});

	it('makes the trigger warn that the password was refused, and still start one run', async () => {
		const hook = await startWebhookHarness(new IntercomConversationsTrigger(), {
			credentials: sharedThrough(redis.url, 'not-the-password'),
			params: { topics: ['*'] },
		});
		try {
			const payload = closed();
			await hook.deliverConcurrently(10, payload);

			expect(started(hook, 'id')).toEqual([payload.id]);
			expect(hook.warnings).toEqual([
				`Intercom trigger: Redis at 127.0.0.1:${redis.port} refused the password: duplicate deliveries are caught in this n8n process only`,
			]);
			expect(hook.warnings.join(' ')).not.toContain('not-the-password');
		} finally {
			await hook.close();
		}
	});
});
