import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { getAdmins, getAssignees, getTeams } from '../nodes/IntercomConversations/methods/loadOptions';
import { searchConversations } from '../nodes/IntercomConversations/methods/listSearch';
import { loadOptionsContext, splitErrorOutput, useNodeSandbox } from '../testkit';
import { describeWithSpec, validateLoggedRequest } from './helpers/openapi';

const { sandbox, run, credentials, admin, team, byId, closeEach } = useNodeSandbox({ seed: 1000, rateLimit: { limit: 400, windowMs: 1000 } });
afterEach(() => sandbox.setFaults('*', undefined));

const conversations = (state?: string) =>
	[...sandbox.state.conversations.values()].filter((c) => !state || c.state === state).map((c) => c.id);

describe('Close', () => {
	it('closes 470 of 500 and routes 20 malformed and 10 unknown IDs to the error output, in input order', async () => {
		const open = conversations('open').slice(0, 470);
		expect(open).toHaveLength(470);
		const ids: string[] = [];
		let good = 0;
		for (let i = 0; i < 500; i++) {
			if (i % 25 === 3) ids.push(i % 2 ? `${i}/../admins` : `abc${i}`); // 20 malformed
			else if (i % 50 === 7) ids.push(`9999999${String(i).padStart(8, '0')}`); // 10 unknown
			else ids.push(open[good++]);
		}
		expect(good).toBe(470);
		const output = await closeEach(ids, { body: '' });
		expect(output).toHaveLength(500);
		output.forEach((item, i) => expect(item.pairedItem).toEqual({ item: i }));
		const { success, errors } = splitErrorOutput(output);
		expect(success).toHaveLength(470);
		expect(errors).toHaveLength(30);
		for (const item of success) {
			const index = (item.pairedItem as { item: number }).item;
			expect(item.json.id).toBe(ids[index]);
			expect(item.json.state).toBe('closed');
		}
		for (const item of errors) {
			const index = (item.pairedItem as { item: number }).item;
			const message = String(item.json.error);
			if (/^\d+$/.test(ids[index])) {
				expect(message).toMatch(/404.*not_found.*request_id/);
			} else {
				expect(message).toContain(`Item ${index}: Conversation ID`);
				expect(message).toContain('is not a number');
			}
		}
		for (const id of open) expect(sandbox.state.conversations.get(id)?.state).toBe('closed');
		// The optional empty message was left out, not sent as "".
		const closes = sandbox.log.filter((e) => e.route === 'POST /conversations/{id}/parts');
		expect(closes.every((e) => !('body' in (e.body as object)))).toBe(true);
	}, 60_000);

	it('refuses bad input before sending anything when not continuing on fail', async () => {
		const before = sandbox.stats.requests;
		const error = await run({
			items: [{ id: conversations('open')[0] }, { id: '123/../admins' }],
			parameters: { resource: 'conversation', operation: 'close', conversationId: { mode: 'id', value: (item: { id: string }) => item.id }, adminId: admin() },
		}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toBe('Item 1: Conversation ID "123/../admins" is not a number');
		// Only item 0's check of the acting admin against the workspace's admins (GET /admins): no write.
		expect(sandbox.stats.requests).toBe(before + 1);
	});

	it('stops at the first failing item with the transport error when not continuing on fail', async () => {
		const error = await run({
			items: [{ id: conversations('open')[0] }, { id: '999999999999999' }],
			parameters: { resource: 'conversation', operation: 'close', conversationId: { mode: 'id', value: (item: { id: string }) => item.id }, adminId: admin() },
		}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).httpCode).toBe('404');
		expect((error as Error).message).toContain('not_found');
	});

	it('keeps failed items on the main output under "Continue (regular output)"', async () => {
		const output = await run({
			items: [{}, {}],
			parameters: { resource: 'conversation', operation: 'close', conversationId: byId(''), adminId: admin() },
			onError: 'continueRegularOutput',
		});
		expect(output).toHaveLength(2);
		expect(output[0].json.error).toBe('Item 0: Conversation is empty');
	});

	it('closes an already closed conversation and returns it closed, with the closing message', async () => {
		const id = conversations('closed')[0];
		const [item] = await run({
			parameters: { resource: 'conversation', operation: 'close', conversationId: byId(` ${id} `), adminId: admin(), body: 'Thanks, closing this.' },
		});
		expect(item.json.state).toBe('closed');
		expect(sandbox.partsFor(id, 'close').some((p) => (p.body ?? '').includes('Thanks, closing this.'))).toBe(true);
	});

	it('refuses an empty admin naming the item and the field', async () => {
		const error = await run({
			parameters: { resource: 'conversation', operation: 'close', conversationId: byId(conversations()[0]), adminId: '' },
		}).catch((e: unknown) => e);
		expect((error as Error).message).toBe('Item 0: Admin is empty');
	});
});

describe('Conversation by URL', () => {
	const id = () => conversations('open')[0];
	const forms = (n: string) => [
		`https://app.intercom.com/a/inbox/abc123/inbox/conversation/${n}`,
		`https://app.intercom.com/a/inbox/abc123/inbox/shared/all/conversation/${n}`,
		`https://app.intercom.com/a/inbox/abc123/inbox/admin/991267001/conversation/${n}`,
		`https://app.intercom.com/a/inbox/abc123/conversation/${n}`,
		`https://app.eu.intercom.com/a/inbox/abc123/inbox/conversation/${n}?view=List`,
		`https://app.au.intercom.com/a/inbox/abc123/inbox/conversation/${n}#part_id=comment-${n}-23555`,
		`https://app.intercom.io/a/apps/abc123/inbox/inbox/4242/conversations/${n}`,
		`https://app.intercom.io/a/apps/abc123/inbox/inbox/all/conversations/${n}/`,
	];

	it('reads the conversation ID from every inbox URL form', async () => {
		const n = id();
		const output = await run({
			items: forms(n).map((url) => ({ url })),
			parameters: { resource: 'conversation', operation: 'addNote', conversationId: { mode: 'url', value: (item: { url: string }) => item.url }, adminId: admin(), body: (_: unknown, i: number) => `url form ${i}` },
		});
		expect(output.map((o) => o.json.id)).toEqual(forms(n).map(() => n));
	});

	it.each([
		['another host', 'https://app.intercom.evil.com/a/inbox/abc/inbox/conversation/123'],
		['a look-alike host', 'https://app-intercom.com/a/inbox/abc/inbox/conversation/123'],
		['a subdomain trick', 'https://app.intercom.com.evil.io/a/inbox/abc/inbox/conversation/123'],
		['a non-numeric id', 'https://app.intercom.com/a/inbox/abc/inbox/conversation/12ab'],
		['a traversal', 'https://app.intercom.com/a/inbox/abc/inbox/conversation/123/../../admins'],
		['not an inbox path', 'https://app.intercom.com/conversation/123'],
		['credentials in the URL', 'https://user:pw@app.intercom.com/a/inbox/abc/inbox/conversation/123'],
		['plain text', 'conversation 123'],
	])('refuses %s', async (_, url) => {
		const before = sandbox.stats.requests;
		const error = await run({
			parameters: { resource: 'conversation', operation: 'close', conversationId: { mode: 'url', value: url }, adminId: admin() },
		}).catch((e: unknown) => e);
		expect((error as Error).message).toContain('Item 0: Conversation');
		expect((error as Error).message).toContain('is not an Intercom conversation URL');
		expect(sandbox.stats.requests).toBe(before);
	});
});

describe('Assign', () => {
	it('assigns to an admin and to a team', async () => {
		const [a, b] = conversations('open');
		const assignee = String([...sandbox.state.admins.values()][1].id);
		const [toAdmin] = await run({
			parameters: { resource: 'conversation', operation: 'assign', conversationId: byId(a), adminId: admin(), assigneeType: 'admin', assigneeId: assignee },
		});
		expect(String(toAdmin.json.admin_assignee_id)).toBe(assignee);
		const [toTeam] = await run({
			parameters: { resource: 'conversation', operation: 'assign', conversationId: byId(b), adminId: admin(), assigneeType: 'team', assigneeId: team() },
		});
		expect(String(toTeam.json.team_assignee_id)).toBe(team());
	});

	it('reopens a closed conversation it assigns', async () => {
		const id = conversations('closed')[1];
		const [item] = await run({
			parameters: { resource: 'conversation', operation: 'assign', conversationId: byId(id), adminId: admin(), assigneeType: 'team', assigneeId: team() },
		});
		expect(item.json.state).toBe('open');
	});

	it.each([
		['a team ID as an admin', 'admin', () => team(), 'is a team, but Assignee Type is Admin'],
		['an admin ID as a team', 'team', () => admin(), 'is a teammate, but Assignee Type is Team'],
		['an unknown admin', 'admin', () => '123', 'is not an admin of this workspace'],
		['a missing assignee', 'team', () => '', 'Item 0: Assignee is empty'],
	])('refuses %s before writing', async (_, assigneeType, assigneeId, message) => {
		const id = conversations('open')[2];
		const writes = sandbox.writesFor(id);
		const error = await run({
			parameters: { resource: 'conversation', operation: 'assign', conversationId: byId(id), adminId: admin(), assigneeType, assigneeId: assigneeId() },
		}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toContain(message);
		expect(sandbox.writesFor(id)).toBe(writes);
	});
});

describe('Add Note', () => {
	it('writes each note exactly once under injected ambiguous failures', async () => {
		const ids = conversations().slice(0, 40);
		sandbox.setFaults('POST /conversations/{id}/reply', { commitThenFail: 0.25, reset: 0.1, status503: 0.1 });
		const output = await run({
			items: ids.map((id) => ({ id })),
			parameters: {
				resource: 'conversation',
				operation: 'addNote',
				conversationId: byId((item: { id: string }) => item.id),
				adminId: admin(),
				body: (item: { id: string }) => `<b>Escalated</b> to billing for ${item.id}`,
				options: { maxAttempts: 10 },
			},
		});
		expect(output).toHaveLength(40);
		for (const id of ids) {
			const notes = sandbox.partsFor(id, 'note').filter((p) => (p.body ?? '').includes(`to billing for ${id}`));
			expect(notes).toHaveLength(1);
		}
	}, 60_000);

	it('refuses an empty note', async () => {
		const error = await run({
			parameters: { resource: 'conversation', operation: 'addNote', conversationId: byId(conversations()[0]), adminId: admin(), body: '   ' },
		}).catch((e: unknown) => e);
		expect((error as Error).message).toBe('Item 0: Note is empty');
	});
});

describe('Contact: Create Note', () => {
	it('adds a note to a contact', async () => {
		const contactId = [...sandbox.state.contacts.values()][0].id;
		const [item] = await run({
			parameters: { resource: 'contact', operation: 'createNote', contactId, adminId: admin(), body: 'Prefers email' },
		});
		expect(item.json.type).toBe('note');
		expect(sandbox.notesForContact(contactId).filter((n) => (n.body ?? '').includes('Prefers email'))).toHaveLength(1);
	});

	it('refuses a contact ID that could leave the path', async () => {
		const error = await run({
			parameters: { resource: 'contact', operation: 'createNote', contactId: '../admins', adminId: admin(), body: 'x' },
		}).catch((e: unknown) => e);
		expect((error as Error).message).toBe('Item 0: Contact "../admins" is not an Intercom contact ID');
	});
});

describe('Dropdowns and the conversation list', () => {
	const context = (current?: Record<string, unknown>) => loadOptionsContext({ credentials: credentials(), current });

	it('lists admins and teams, and assignees by type', async () => {
		const admins = await getAdmins.call(context());
		expect(admins.map((a) => a.value).sort()).toEqual([...sandbox.state.admins.values()].map((a) => String(a.id)).sort());
		const teams = await getTeams.call(context());
		expect(teams.map((t) => t.value).sort()).toEqual([...sandbox.state.teams.values()].map((t) => String(t.id)).sort());
		expect(await getAssignees.call(context({ assigneeType: 'team' }))).toEqual(teams);
		expect(await getAssignees.call(context({ assigneeType: 'admin' }))).toEqual(admins);
	});

	it('lists recent conversations page by page, and searches them', async () => {
		const first = await searchConversations.call(context());
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toBeDefined();
		const second = await searchConversations.call(context(), undefined, first.paginationToken as string);
		const ids = new Set([...first.results, ...second.results].map((r) => r.value));
		expect(ids.size).toBe(first.results.length + second.results.length);
		expect(first.results[0].name).toMatch(/ · (open|closed|snoozed) · \d+$/);
		expect(first.results[0].url).toMatch(/^https:\/\/app\.intercom\.com\/a\/inbox\/.+\/conversation\/\d+$/);

		const target = [...sandbox.state.conversations.values()].find((c) => c.title);
		const found = await searchConversations.call(context(), target!.title as string);
		expect(found.results.map((r) => r.value)).toContain(target!.id);
	});
});

describeWithSpec('Contract: what the node sends', () => {
	it("matches Intercom's OpenAPI 2.16 request schemas for every body sent in this file", () => {
		const sent = sandbox.log.filter((entry) => entry.body !== undefined && entry.route !== 'unknown');
		expect(sent.length).toBeGreaterThan(500);
		const routes = new Set(sent.map((entry) => entry.route));
		for (const route of ['POST /conversations/{id}/parts', 'POST /conversations/{id}/reply', 'POST /contacts/{id}/notes', 'POST /conversations/search']) {
			expect(routes).toContain(route);
		}
		const problems = sent.flatMap((entry) => validateLoggedRequest(entry).map((p) => `${entry.route}: ${p}`));
		expect(problems).toEqual([]);
	});
});
