/**
 * Contract test: every sandbox route, success and main error answers, validated against Intercom's OpenAPI 2.16
 * description (response bodies and the request bodies sent). Leniencies are documented in helpers/openapi.ts.
 */
import { ROUTE_KEYS } from '../sandbox';
import {
	describeWithSpec,
	SPEC_OPERATION_BY_ROUTE,
	validateLoggedRequest,
	validateRequestBody,
	validateRouteResponse,
} from './helpers/openapi';
import { call, useSandbox } from '../testkit';
import type { Case, Fixtures } from './contract/case';
import { EXTRA_CASES } from './contract';

const future = (): number => Math.floor(Date.now() / 1000) + 3600;

const CORE_CASES: Case[] = [
	{ name: 'identify admin', route: 'GET /me', path: () => '/me', status: 200 },
	{ name: 'identify admin without token', route: 'GET /me', path: () => '/me', status: 401, token: null },
	{ name: 'list admins', route: 'GET /admins', path: () => '/admins', status: 200 },
	{ name: 'list admins, bad token', route: 'GET /admins', path: () => '/admins', status: 401, token: 'nope' },
	{ name: 'list teams', route: 'GET /teams', path: () => '/teams', status: 200 },
	{ name: 'list tags', route: 'GET /tags', path: () => '/tags', status: 200 },
	{ name: 'create tag', route: 'POST /tags', path: () => '/tags', body: () => ({ name: 'contract-tag' }), status: 200 },
	{ name: 'create tag without name', route: 'POST /tags', path: () => '/tags', body: () => ({}), status: 400, validRequest: false },
	{ name: 'list conversations', route: 'GET /conversations', path: () => '/conversations?per_page=5', status: 200 },
	{ name: 'list conversations, per_page too big', route: 'GET /conversations', path: () => '/conversations?per_page=151', status: 400 },
	{ name: 'list conversations, bad token', route: 'GET /conversations', path: () => '/conversations', status: 401, token: 'nope' },
	{
		name: 'search conversations',
		route: 'POST /conversations/search',
		path: () => '/conversations/search',
		body: (f) => ({
			query: {
				operator: 'AND',
				value: [
					{ field: 'created_at', operator: '>', value: '1306054154' },
					{ operator: 'OR', value: [{ field: 'state', operator: '=', value: 'open' }, { field: 'team_assignee_id', operator: '=', value: Number(f.team) }] },
				],
			},
			pagination: { per_page: 5 },
		}),
		status: 200,
	},
	{
		name: 'search with an unknown field',
		route: 'POST /conversations/search',
		path: () => '/conversations/search',
		body: () => ({ query: { field: 'colour', operator: '=', value: 'blue' } }),
		status: 400,
	},
	{ name: 'retrieve conversation', route: 'GET /conversations/{id}', path: (f) => `/conversations/${f.tagged}`, status: 200 },
	{ name: 'retrieve conversation as plaintext', route: 'GET /conversations/{id}', path: (f) => `/conversations/${f.open}?display_as=plaintext`, status: 200 },
	{ name: 'retrieve unknown conversation', route: 'GET /conversations/{id}', path: () => '/conversations/999999999999999', status: 404 },
	{
		name: 'update conversation',
		route: 'PUT /conversations/{id}',
		path: (f) => `/conversations/${f.open}`,
		body: () => ({ read: true, title: 'Renamed', custom_attributes: { issue_type: 'Billing' } }),
		status: 200,
	},
	{
		name: 'update priority with Preview',
		route: 'PUT /conversations/{id}',
		path: (f) => `/conversations/${f.open}`,
		body: (f) => ({ priority: 'high', admin_id: f.admin }),
		status: 200,
		version: 'Preview',
	},
	{ name: 'update unknown conversation', route: 'PUT /conversations/{id}', path: () => '/conversations/1', body: () => ({ read: true }), status: 404 },
	{
		name: 'close',
		route: 'POST /conversations/{id}/parts',
		path: (f) => `/conversations/${f.closed}/parts`,
		body: (f) => ({ message_type: 'close', type: 'admin', admin_id: f.admin, body: 'Goodbye :)' }),
		status: 200,
	},
	{
		name: 'assign a closed conversation (assign_and_reopen)',
		route: 'POST /conversations/{id}/parts',
		path: (f) => `/conversations/${f.closed}/parts`,
		body: (f) => ({ message_type: 'assignment', type: 'admin', admin_id: f.admin, assignee_id: f.admin }),
		status: 200,
	},
	{
		name: 'snooze',
		route: 'POST /conversations/{id}/parts',
		path: (f) => `/conversations/${f.open}/parts`,
		body: (f) => ({ message_type: 'snoozed', admin_id: f.admin, snoozed_until: future() }),
		status: 200,
	},
	{
		name: 'open',
		route: 'POST /conversations/{id}/parts',
		path: (f) => `/conversations/${f.open}/parts`,
		body: (f) => ({ message_type: 'open', admin_id: f.admin }),
		status: 200,
	},
	{
		name: 'assign to team',
		route: 'POST /conversations/{id}/parts',
		path: (f) => `/conversations/${f.open}/parts`,
		body: (f) => ({ message_type: 'assignment', type: 'team', admin_id: f.admin, assignee_id: f.team, body: 'Over to billing' }),
		status: 200,
	},
	{
		name: 'unassign admin',
		route: 'POST /conversations/{id}/parts',
		path: (f) => `/conversations/${f.open}/parts`,
		body: (f) => ({ message_type: 'assignment', type: 'admin', admin_id: f.admin, assignee_id: '0' }),
		status: 200,
	},
	{
		name: 'close without type',
		route: 'POST /conversations/{id}/parts',
		path: (f) => `/conversations/${f.open}/parts`,
		body: (f) => ({ message_type: 'close', admin_id: f.admin }),
		status: 400,
		validRequest: false,
	},
	{
		name: 'close by an unknown admin',
		route: 'POST /conversations/{id}/parts',
		path: (f) => `/conversations/${f.open}/parts`,
		body: () => ({ message_type: 'close', type: 'admin', admin_id: '1' }),
		status: 404,
	},
	{
		name: 'manage an unknown conversation',
		route: 'POST /conversations/{id}/parts',
		path: () => '/conversations/123/parts',
		body: (f) => ({ message_type: 'open', admin_id: f.admin }),
		status: 404,
	},
	{
		name: 'admin comment',
		route: 'POST /conversations/{id}/reply',
		path: (f) => `/conversations/${f.open}/reply`,
		body: (f) => ({ message_type: 'comment', type: 'admin', admin_id: f.admin, body: 'Hi there', attachment_urls: ['https://example.com/a.png'] }),
		status: 200,
	},
	{
		name: 'admin note',
		route: 'POST /conversations/{id}/reply',
		path: (f) => `/conversations/${f.open}/reply`,
		body: (f) => ({ message_type: 'note', type: 'admin', admin_id: f.admin, body: '<p>Internal</p>' }),
		status: 200,
	},
	{
		name: 'contact reply',
		route: 'POST /conversations/{id}/reply',
		path: (f) => `/conversations/${f.open}/reply`,
		body: (f) => ({ message_type: 'comment', type: 'user', intercom_user_id: f.contact, body: 'Thanks!' }),
		status: 200,
	},
	{
		name: 'admin comment without body',
		route: 'POST /conversations/{id}/reply',
		path: (f) => `/conversations/${f.open}/reply`,
		body: (f) => ({ message_type: 'comment', type: 'admin', admin_id: f.admin }),
		status: 400,
	},
	{
		name: 'reply to an unknown conversation',
		route: 'POST /conversations/{id}/reply',
		path: () => '/conversations/42/reply',
		body: (f) => ({ message_type: 'note', type: 'admin', admin_id: f.admin, body: 'x' }),
		status: 404,
	},
	{
		name: 'attach tag',
		route: 'POST /conversations/{id}/tags',
		path: (f) => `/conversations/${f.open}/tags`,
		body: (f) => ({ id: f.otherTag, admin_id: f.admin }),
		status: 200,
	},
	{
		name: 'attach unknown tag',
		route: 'POST /conversations/{id}/tags',
		path: (f) => `/conversations/${f.open}/tags`,
		body: (f) => ({ id: '1', admin_id: f.admin }),
		status: 404,
	},
	{
		name: 'attach tag to unknown conversation',
		route: 'POST /conversations/{id}/tags',
		path: () => '/conversations/77/tags',
		body: (f) => ({ id: f.tag, admin_id: f.admin }),
		status: 404,
	},
	{
		name: 'detach tag',
		route: 'DELETE /conversations/{id}/tags/{tag_id}',
		path: (f) => `/conversations/${f.tagged}/tags/${f.tag}`,
		body: (f) => ({ admin_id: f.admin }),
		status: 200,
	},
	{
		name: 'detach a tag that is not applied',
		route: 'DELETE /conversations/{id}/tags/{tag_id}',
		path: (f) => `/conversations/${f.tagged}/tags/${f.tag}`,
		body: (f) => ({ admin_id: f.admin }),
		status: 404,
	},
	{ name: 'show contact', route: 'GET /contacts/{id}', path: (f) => `/contacts/${f.contact}`, status: 200 },
	{ name: 'show unknown contact', route: 'GET /contacts/{id}', path: () => '/contacts/000000000000000000000000', status: 404 },
	{
		name: 'create contact note',
		route: 'POST /contacts/{id}/notes',
		path: (f) => `/contacts/${f.contact}/notes`,
		body: (f) => ({ body: 'Hello', admin_id: f.admin }),
		status: 200,
	},
	{
		name: 'create note for unknown contact',
		route: 'POST /contacts/{id}/notes',
		path: () => '/contacts/000000000000000000000000/notes',
		body: () => ({ body: 'Hello' }),
		status: 404,
	},
	{
		name: 'create note by unknown admin',
		route: 'POST /contacts/{id}/notes',
		path: (f) => `/contacts/${f.contact}/notes`,
		body: () => ({ body: 'Hello', admin_id: '5' }),
		status: 404,
	},
	{ name: 'list contact notes', route: 'GET /contacts/{id}/notes', path: (f) => `/contacts/${f.contact}/notes`, status: 200 },
	{ name: 'list notes of unknown contact', route: 'GET /contacts/{id}/notes', path: () => '/contacts/000000000000000000000000/notes', status: 404 },
];

const CASES: Case[] = [...CORE_CASES, ...EXTRA_CASES];

describeWithSpec('sandbox contract (OpenAPI 2.16)', () => {
	const sandbox = useSandbox({ seed: 20 });
	let fixtures: Fixtures;

	beforeAll(() => {
		const { state } = sandbox();
		const admin = state.me.id;
		const [tag, otherTag] = [...state.tags.keys()];
		const contact = [...state.contacts.keys()][0];
		fixtures = {
			open: state.addConversation({ contactId: contact, title: 'Contract open' }).id,
			closed: state.addConversation({ contactId: contact, state: 'closed', waiting_since: null }).id,
			tagged: state.addConversation({ contactId: contact, tagIds: [tag] }).id,
			contact,
			admin,
			team: [...state.teams.keys()][0],
			tag,
			otherTag,
			state,
		};
	});

	it('covers every sandbox route', () => {
		expect(new Set(CASES.map((c) => c.route))).toEqual(new Set(ROUTE_KEYS));
	});

	it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
		const [method] = SPEC_OPERATION_BY_ROUTE[testCase.route];
		const body = testCase.body?.(fixtures);
		if (body !== undefined && testCase.validRequest !== false) {
			expect(validateRequestBody(method, SPEC_OPERATION_BY_ROUTE[testCase.route][1], body)).toEqual([]);
		}
		const res = await call(sandbox(), method.toUpperCase(), testCase.path(fixtures), body, {
			token: testCase.token,
			version: testCase.version,
		});
		expect({ status: res.status, body: res.body }).toMatchObject({ status: testCase.status });
		expect(validateRouteResponse(testCase.route, res.status, res.body)).toEqual([]);
		if (res.status >= 400) expect(res.body.request_id).toBe(res.headers.get('x-request-id'));
	});

	it('rejects request bodies that break the spec', () => {
		expect(validateRequestBody('post', '/conversations/{conversation_id}/parts', { message_type: 'close', admin_id: '1' })).not.toEqual([]);
		expect(validateRequestBody('post', '/conversations/{conversation_id}/reply', { message_type: 'comment', type: 'admin' })).not.toEqual([]);
		expect(validateRequestBody('post', '/conversations/search', { pagination: { per_page: 5 } })).not.toEqual([]);
	});

	it('flags response bodies that break the spec', () => {
		expect(validateRouteResponse('GET /conversations/{id}', 200, { type: 'conversation', id: 5, state: 'pending' })).not.toEqual([]);
		expect(validateRouteResponse('POST /conversations/{id}/parts', 404, { errors: [] })).not.toEqual([]);
	});

	it('logged request bodies of successful calls validate too', () => {
		const ok = sandbox().log.filter((e) => e.status === 200);
		expect(ok.length).toBeGreaterThan(20);
		for (const entry of ok) expect({ route: entry.route, errors: validateLoggedRequest(entry) }).toEqual({ route: entry.route, errors: [] });
	});
});
