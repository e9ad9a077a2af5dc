import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { selectedLines } from '../../scripts/n8n/install';
import { outputOf } from '../../scripts/n8n/instance';
import { signBody } from '../../nodes/IntercomConversationsTrigger/signature';
import { byId, CREDENTIAL_REF, intercom, itemsOf, manualTrigger, node, TRIGGER_TYPE, workflow, type Workflow } from './workflowBuilder';
import { runWorkflow, useN8nWithSandbox } from './n8nWithSandbox';

/**
 * The package inside real n8n, on the two n8n lines: packed, installed as a community package,
 * its workflows imported and executed by the n8n CLI against the local Intercom sandbox.
 */

const repoRoot = resolve(__dirname, '..', '..');
function examples(): Workflow[] {
	const dir = join(repoRoot, 'examples');
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Workflow);
}

describe.each(selectedLines())('$label', (line) => {
	const { sandbox, n8n } = useN8nWithSandbox(line, { seed: 1500, rateLimit: { limit: 300, windowMs: 1000 } });
	const admin = () => String([...sandbox.state.admins.values()][0].id);
	const team = () => String([...sandbox.state.teams.values()][0].id);
	const open = () => [...sandbox.state.conversations.values()].filter((c) => c.state === 'open').map((c) => c.id);

	const run = (wf: Workflow) => runWorkflow(n8n, wf);

	it('closes, assigns, notes a conversation and notes a contact with the node types users save', async () => {
		const [toClose, toAssign, toNote] = open();
		const contactId = [...sandbox.state.contacts.values()][0].id;
		const result = await run(
			workflow('e2eBasics0001', 'e2e basics', [
				manualTrigger(),
				intercom('Close', { resource: 'conversation', operation: 'close', conversationId: byId(toClose), adminId: admin(), body: 'Closed from n8n' }),
				intercom('Assign', { resource: 'conversation', operation: 'assign', conversationId: byId(toAssign), adminId: admin(), assigneeType: 'team', assigneeId: team() }),
				intercom('Note', { resource: 'conversation', operation: 'addNote', conversationId: { __rl: true, mode: 'url', value: `https://app.intercom.com/a/inbox/abc/inbox/conversation/${toNote}` }, adminId: admin(), body: 'Noted from n8n' }),
				intercom('Contact Note', { resource: 'contact', operation: 'createNote', contactId, adminId: admin(), body: 'Contact noted from n8n' }),
			]),
		);
		expect(result.status).toBe('success');
		expect(outputOf(result, 'Close')[0].json).toMatchObject({ id: toClose, state: 'closed' });
		expect(String(outputOf(result, 'Assign')[0].json.team_assignee_id)).toBe(team());
		expect(outputOf(result, 'Note')[0].json.id).toBe(toNote);
		expect(outputOf(result, 'Contact Note')[0].json.type).toBe('note');
		expect(sandbox.state.conversations.get(toClose)?.state).toBe('closed');
		expect(sandbox.partsFor(toNote, 'note').filter((p) => (p.body ?? '').includes('Noted from n8n'))).toHaveLength(1);
		expect(sandbox.notesForContact(contactId).filter((n) => (n.body ?? '').includes('Contact noted from n8n'))).toHaveLength(1);
	}, 120_000);

	it('routes the bad IDs of a 300-item batch to the error output and closes the rest', async () => {
		const good = open().slice(0, 280);
		const ids: string[] = [];
		for (let i = 0, g = 0; i < 300; i++) ids.push(i % 15 === 4 ? `bad-${i}` : good[g++]);
		const result = await run(
			workflow('e2eBatch300err01', 'e2e batch with errors', [
				manualTrigger(),
				...itemsOf('conversation_id', ids),
				intercom(
					'Close',
					{ resource: 'conversation', operation: 'close', conversationId: byId('={{ $json.conversation_id }}'), adminId: admin() },
					{ onError: 'continueErrorOutput' },
				),
			]),
		);
		expect(result.status).toBe('success');
		const closed = outputOf(result, 'Close', 0);
		const failed = outputOf(result, 'Close', 1);
		expect(closed).toHaveLength(280);
		expect(failed).toHaveLength(20);
		expect(String(failed[0].json.error)).toMatch(/Item \d+: Conversation ID "bad-\d+" is not a number/);
		for (const id of good) expect(sandbox.state.conversations.get(id)?.state).toBe('closed');
	}, 180_000);

	it('closes 200 conversations in a Loop Over Items of 50', async () => {
		const ids = open().slice(0, 200);
		const loop = node('Loop', 'n8n-nodes-base.splitInBatches', 3, { batchSize: 50, options: {} });
		const close = intercom('Close', { resource: 'conversation', operation: 'close', conversationId: byId('={{ $json.conversation_id }}'), adminId: admin() });
		const result = await run(
			workflow('e2eLoop200of50', 'e2e loop over items', [manualTrigger(), ...itemsOf('conversation_id', ids), loop], [
				['Loop', 1, 'Close'],
				['Close', 0, 'Loop'],
			], [close]),
		);
		expect(result.status).toBe('success');
		expect(outputOf(result, 'Close')).toHaveLength(200);
		expect(outputOf(result, 'Loop', 0)).toHaveLength(200);
		for (const id of ids) expect(sandbox.state.conversations.get(id)?.state).toBe('closed');
	}, 180_000);

	it('runs every lifecycle operation inside n8n', async () => {
		const [replied, snoozed, unassigned, tagged, updated, fetched] = open();
		const closed = [...sandbox.state.conversations.values()].find((c) => c.state === 'closed')!.id;
		const tagName = [...sandbox.state.tags.values()][0].name;
		const contactId = [...sandbox.state.contacts.values()][1].id;
		const op = (name: string, operation: string, parameters: Record<string, unknown>) =>
			intercom(name, { resource: 'conversation', operation, adminId: admin(), ...parameters });
		const result = await run(
			workflow('e2eLifecycle0001', 'e2e lifecycle', [
				manualTrigger(),
				op('Reply', 'reply', { conversationId: byId(replied), body: 'All sorted!', replyOptions: { closeAfterSending: true } }),
				op('Snooze', 'snooze', { conversationId: byId(snoozed), snoozeMode: 'inDays', days: 2, timezone: 'Europe/Berlin' }),
				op('Open', 'open', { conversationId: byId(closed) }),
				op('Unassign', 'unassign', { conversationId: byId(unassigned), from: 'both' }),
				op('Tag', 'addTag', { conversationId: byId(tagged), tag: { __rl: true, mode: 'name', value: tagName } }),
				op('Untag', 'removeTag', { conversationId: byId(tagged), tag: { __rl: true, mode: 'name', value: tagName } }),
				op('Update', 'update', { conversationId: byId(updated), updateFields: { title: 'Renamed in n8n', read: true } }),
				intercom('Get', { resource: 'conversation', operation: 'get', conversationId: byId(fetched), includeParts: false, plainText: true }),
				intercom('Get Many', { resource: 'conversation', operation: 'getMany', returnAll: false, limit: 7, filterType: 'filters', filters: { state: ['open'] } }),
				intercom('Contact', { resource: 'contact', operation: 'get', contactId }),
			]),
		);
		expect(result.status).toBe('success');
		expect(outputOf(result, 'Reply')[0].json.state).toBe('closed');
		expect(sandbox.partsFor(replied, 'comment').filter((p) => (p.body ?? '').includes('All sorted!'))).toHaveLength(1);
		expect(sandbox.state.conversations.get(snoozed)?.state).toBe('snoozed');
		expect(sandbox.state.conversations.get(closed)?.state).toBe('open');
		expect(sandbox.state.conversations.get(unassigned)).toMatchObject({ admin_assignee_id: 0, team_assignee_id: 0 });
		expect(outputOf(result, 'Untag')[0].json.conversation_id).toBe(tagged);
		expect(sandbox.state.conversations.get(updated)?.title).toBe('Renamed in n8n');
		expect(outputOf(result, 'Get')[0].json.id).toBe(fetched);
		expect(outputOf(result, 'Get Many')).toHaveLength(7);
		expect(outputOf(result, 'Contact')[0].json.id).toBe(contactId);
	}, 180_000);

	it('starts a workflow from a signed Intercom notification and refuses a forged one', async () => {
		const port = 15678 + Math.floor(Math.random() * 1000);
		const webhookId = '5f0c2a4e-1b7d-4c1e-9a55-000000000e2e';
		const [closedOne, forgedOne] = open();
		const wf = workflow('e2eTriggerClose01', 'e2e trigger', [
			node('Intercom Trigger', TRIGGER_TYPE, 1, { topics: ['conversation.admin.closed'] }, { webhookId, credentials: CREDENTIAL_REF }),
			intercom('Note', {
				resource: 'conversation',
				operation: 'addNote',
				conversationId: byId('={{ $json.conversation_id }}'),
				adminId: admin(),
				body: '=Seen {{ $json.topic }} {{ $json.id }}',
			}),
		]);
		await n8n.importWorkflows([wf]);
		const published = await n8n.cli(['publish:workflow', `--id=${wf.id}`]);
		expect(published.status).toBe(0);
		const server = await n8n.start(['start'], /Editor is now accessible|n8n ready/i, 180_000, { N8N_PORT: String(port) });
		try {
			const url = `http://127.0.0.1:${port}/webhook/${webhookId}/webhook`;
			// n8n activates published workflows just after the editor is up, one webhook at a time:
			// wait until both answer as the trigger does (HEAD 200, an unsigned POST 401).
			let head = 0;
			let unsigned = 0;
			for (const until = Date.now() + 60_000; (head !== 200 || unsigned !== 401) && Date.now() < until; ) {
				head = (await fetch(url, { method: 'HEAD' })).status;
				unsigned = (await fetch(url, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } })).status;
				if (head !== 200 || unsigned !== 401) await new Promise((r) => setTimeout(r, 500));
			}
			expect({ head, unsigned }).toEqual({ head: 200, unsigned: 401 });
			const notification = (id: string, conversationId: string) =>
				JSON.stringify({
					type: 'notification_event',
					id,
					topic: 'conversation.admin.closed',
					app_id: 'sbx12345',
					created_at: Math.floor(Date.now() / 1000),
					delivery_attempts: 1,
					data: { type: 'notification_event_data', item: { type: 'conversation', id: conversationId, state: 'closed' } },
				});
			const signed = notification('notif_e2e_1', closedOne);
			const ok = await fetch(url, { method: 'POST', body: signed, headers: { 'Content-Type': 'application/json', 'X-Hub-Signature': signBody(signed, 'e2e-client-secret') } });
			expect(ok.status).toBe(200);
			const forged = notification('notif_e2e_2', forgedOne);
			const refused = await fetch(url, { method: 'POST', body: forged, headers: { 'Content-Type': 'application/json', 'X-Hub-Signature': signBody(forged, 'not-the-secret') } });
			expect(refused.status).toBe(401);
			const seen = (id: string) => sandbox.partsFor(id, 'note').some((p) => (p.body ?? '').includes('Seen conversation.admin.closed'));
			const deadline = Date.now() + 60_000;
			while (!seen(closedOne) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
			expect(seen(closedOne)).toBe(true);
			expect(seen(forgedOne)).toBe(false);
		} finally {
			server.kill('SIGTERM');
			await new Promise((r) => server.once('exit', r));
		}
	}, 300_000);

	it('imports every example workflow and runs the ones that start manually', async () => {
		const all = examples();
		expect(all.length).toBeGreaterThan(0);
		await n8n.importWorkflows(all);
		for (const wf of all.filter((w) => w.nodes.some((n) => n.type === 'n8n-nodes-base.manualTrigger'))) {
			const result = await n8n.execute(wf.id);
			expect({ workflow: wf.name, status: result.status, error: result.data.resultData.error?.message }).toEqual({
				workflow: wf.name,
				status: 'success',
				error: undefined,
			});
		}
	}, 300_000);
});
