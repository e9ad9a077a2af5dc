/**
 * Behaviour of the local Intercom sandbox over real HTTP: auth, rate limits, conversation actions, search,
 * pagination, contact notes, fault injection, stats and log.
 */
import { seedWorkspace, startSandbox, type ConversationRecord, type Sandbox } from '../sandbox';
import { compileQuery } from '../sandbox/search';
import { call, SEED_NOW, useSandbox } from '../testkit';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

describe('sandbox', () => {
	const sandbox = useSandbox({ seed: 40 });
	const admin = (): string => sandbox().state.me.id;
	const otherAdmin = (): string => [...sandbox().state.admins.keys()][1];
	const team = (): string => [...sandbox().state.teams.keys()][0];
	const fresh = (init: Parameters<Sandbox['state']['addConversation']>[0] = {}): ConversationRecord =>
		sandbox().state.addConversation(init);
	const manage = (id: string, body: unknown) => call(sandbox(), 'POST', `/conversations/${id}/parts`, body);
	const reply = (id: string, body: unknown) => call(sandbox(), 'POST', `/conversations/${id}/reply`, body);

	describe('seeding', () => {
		it('is deterministic for a seed value and clock', () => {
			const a = seedWorkspace({ conversations: 15, seed: 7, now: SEED_NOW });
			const b = seedWorkspace({ conversations: 15, seed: 7, now: SEED_NOW });
			const c = seedWorkspace({ conversations: 15, seed: 8, now: SEED_NOW });
			const dump = (s: typeof a) => JSON.stringify([...s.conversations.values()]);
			expect(dump(a)).toBe(dump(b));
			expect(dump(a)).not.toBe(dump(c));
		});

		it('builds a plausible 2.16 workspace', () => {
			const { state } = sandbox();
			expect(state.admins.size).toBe(6);
			expect(state.teams.size).toBe(3);
			expect([...state.tags.values()].map((t) => t.name)).toEqual(expect.arrayContaining(['billing', 'bug', 'vip', 'feedback', 'stale']));
			expect(state.conversations.size).toBe(40);
			const conversations = [...state.conversations.values()];
			for (const c of conversations) {
				expect(c.id).toMatch(/^\d{15}$/);
				expect(c.contacts.contacts[0].id).toMatch(/^[0-9a-f]{24}$/);
				expect(Number.isInteger(c.admin_assignee_id)).toBe(true);
				expect(c.open).toBe(c.state !== 'closed');
				if (c.state === 'snoozed') expect(c.snoozed_until).toBeGreaterThan(SEED_NOW / 1000);
				expect(c.created_at).toBeGreaterThan(SEED_NOW / 1000 - 61 * 86400);
			}
			const states = new Set(conversations.map((c) => c.state));
			expect(states).toEqual(new Set(['open', 'closed', 'snoozed']));
			expect(conversations.some((c) => c.admin_assignee_id === 0)).toBe(true);
			expect(conversations.some((c) => c.waiting_since !== null)).toBe(true);
			expect(conversations.some((c) => c.tags.tags.length > 0)).toBe(true);
		});
	});

	describe('auth, versions and headers', () => {
		it('answers 401 without or with a wrong token, without rate-limit headers', async () => {
			for (const token of [null, 'wrong']) {
				const res = await call(sandbox(), 'GET', '/me', undefined, { token });
				expect(res.status).toBe(401);
				expect(res.body).toEqual({
					type: 'error.list',
					request_id: res.headers.get('x-request-id'),
					errors: [{ code: 'unauthorized', message: 'Access Token Invalid' }],
				});
				expect(res.headers.get('x-ratelimit-limit')).toBeNull();
			}
		});

		it('answers /me with the admin and app, with request id and rate-limit headers', async () => {
			const res = await call(sandbox(), 'GET', '/me');
			expect(res.status).toBe(200);
			expect(res.body).toMatchObject({ type: 'admin', id: admin(), app: { type: 'app', region: 'US' } });
			expect(res.body.app.id_code).toMatch(/^sbx\d{5}$/);
			expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
			expect(res.headers.get('x-ratelimit-limit')).toBe('1666');
			expect(res.headers.get('x-intercom-version')).toBe('2.16');
		});

		it('checks and echoes Intercom-Version', async () => {
			expect((await call(sandbox(), 'GET', '/admins', undefined, { version: '2.11' })).headers.get('x-intercom-version')).toBe('2.11');
			expect((await call(sandbox(), 'GET', '/admins', undefined, { version: 'Unstable' })).status).toBe(200);
			const bad = await call(sandbox(), 'GET', '/admins', undefined, { version: '2.99' });
			expect(bad.status).toBe(400);
			expect(bad.body.errors[0].code).toBe('intercom_version_invalid');
		});

		it('answers 404 for unknown routes and 400 for invalid JSON', async () => {
			const unknown = await call(sandbox(), 'GET', '/nope');
			expect(unknown.status).toBe(404);
			expect(unknown.body.errors[0]).toEqual({ code: 'not_found', message: 'Resource Not Found' });
			expect((await call(sandbox(), 'PATCH', '/conversations/1')).status).toBe(404);
			const badJson = await call(sandbox(), 'POST', `/conversations/${fresh().id}/parts`, '{"message_type":');
			expect(badJson.status).toBe(400);
			expect(badJson.body.errors[0].code).toBe('parameter_invalid');
		});

		it('lists admins, teams and tags, and creates tags idempotently by name', async () => {
			expect((await call(sandbox(), 'GET', '/admins')).body).toMatchObject({ type: 'admin.list', admins: expect.any(Array) });
			const teams = await call(sandbox(), 'GET', '/teams');
			expect(teams.body.type).toBe('team.list');
			expect(teams.body.teams[0].admin_ids.every((id: unknown) => typeof id === 'number')).toBe(true);
			const created = await call(sandbox(), 'POST', '/tags', { name: 'urgent-refund' });
			const again = await call(sandbox(), 'POST', '/tags', { name: 'urgent-refund' });
			expect(again.body).toEqual(created.body);
			const tags = await call(sandbox(), 'GET', '/tags');
			expect(tags.body.type).toBe('list');
			expect(tags.body.data).toContainEqual({ type: 'tag', id: created.body.id, name: 'urgent-refund' });
			const missing = await call(sandbox(), 'POST', '/tags', {});
			expect(missing.status).toBe(400);
			expect(missing.body.errors[0].code).toBe('parameter_invalid');
		});
	});

	describe('rate limit', () => {
		afterEach(() => sandbox().setRateLimit({ limit: 1666, windowMs: 10_000 }));

		it('allows `limit` requests per fixed window, then 429 without consuming', async () => {
			const windowMs = 500;
			sandbox().setRateLimit({ limit: 5, windowMs });
			const untilNext = windowMs - (Date.now() % windowMs);
			if (untilNext < 250) await sleep(untilNext + 5);
			const windowEnd = Math.ceil(Date.now() / windowMs) * windowMs;
			const limitedBefore = sandbox().stats.rateLimited;
			const remaining: string[] = [];
			for (let i = 0; i < 5; i++) {
				const res = await call(sandbox(), 'GET', '/tags');
				expect(res.status).toBe(200);
				remaining.push(res.headers.get('x-ratelimit-remaining') ?? '');
				expect(res.headers.get('x-ratelimit-limit')).toBe('5');
				expect(res.headers.get('x-ratelimit-reset')).toBe(String(Math.ceil(windowEnd / 1000)));
			}
			expect(remaining).toEqual(['4', '3', '2', '1', '0']);
			const limited = await call(sandbox(), 'GET', '/tags');
			expect(limited.status).toBe(429);
			expect(limited.body.errors[0]).toEqual({ code: 'rate_limit_exceeded', message: 'Exceeded rate limit of 5 in 500_milliseconds' });
			expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
			expect(sandbox().stats.rateLimited).toBe(limitedBefore + 1);
			// Another token has its own allowance? Only one token here; the next window resets the allowance.
			await sleep(windowEnd - Date.now() + 5);
			const next = await call(sandbox(), 'GET', '/tags');
			expect(next.status).toBe(200);
			expect(next.headers.get('x-ratelimit-remaining')).toBe('4');
		});

		it('counts per token', async () => {
			const sb = await startSandbox({ seed: 1, tokens: ['a', 'b'], rateLimit: { limit: 1, windowMs: 60_000 } });
			try {
				expect((await call(sb, 'GET', '/me', undefined, { token: 'a' })).status).toBe(200);
				expect((await call(sb, 'GET', '/me', undefined, { token: 'a' })).status).toBe(429);
				expect((await call(sb, 'GET', '/me', undefined, { token: 'b' })).status).toBe(200);
				sb.setRateLimit(false);
				const res = await call(sb, 'GET', '/me', undefined, { token: 'a' });
				expect(res.status).toBe(200);
				expect(res.headers.get('x-ratelimit-limit')).toBeNull();
			} finally {
				await sb.close();
			}
		});
	});

	describe('manage: close, open, snooze, assign', () => {
		it('closes (twice), adding a close part each time', async () => {
			const c = fresh();
			const res = await manage(c.id, { message_type: 'close', type: 'admin', admin_id: admin(), body: 'Goodbye :)' });
			expect(res.status).toBe(200);
			expect(res.body).toMatchObject({ id: c.id, state: 'closed', open: false });
			expect(res.body.conversation_parts.total_count).toBe(1);
			expect(res.body.conversation_parts.conversation_parts[0]).toMatchObject({
				part_type: 'close',
				body: '<p>Goodbye :)</p>',
				author: { type: 'admin', id: admin() },
			});
			expect(res.body.statistics.last_closed_by_id).toBe(admin());
			const again = await manage(c.id, { message_type: 'close', type: 'admin', admin_id: Number(admin()) });
			expect(again.status).toBe(200);
			expect(again.body.conversation_parts.conversation_parts[0].body).toBeNull();
			expect(sandbox().writesFor(c.id)).toBe(2);
			expect(sandbox().partsFor(c.id, 'close')).toHaveLength(2);
		});

		it('rejects a close without type, unknown admins and unknown conversations', async () => {
			const c = fresh();
			const noType = await manage(c.id, { message_type: 'close', admin_id: admin() });
			expect(noType.status).toBe(400);
			expect(noType.body.errors[0]).toMatchObject({ code: 'parameter_invalid', message: "Type isn't an option" });
			const noAdmin = await manage(c.id, { message_type: 'close', type: 'admin' });
			expect(noAdmin.status).toBe(400);
			expect(noAdmin.body.errors[0].field).toBe('admin_id');
			expect((await manage(c.id, { message_type: 'close', type: 'admin', admin_id: '42' })).body.errors[0].code).toBe('admin_not_found');
			expect((await manage(c.id, { message_type: 'explode', admin_id: admin() })).status).toBe(400);
			const unknown = await manage('999', { message_type: 'open', admin_id: admin() });
			expect(unknown.status).toBe(404);
			expect(unknown.body.errors[0]).toEqual({ code: 'not_found', message: 'Resource Not Found' });
			expect((await call(sandbox(), 'GET', '/conversations/abc')).status).toBe(404);
			expect(sandbox().writesFor(c.id)).toBe(0);
		});

		it('snoozes into the future only, and opens again', async () => {
			const c = fresh();
			const until = nowSeconds() + 3600;
			const past = await manage(c.id, { message_type: 'snoozed', admin_id: admin(), snoozed_until: nowSeconds() - 10 });
			expect(past.status).toBe(400);
			expect(past.body.errors[0].code).toBe('parameter_invalid');
			const snoozed = await manage(c.id, { message_type: 'snoozed', admin_id: admin(), snoozed_until: until });
			expect(snoozed.body).toMatchObject({ state: 'snoozed', open: true, snoozed_until: until });
			expect(snoozed.body.conversation_parts.conversation_parts[0].part_type).toBe('snoozed');
			const opened = await manage(c.id, { message_type: 'open', admin_id: admin() });
			expect(opened.body).toMatchObject({ state: 'open', open: true, snoozed_until: null });
			expect(opened.body.conversation_parts.conversation_parts[0].part_type).toBe('open');
		});

		it('reopening a closed conversation counts a reopen', async () => {
			const c = fresh({ state: 'closed' });
			const opened = await manage(c.id, { message_type: 'open', admin_id: admin() });
			expect(opened.body.state).toBe('open');
			expect(opened.body.statistics.count_reopens).toBe(1);
		});

		it('assigns and unassigns admins and teams', async () => {
			const c = fresh();
			const toAdmin = await manage(c.id, { message_type: 'assignment', type: 'admin', admin_id: admin(), assignee_id: otherAdmin(), body: 'yours' });
			expect(toAdmin.body.admin_assignee_id).toBe(Number(otherAdmin()));
			expect(toAdmin.body.conversation_parts.conversation_parts[0]).toMatchObject({
				part_type: 'assignment',
				assigned_to: { type: 'admin', id: otherAdmin() },
				body: '<p>yours</p>',
			});
			const toTeam = await manage(c.id, { message_type: 'assignment', type: 'team', admin_id: admin(), assignee_id: Number(team()) });
			expect(toTeam.body).toMatchObject({ admin_assignee_id: Number(otherAdmin()), team_assignee_id: Number(team()) });
			expect(toTeam.body.conversation_parts.conversation_parts[0].assigned_to).toEqual({ type: 'team', id: team() });
			const unassign = await manage(c.id, { message_type: 'assignment', type: 'admin', admin_id: admin(), assignee_id: '0' });
			expect(unassign.body).toMatchObject({ admin_assignee_id: 0, team_assignee_id: Number(team()), state: 'open' });
			expect(unassign.body.conversation_parts.conversation_parts[0].assigned_to).toEqual({ type: 'nobody_admin', id: null });
			const unassignTeam = await manage(c.id, { message_type: 'assignment', type: 'team', admin_id: admin(), assignee_id: '0' });
			expect(unassignTeam.body.team_assignee_id).toBe(0);
			expect((await manage(c.id, { message_type: 'assignment', type: 'team', admin_id: admin(), assignee_id: '1' })).body.errors[0].code).toBe('team_not_found');
			expect((await manage(c.id, { message_type: 'assignment', type: 'admin', admin_id: admin(), assignee_id: '1' })).body.errors[0].code).toBe('admin_not_found');
			expect((await manage(c.id, { message_type: 'assignment', type: 'admin', admin_id: admin() })).body.errors[0].field).toBe('assignee_id');
			expect((await manage(c.id, { message_type: 'assignment', admin_id: admin(), assignee_id: '0' })).status).toBe(400);
			expect(sandbox().writesFor(c.id)).toBe(4);
		});

		it('assigning a closed conversation reopens it (assign_and_reopen)', async () => {
			const c = fresh({ state: 'closed' });
			const res = await manage(c.id, { message_type: 'assignment', type: 'admin', admin_id: admin(), assignee_id: admin() });
			expect(res.body).toMatchObject({ state: 'open', open: true, admin_assignee_id: Number(admin()) });
			expect(res.body.conversation_parts.conversation_parts[0].part_type).toBe('assign_and_reopen');
		});
	});

	describe('reply', () => {
		it('adds admin comments and notes without changing a closed state', async () => {
			const c = fresh({ state: 'closed' });
			const comment = await reply(c.id, { message_type: 'comment', type: 'admin', admin_id: admin(), body: 'Hi there' });
			expect(comment.status).toBe(200);
			expect(comment.body.state).toBe('closed');
			expect(comment.body.conversation_parts).toMatchObject({ total_count: 1, conversation_parts: [{ part_type: 'comment', body: '<p>Hi there</p>' }] });
			const note = await reply(c.id, { message_type: 'note', type: 'admin', admin_id: admin(), body: '<b>internal</b>' });
			expect(note.body.conversation_parts.conversation_parts[0]).toMatchObject({ part_type: 'note', body: '<b>internal</b>' });
			expect(sandbox().partsFor(c.id, 'note')).toHaveLength(1);
			expect(sandbox().writesFor(c.id)).toBe(2);
		});

		it('wakes a snoozed conversation on an admin comment and clears waiting_since', async () => {
			const c = fresh({ state: 'snoozed', snoozed_until: nowSeconds() + 999 });
			const res = await reply(c.id, { message_type: 'comment', type: 'admin', admin_id: admin(), body: 'back' });
			expect(res.body).toMatchObject({ state: 'open', snoozed_until: null, waiting_since: null });
		});

		it('validates the body, attachments and admin', async () => {
			const c = fresh();
			const noBody = await reply(c.id, { message_type: 'note', type: 'admin', admin_id: admin() });
			expect(noBody.status).toBe(400);
			expect(noBody.body.errors[0]).toMatchObject({ code: 'parameter_invalid', field: 'body' });
			const urls = Array.from({ length: 11 }, (_, i) => `https://example.com/${i}.png`);
			expect((await reply(c.id, { message_type: 'comment', type: 'admin', admin_id: admin(), body: 'x', attachment_urls: urls })).status).toBe(400);
			expect((await reply(c.id, { message_type: 'comment', type: 'admin', admin_id: '7', body: 'x' })).status).toBe(404);
			expect((await reply(c.id, { message_type: 'comment', type: 'bot', admin_id: admin(), body: 'x' })).status).toBe(400);
			expect(sandbox().writesFor(c.id)).toBe(0);
		});

		it('accepts a contact reply, which reopens and sets waiting_since', async () => {
			const c = fresh({ state: 'closed', waiting_since: null });
			const contactId = c.contacts.contacts[0].id;
			const res = await reply(c.id, { message_type: 'comment', type: 'user', intercom_user_id: contactId, body: 'still broken' });
			expect(res.status).toBe(200);
			expect(res.body.state).toBe('open');
			expect(res.body.waiting_since).toEqual(expect.any(Number));
			expect(res.body.conversation_parts.conversation_parts[0].author).toMatchObject({ type: 'user', id: contactId });
		});
	});

	describe('tags on conversations', () => {
		it('attaches and detaches', async () => {
			const c = fresh();
			const tag = [...sandbox().state.tags.values()][2];
			const attached = await call(sandbox(), 'POST', `/conversations/${c.id}/tags`, { id: tag.id, admin_id: admin() });
			expect(attached.body).toMatchObject({ type: 'tag', id: tag.id, name: tag.name, applied_by: { type: 'admin', id: admin() } });
			expect(attached.body.applied_at).toEqual(expect.any(Number));
			const got = await call(sandbox(), 'GET', `/conversations/${c.id}`);
			expect(got.body.tags.tags.map((t: { id: string }) => t.id)).toEqual([tag.id]);
			const detached = await call(sandbox(), 'DELETE', `/conversations/${c.id}/tags/${tag.id}`, { admin_id: admin() });
			expect(detached.body).toMatchObject({ type: 'tag', id: tag.id });
			const again = await call(sandbox(), 'DELETE', `/conversations/${c.id}/tags/${tag.id}`, { admin_id: admin() });
			expect(again.status).toBe(404);
			expect(again.body.errors[0].code).toBe('tag_not_found');
			expect((await call(sandbox(), 'DELETE', `/conversations/${c.id}/tags/${tag.id}`)).status).toBe(400);
			const unknown = await call(sandbox(), 'POST', `/conversations/${c.id}/tags`, { id: '12', admin_id: admin() });
			expect(unknown.body.errors[0].code).toBe('tag_not_found');
			expect(sandbox().writesFor(c.id)).toBe(0);
		});
	});

	describe('get and update', () => {
		it('returns parts and plaintext bodies', async () => {
			const c = fresh({ body: 'See <a href="https://x.test">docs</a>' });
			await reply(c.id, { message_type: 'comment', type: 'admin', admin_id: admin(), body: '<p>Read <a href="https://y.test">this</a></p>' });
			const html = await call(sandbox(), 'GET', `/conversations/${c.id}`);
			expect(html.body.conversation_parts.total_count).toBe(1);
			const text = await call(sandbox(), 'GET', `/conversations/${c.id}?display_as=plaintext`);
			expect(text.body.source.body).toBe('See docs (https://x.test)');
			expect(text.body.conversation_parts.conversation_parts[0].body).toBe('Read this (https://y.test)');
		});

		it('returns at most the 500 most recent parts', () => {
			const c = fresh();
			const author = { type: 'admin', id: admin(), name: 'x', email: 'x@example.com' };
			for (let i = 0; i < 520; i++) sandbox().state.appendPart(c, sandbox().state.newPart({ part_type: 'note', author, body: `<p>${i}</p>` }), false);
			return call(sandbox(), 'GET', `/conversations/${c.id}`).then((res) => {
				expect(res.body.conversation_parts.conversation_parts).toHaveLength(500);
				expect(res.body.conversation_parts.conversation_parts[499].body).toBe('<p>519</p>');
			});
		});

		it('updates read/title/custom attributes; priority only with Preview', async () => {
			const c = fresh();
			const res = await call(sandbox(), 'PUT', `/conversations/${c.id}`, { read: true, title: 'New', custom_attributes: { issue_type: 'Billing' } });
			expect(res.body).toMatchObject({ read: true, title: 'New', custom_attributes: { issue_type: 'Billing' } });
			const stable = await call(sandbox(), 'PUT', `/conversations/${c.id}`, { priority: 'high' });
			expect(stable.status).toBe(400);
			expect(stable.body.errors[0]).toMatchObject({ code: 'parameter_invalid', field: 'priority' });
			const preview = await call(sandbox(), 'PUT', `/conversations/${c.id}`, { priority: 'urgent', admin_id: admin() }, { version: 'Preview' });
			expect(preview.body.priority).toBe('urgent');
			expect((await call(sandbox(), 'PUT', `/conversations/${c.id}`, { priority: 'panic' }, { version: 'Preview' })).status).toBe(400);
			expect((await call(sandbox(), 'PUT', `/conversations/${c.id}`, { read: 'yes' })).body.errors[0].field).toBe('read');
		});
	});

	describe('list and search', () => {
		async function walk(first: () => Promise<{ body: any }>, next: (cursor: string) => Promise<{ body: any }>) { // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON pages
			const ids: string[] = [];
			const pages: any[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON pages
			let res = await first();
			for (;;) {
				pages.push(res.body.pages);
				ids.push(...res.body.conversations.map((c: { id: string }) => c.id));
				const cursor: string | undefined = res.body.pages.next?.starting_after;
				if (!cursor) break;
				res = await next(cursor);
			}
			return { ids, pages, total: res.body.total_count as number };
		}

		it('pages through every conversation in a stable order', async () => {
			const all = [...sandbox().state.conversations.values()];
			const { ids, pages, total } = await walk(
				() => call(sandbox(), 'GET', '/conversations?per_page=7'),
				(cursor) => call(sandbox(), 'GET', `/conversations?per_page=7&starting_after=${encodeURIComponent(cursor)}`),
			);
			expect(total).toBe(all.length);
			expect(new Set(ids).size).toBe(ids.length);
			expect(new Set(ids)).toEqual(new Set(all.map((c) => c.id)));
			const updated = ids.map((id) => sandbox().state.conversations.get(id)?.updated_at ?? 0);
			expect(updated).toEqual([...updated].sort((a, b) => b - a));
			expect(pages[0]).toMatchObject({ type: 'pages', page: 1, per_page: 7, total_pages: Math.ceil(all.length / 7) });
			expect(pages[pages.length - 1].next).toBeUndefined();
			expect(pages.map((p) => p.page)).toEqual(pages.map((_, i) => i + 1));
			const first = await call(sandbox(), 'GET', '/conversations');
			expect(first.body.conversations).toHaveLength(20);
			expect(first.body.conversations[0].conversation_parts).toBeUndefined();
			expect((await call(sandbox(), 'GET', '/conversations?per_page=151')).status).toBe(400);
			expect((await call(sandbox(), 'GET', '/conversations?starting_after=garbage')).status).toBe(400);
		});

		it('searches with nested AND/OR and pages the exact set', async () => {
			const state = sandbox().state;
			const [billing, bug] = [...state.tags.values()];
			const marker = 'zq-search';
			const base = nowSeconds() - 5000;
			const mk = (i: number, init: Parameters<typeof fresh>[0]) => fresh({ title: `${marker} ${i}`, created_at: base + i, updated_at: base + i, ...init });
			mk(1, { state: 'closed', open: false });
			mk(2, { admin_assignee_id: Number(admin()), priority: 'high' });
			mk(3, { admin_assignee_id: Number(admin()), priority: 'low' });
			mk(4, { tagIds: [billing.id] });
			mk(5, { tagIds: [bug.id], state: 'snoozed', snoozed_until: nowSeconds() + 100 });
			mk(6, { waiting_since: null });
			mk(7, { state: 'closed', tagIds: [billing.id] });
			const query = {
				operator: 'AND',
				value: [
					{ field: 'title', operator: '^', value: marker },
					{ field: 'created_at', operator: '>', value: String(base) },
					{
						operator: 'OR',
						value: [
							{ field: 'state', operator: '=', value: 'closed' },
							{ operator: 'AND', value: [{ field: 'admin_assignee_id', operator: '=', value: Number(admin()) }, { field: 'priority', operator: '=', value: 'high' }] },
							{ field: 'tag_ids', operator: 'IN', value: [bug.id] },
						],
					},
				],
			};
			const expected = [...state.conversations.values()].filter(compileQuery(query)).map((c) => c.id);
			expect(expected.map((id) => state.conversations.get(id)?.title).sort()).toEqual([`${marker} 1`, `${marker} 2`, `${marker} 5`, `${marker} 7`]);
			const { ids, total } = await walk(
				() => call(sandbox(), 'POST', '/conversations/search', { query, pagination: { per_page: 2 } }),
				(cursor) => call(sandbox(), 'POST', '/conversations/search', { query, pagination: { per_page: 2, starting_after: cursor } }),
			);
			expect(total).toBe(4);
			expect(ids.sort()).toEqual(expected.sort());
		});

		it('supports null compares, NIN, != and word matching in source.body', async () => {
			const state = sandbox().state;
			const c = fresh({ body: 'I need support with exports', waiting_since: null, title: 'zq-words' });
			const search = (query: unknown) => call(sandbox(), 'POST', '/conversations/search', { query, pagination: { per_page: 150 } });
			const ids = (res: { body: { conversations: Array<{ id: string }> } }) => res.body.conversations.map((x) => x.id);
			expect(ids(await search({ field: 'source.body', operator: '=', value: 'support' }))).toContain(c.id);
			expect(ids(await search({ field: 'source.body', operator: '=', value: 'need support' }))).not.toContain(c.id);
			const nullWaiting = await search({ field: 'waiting_since', operator: '=', value: null });
			expect(ids(nullWaiting)).toContain(c.id);
			expect(nullWaiting.body.total_count).toBe([...state.conversations.values()].filter((x) => x.waiting_since === null).length);
			const notOpen = await search({ field: 'state', operator: 'NIN', value: ['open', 'snoozed'] });
			expect(notOpen.body.conversations.every((x: { state: string }) => x.state === 'closed')).toBe(true);
			const unassigned = await search({ field: 'admin_assignee_id', operator: '=', value: 0 });
			expect(unassigned.body.conversations.every((x: { admin_assignee_id: number }) => x.admin_assignee_id === 0)).toBe(true);
			expect((await search({ field: 'id', operator: '=', value: c.id })).body.total_count).toBe(1);
		});

		it('rejects invalid queries with a helpful message', async () => {
			const bad = async (query: unknown, fragment: string) => {
				const res = await call(sandbox(), 'POST', '/conversations/search', { query });
				expect(res.status).toBe(400);
				expect(res.body.errors[0].code).toBe('parameter_invalid');
				expect(res.body.errors[0].message).toContain(fragment);
			};
			await bad({ field: 'colour', operator: '=', value: 'red' }, 'colour');
			await bad({ field: 'state', operator: 'LIKE', value: 'open' }, 'LIKE');
			await bad({ field: 'state', operator: 'IN', value: 'open' }, 'array');
			await bad({ field: 'created_at', operator: '>', value: 'yesterday' }, 'integer');
			await bad({ field: 'state', operator: '>', value: 1 }, 'integer and date');
			await bad({ operator: 'AND', value: [] }, 'non-empty');
			await bad({ operator: 'OR', value: [{ field: 'state', operator: '=', value: 'open' }, { nope: true }] }, 'value[1]');
			const missing = await call(sandbox(), 'POST', '/conversations/search', {});
			expect(missing.body.errors[0].field).toBe('query');
			const tooMany = await call(sandbox(), 'POST', '/conversations/search', { query: { field: 'state', operator: '=', value: 'open' }, pagination: { per_page: 151 } });
			expect(tooMany.status).toBe(400);
		});
	});

	describe('contacts and notes', () => {
		it('shows a contact, adds notes and lists them newest first', async () => {
			const contact = [...sandbox().state.contacts.values()][3];
			const shown = await call(sandbox(), 'GET', `/contacts/${contact.id}`);
			expect(shown.body).toMatchObject({ type: 'contact', id: contact.id, role: 'user', email: contact.email });
			const first = await call(sandbox(), 'POST', `/contacts/${contact.id}/notes`, { body: 'First', admin_id: admin() });
			expect(first.body).toMatchObject({ type: 'note', body: '<p>First</p>', contact: { type: 'contact', id: contact.id }, author: { type: 'admin', id: admin() } });
			await call(sandbox(), 'POST', `/contacts/${contact.id}/notes`, { body: 'Second' });
			const list = await call(sandbox(), 'GET', `/contacts/${contact.id}/notes`);
			expect(list.body).toMatchObject({ type: 'list', total_count: 2 });
			expect(list.body.data.map((n: { body: string }) => n.body)).toEqual(['<p>Second</p>', '<p>First</p>']);
			expect(sandbox().notesForContact(contact.id)).toHaveLength(2);
			const unknown = await call(sandbox(), 'POST', '/contacts/ffffffffffffffffffffffff/notes', { body: 'x' });
			expect(unknown.status).toBe(404);
			expect(unknown.body.errors[0]).toEqual({ code: 'not_found', message: 'User Not Found' });
			expect((await call(sandbox(), 'POST', `/contacts/${contact.id}/notes`, {})).body.errors[0].field).toBe('body');
			expect((await call(sandbox(), 'GET', '/contacts/ffffffffffffffffffffffff')).status).toBe(404);
		});
	});

	describe('faults', () => {
		afterEach(() => sandbox().clearFaults());
		const close = (id: string) => ({ path: `/conversations/${id}/parts`, body: { message_type: 'close', type: 'admin', admin_id: admin() } });

		it.each(['500', '502', '503', '408'] as const)('failNext %s answers that status without applying the write', async (kind) => {
			const c = fresh();
			sandbox().failNext('POST /conversations/{id}/parts', kind);
			const res = await call(sandbox(), 'POST', close(c.id).path, close(c.id).body);
			expect(res.status).toBe(Number(kind));
			expect(res.body).toMatchObject({ type: 'error.list', errors: [expect.objectContaining({ code: expect.any(String) })] });
			expect(sandbox().writesFor(c.id)).toBe(0);
			expect(sandbox().state.conversations.get(c.id)?.state).toBe('open');
			expect((await call(sandbox(), 'POST', close(c.id).path, close(c.id).body)).status).toBe(200);
			expect(sandbox().writesFor(c.id)).toBe(1);
		});

		it('reset destroys the socket without applying the write', async () => {
			const c = fresh();
			sandbox().failNext('POST /conversations/{id}/parts', 'reset');
			await expect(call(sandbox(), 'POST', close(c.id).path, close(c.id).body)).rejects.toThrow();
			expect(sandbox().writesFor(c.id)).toBe(0);
			expect(sandbox().log.at(-1)).toMatchObject({ route: 'POST /conversations/{id}/parts', status: 0, fault: 'reset' });
		});

		it('commit-then-500 applies the write, then answers 500', async () => {
			const c = fresh();
			sandbox().failNext('POST /conversations/{id}/reply', 'commit-then-500');
			const res = await reply(c.id, { message_type: 'note', type: 'admin', admin_id: admin(), body: 'once' });
			expect(res.status).toBe(500);
			expect(res.body.errors[0].code).toBe('server_error');
			expect(sandbox().writesFor(c.id)).toBe(1);
			expect(sandbox().partsFor(c.id, 'note')).toHaveLength(1);
		});

		it('commit-then-reset applies the write, then drops the connection', async () => {
			const contact = [...sandbox().state.contacts.values()][5];
			sandbox().failNext('POST /contacts/{id}/notes', 'commit-then-reset');
			await expect(call(sandbox(), 'POST', `/contacts/${contact.id}/notes`, { body: 'kept' })).rejects.toThrow();
			expect(sandbox().notesForContact(contact.id).map((n) => n.body)).toEqual(['<p>kept</p>']);
		});

		it('timeout holds the request until the client gives up', async () => {
			sandbox().failNext('GET /me', 'timeout');
			const started = Date.now();
			await expect(
				fetch(`${sandbox().url}/me`, { headers: { Authorization: `Bearer ${sandbox().token}` }, signal: AbortSignal.timeout(300) }),
			).rejects.toThrow();
			expect(Date.now() - started).toBeGreaterThanOrEqual(250);
			expect(sandbox().log.at(-1)).toMatchObject({ route: 'GET /me', status: 0, fault: 'timeout' });
			expect((await call(sandbox(), 'GET', '/me')).status).toBe(200);
		});

		it('applies faults only to authenticated requests, queued n times, and on "*"', async () => {
			sandbox().failNext('*', '503', 2);
			expect((await call(sandbox(), 'GET', '/teams', undefined, { token: null })).status).toBe(401);
			expect((await call(sandbox(), 'GET', '/teams')).status).toBe(503);
			expect((await call(sandbox(), 'GET', '/admins')).status).toBe(503);
			expect((await call(sandbox(), 'GET', '/admins')).status).toBe(200);
		});

		it('setFaults injects probabilistic faults and latency until removed', async () => {
			sandbox().setFaults('GET /tags', { status502: 1, random: () => 0.5 });
			expect((await call(sandbox(), 'GET', '/tags')).status).toBe(502);
			expect((await call(sandbox(), 'GET', '/tags')).status).toBe(502);
			sandbox().setFaults('GET /tags', { status500: 0.3, status503: 0.3, random: () => 0.5 });
			expect((await call(sandbox(), 'GET', '/tags')).status).toBe(503);
			sandbox().setFaults('GET /tags', { latencyMs: 120 });
			const started = Date.now();
			expect((await call(sandbox(), 'GET', '/tags')).status).toBe(200);
			expect(Date.now() - started).toBeGreaterThanOrEqual(110);
			const c = fresh();
			sandbox().setFaults('POST /conversations/{id}/parts', { commitThenFail: 1, commitThenFailMode: '500', random: () => 0 });
			expect((await call(sandbox(), 'POST', close(c.id).path, close(c.id).body)).status).toBe(500);
			expect(sandbox().writesFor(c.id)).toBe(1);
			sandbox().setFaults('POST /conversations/{id}/parts', undefined);
			expect((await call(sandbox(), 'POST', close(c.id).path, close(c.id).body)).status).toBe(200);
		});
	});

	describe('stats and log', () => {
		it('counts requests by route and status and logs bodies', async () => {
			sandbox().resetStats();
			const c = fresh();
			await call(sandbox(), 'GET', '/me');
			await call(sandbox(), 'GET', '/me', undefined, { token: null });
			await reply(c.id, { message_type: 'note', type: 'admin', admin_id: admin(), body: 'logged' });
			await call(sandbox(), 'GET', '/missing');
			const { stats, log } = sandbox();
			expect(stats).toMatchObject({
				requests: 4,
				unauthorized: 1,
				rateLimited: 0,
				byRoute: { 'GET /me': 2, 'POST /conversations/{id}/reply': 1, unknown: 1 },
				byStatus: { '200': 2, '401': 1, '404': 1 },
			});
			expect(log.map((e) => [e.method, e.route, e.status])).toEqual([
				['GET', 'GET /me', 200],
				['GET', 'GET /me', 401],
				['POST', 'POST /conversations/{id}/reply', 200],
				['GET', 'unknown', 404],
			]);
			expect(log[2]).toMatchObject({ path: `/conversations/${c.id}/reply`, body: { message_type: 'note', body: 'logged' } });
			expect(log[2].at).toBeLessThanOrEqual(Date.now());
		});

		it('bounds the log and can skip bodies', async () => {
			const sb = await startSandbox({ seed: 2, logLimit: 3, logBodies: false, rateLimit: false });
			try {
				for (let i = 0; i < 5; i++) await call(sb, 'POST', '/tags', { name: `t${i}` });
				expect(sb.log).toHaveLength(3);
				expect(sb.log.every((e) => e.body === undefined)).toBe(true);
				expect(sb.stats.requests).toBe(5);
			} finally {
				await sb.close();
			}
		});

		it('closes promptly with keep-alive connections open', async () => {
			const sb = await startSandbox({ seed: 1, latencyMs: 5 });
			await call(sb, 'GET', '/me');
			sb.failNext('GET /me', 'timeout');
			const pending = fetch(`${sb.url}/me`, { headers: { Authorization: `Bearer ${sb.token}` } }).catch((e: unknown) => e);
			await sleep(50);
			const started = Date.now();
			await sb.close();
			expect(Date.now() - started).toBeLessThan(1000);
			expect(await pending).toHaveProperty('message', 'fetch failed');
		});
	});
});
