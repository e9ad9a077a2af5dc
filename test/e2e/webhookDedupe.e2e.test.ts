import { resolve } from 'node:path';
import { startSandbox, type Sandbox } from '../../sandbox';
import { ensureN8n, builtTarball, selectedLines } from '../../scripts/n8n/install';
import { N8nInstance } from '../../scripts/n8n/instance';
import { conversation, notification } from '../../testkit/notifications';
import { deliverConcurrently, type DeliveryTarget } from '../../testkit/deliveries';
import { byId, CREDENTIAL_REF, intercom, node, TRIGGER_TYPE, workflow } from './workflowBuilder';

/**
 * Intercom may deliver one notification several times at the same instant. In real n8n, on a
 * production webhook, 10 identical signed deliveries arriving together start one execution.
 * Each execution adds a note naming the notification: the sandbox's notes count the executions.
 */

const repoRoot = resolve(__dirname, '..', '..');
const SECRET = 'e2e-dedupe-client-secret';
let tarball: string;

beforeAll(() => {
	// `N8N_E2E_TARBALL`: test an already packed build instead of building this checkout.
	tarball = builtTarball(repoRoot);
}, 120_000);

const sleep = async (ms: number) => await new Promise((r) => setTimeout(r, ms));

describe.each(selectedLines())('$label', (line) => {
	let sandbox: Sandbox;
	let n8n: N8nInstance;

	beforeAll(async () => {
		const installed = ensureN8n(line);
		sandbox = await startSandbox({ seed: 50 });
		n8n = new N8nInstance(installed, tarball);
		await n8n.importCredentials([
			{
				id: CREDENTIAL_REF.intercomConversationsApi.id,
				name: CREDENTIAL_REF.intercomConversationsApi.name,
				type: 'intercomConversationsApi',
				data: { accessToken: sandbox.token, region: 'custom', baseUrl: sandbox.url, apiVersion: '2.16', clientSecret: SECRET },
			},
		]);
	}, 30 * 60_000);

	afterAll(async () => {
		await sandbox?.close();
		n8n?.dispose();
	});

	it('starts one execution for 10 identical signed deliveries arriving together (string and numeric ids)', async () => {
		const port = 15678 + Math.floor(Math.random() * 1000);
		const webhookId = '5f0c2a4e-1b7d-4c1e-9a55-00000000d0de';
		const admin = String([...sandbox.state.admins.values()][0].id);
		const [stringOne, numericOne] = [...sandbox.state.conversations.values()].filter((c) => c.state === 'open').map((c) => c.id);
		const wf = workflow('e2eWebhookDedupe1', 'e2e webhook dedupe', [
			node('Intercom Trigger', TRIGGER_TYPE, 1, { topics: ['conversation.admin.closed'] }, { webhookId, credentials: CREDENTIAL_REF }),
			intercom('Note', {
				resource: 'conversation',
				operation: 'addNote',
				conversationId: byId('={{ $json.conversation_id }}'),
				adminId: admin,
				body: '=Execution for {{ $json.id }}',
			}),
		]);
		await n8n.importWorkflows([wf]);
		expect((await n8n.cli(['publish:workflow', `--id=${wf.id}`])).status).toBe(0);
		const server = await n8n.start(['start'], /Editor is now accessible|n8n ready/i, 180_000, { N8N_PORT: String(port) });
		try {
			const target: DeliveryTarget = { url: `http://127.0.0.1:${port}/webhook/${webhookId}/webhook`, secret: SECRET };
			// n8n registers published workflows' webhooks just after the editor is up: wait for an
			// unsigned POST to be refused as the trigger refuses it.
			let unsigned = 0;
			for (const until = Date.now() + 60_000; unsigned !== 401 && Date.now() < until; ) {
				unsigned = (await fetch(target.url, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } })).status;
				if (unsigned !== 401) await sleep(500);
			}
			expect(unsigned).toBe(401);

			const byString = notification('conversation.admin.closed', conversation({ id: stringOne }), `notif_dedupe_${Date.now()}`);
			const byNumber = notification('conversation.admin.closed', conversation({ id: numericOne }), 700_000_000 + (Date.now() % 1_000_000));
			const statuses = await Promise.all([deliverConcurrently(target, 10, byString), deliverConcurrently(target, 10, byNumber)]);
			expect(statuses.flat()).toEqual(Array(20).fill(200));

			const notes = (conversationId: string, id: unknown) =>
				sandbox.partsFor(conversationId, 'note').filter((p) => (p.body ?? '').includes(`Execution for ${String(id)}`)).length;
			for (const until = Date.now() + 60_000; (notes(stringOne, byString.id) === 0 || notes(numericOne, byNumber.id) === 0) && Date.now() < until; ) {
				await sleep(250);
			}
			// Any other execution would have started with the first: give them time to add their notes.
			await sleep(5_000);
			expect({ string: notes(stringOne, byString.id), numeric: notes(numericOne, byNumber.id) }).toEqual({ string: 1, numeric: 1 });
		} finally {
			server.kill('SIGTERM');
			await new Promise((r) => server.once('exit', r));
		}
	}, 300_000);
});
