import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { DEFAULT_RATE_LIMIT, startSandbox, type Sandbox } from '../../sandbox';
import { ensureN8n, builtTarball, selectedLines } from '../../scripts/n8n/install';
import { N8nInstance, outputOf, type RunResult } from '../../scripts/n8n/instance';
import { intercomLikeToken, tokenLeaks } from '../helpers/tokenLeaks';
import { byId, CREDENTIAL_REF, intercom, itemsOf, manualTrigger, workflow, type Workflow, type WorkflowNode } from './workflowBuilder';

/**
 * Inside real n8n, behind a gateway that echoes the Authorization header into every error
 * answer (the credential's custom Base URL allows exactly that set-up): the node's error items,
 * the error that stops a workflow, the timeout message, and everything n8n writes to disk (the
 * saved execution in its database, its log file at debug level, the CLI's output) are searched for
 * the token in every form the gateway echoed it.
 */

const repoRoot = resolve(__dirname, '..', '..');
let tarball: string;

beforeAll(() => {
	// `N8N_E2E_TARBALL`: test an already packed build instead of building this checkout.
	tarball = builtTarball(repoRoot);
}, 120_000);

/** Every file n8n wrote (database, logs, CLI output), except the inputs the test itself gave it. */
function filesWritten(root: string): string[] {
	const inputs = new Set(['credentials.json']);
	const found: string[] = [];
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const path = join(dir, name);
			const rel = relative(root, path);
			if (inputs.has(rel) || rel === 'workflows' || rel === join('.n8n', 'nodes')) continue;
			if (statSync(path).isDirectory()) walk(path);
			else found.push(path);
		}
	};
	walk(root);
	return found;
}

/** What n8n wrote, as text (the database pages hold the execution data as it is). */
const writtenText = (root: string) => filesWritten(root).map((f) => readFileSync(f).toString('latin1')).join('\n');

describe.each(selectedLines())('$label', (line) => {
	const token = intercomLikeToken();
	const rejected = intercomLikeToken();
	const limited = intercomLikeToken();
	let sandbox: Sandbox;
	let n8n: N8nInstance;
	const credential = (id: string) => ({ intercomConversationsApi: { id, name: id } });
	const open = () => [...sandbox.state.conversations.values()].filter((c) => c.state === 'open').map((c) => c.id);
	const admin = () => String([...sandbox.state.admins.values()][0].id);

	beforeAll(async () => {
		const installed = ensureN8n(line);
		sandbox = await startSandbox({ seed: 40, tokens: [token, limited], reflect: { html5xx: true } });
		n8n = new N8nInstance(installed, tarball, { N8N_LOG_LEVEL: 'debug', N8N_LOG_OUTPUT: 'console,file' });
		const data = (accessToken: string) => ({ accessToken, region: 'custom', baseUrl: sandbox.url, apiVersion: '2.16' });
		await n8n.importCredentials([
			// The credential `intercom()` nodes use unless told otherwise.
			{ id: CREDENTIAL_REF.intercomConversationsApi.id, name: CREDENTIAL_REF.intercomConversationsApi.name, type: 'intercomConversationsApi', data: data(token) },
			{ id: 'reflectCred000002', name: 'reflectCred000002', type: 'intercomConversationsApi', data: data(rejected) },
			{ id: 'reflectCred000003', name: 'reflectCred000003', type: 'intercomConversationsApi', data: data(limited) },
		]);
	}, 30 * 60_000);

	afterEach(() => sandbox.clearFaults());
	afterAll(async () => {
		await sandbox?.close();
		n8n?.dispose();
	});

	/**
	 * `n8n execute --rawOutput`, keeping what the CLI printed (logs included) for the scan. At
	 * debug level n8n prints the result JSON as a log entry: `<time> | info | {` … `} {"file":…}`.
	 */
	async function execute(wf: Workflow): Promise<{ run: RunResult; printed: string }> {
		await n8n.importWorkflows([wf]);
		const result = await n8n.cli(['execute', `--id=${wf.id}`, '--rawOutput']);
		const entry = /^(?:.*\| )?\{\n([\s\S]*?\n)\}(?: \{.*\})?$/m.exec(result.stdout);
		const json = entry && `{\n${entry[1]}}`;
		if (!json) throw new Error(`n8n execute printed no result (exit ${result.status}):\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
		return { run: JSON.parse(json) as RunResult, printed: `${result.stdout}\n${result.stderr}` };
	}

	/** Branches from the input, each node on its own (an erroring node feeds nothing on). */
	const fanOut = (id: string, nodes: WorkflowNode[]) => {
		const input = itemsOf('n', [1]);
		return workflow(id, id, [manualTrigger(), ...input], nodes.map((n) => [input[1].name, 0, n.name] as [string, number, string]), nodes);
	};
	const continueOn = { onError: 'continueErrorOutput' };
	const get = (name: string, id: string, options: Record<string, unknown> = {}, extra: Partial<WorkflowNode> = {}) =>
		intercom(name, { resource: 'conversation', operation: 'get', conversationId: byId(id), options: { maxAttempts: 1, ...options } }, { ...continueOn, ...extra });

	it('keeps the token out of error items, the saved execution, the logs and the CLI output', async () => {
		const [into, from] = [...sandbox.state.contacts.values()].slice(-2).map((c) => c.id);
		sandbox.state.mergeContact(from, into);
		const [closing] = open();
		sandbox.failNext('POST /conversations/{id}/parts', '502', 2);
		sandbox.failNext('GET /conversations', 'timeout', 1);
		sandbox.failNext('POST /conversations/search', 'timeout', 1);
		const nodes = [
			get('Unknown 404', '987654321'),
			intercom('Merged 410', { resource: 'contact', operation: 'get', contactId: from, options: { maxAttempts: 1 } }, continueOn),
			intercom(
				'Gateway 502',
				{ resource: 'conversation', operation: 'close', conversationId: byId(closing), adminId: admin(), body: '', options: { maxAttempts: 2 } },
				continueOn,
			),
			get('Rejected 401', open()[2], {}, { credentials: credential('reflectCred000002') }),
			intercom(
				'Slow list',
				{ resource: 'conversation', operation: 'getMany', returnAll: false, limit: 1, filterType: 'filters', filters: {}, options: { maxAttempts: 1, timeout: 1000 } },
				continueOn,
			),
		];
		const { run, printed } = await execute(fanOut('e2eReflect0001', nodes));
		expect(run.status).toBe('success');
		const statuses = sandbox.log.map((e) => e.status);
		for (const status of [401, 404, 410, 502]) expect(statuses).toContain(status);

		const errorItem = (name: string) => {
			const items = outputOf(run, name, 1);
			expect({ name, items: items.length }).toEqual({ name, items: 1 });
			return String(items[0].json.error);
		};
		expect(errorItem('Unknown 404')).toMatch(/^Intercom answered 404/);
		expect(errorItem('Merged 410')).toBe(`Item 0: contact ${from} was merged into contact ${into}`);
		expect(errorItem('Gateway 502')).toMatch(/^Intercom answered 502 http_502: <html>/);
		expect(errorItem('Rejected 401')).toMatch(/^Intercom answered 401/);
		// n8n would say "The connection was aborted, perhaps the server is offline".
		const timedOut = errorItem('Slow list');
		expect(timedOut).toMatch(/^Intercom did not answer within 1 s \(timeout\) on (GET \/conversations|POST \/conversations\/search)$/);

		expect(filesWritten(n8n.userFolder).some((f) => f.endsWith('database.sqlite'))).toBe(true);
		const saved = writtenText(n8n.userFolder);
		// The node's debug line about its retry is in n8n's log file.
		expect(saved).toMatch(/Intercom answered 502 http_502[^\n]*retrying in/);
		// The execution really was saved (with what the redaction left in place of the echo).
		expect(saved).toContain(timedOut);
		expect(saved).toContain('[redacted]');
		for (const secret of [token, rejected]) {
			expect({ printed: tokenLeaks(printed, secret), saved: tokenLeaks(saved, secret) }).toEqual({ printed: [], saved: [] });
		}
	}, 300_000);

	it('keeps the token out of the error that stops a workflow, as n8n saves it', async () => {
		sandbox.setReflect({ answerWith: 422 });
		try {
			const { run, printed } = await execute(fanOut('e2eReflect0002', [get('Refused 422', open()[0], {}, { onError: undefined })]));
			expect(run.status).toBe('error');
			expect(run.data.resultData.error?.message).toMatch(/^Intercom answered 422 unprocessable_entity/);
			expect(sandbox.log.at(-1)?.status).toBe(422);
			const saved = writtenText(n8n.userFolder);
			expect(saved).toContain('Intercom answered 422 unprocessable_entity');
			expect({ printed: tokenLeaks(printed, token), saved: tokenLeaks(saved, token) }).toEqual({ printed: [], saved: [] });
		} finally {
			sandbox.setReflect({ html5xx: true });
		}
	}, 300_000);

	it('keeps the token out of a 429 after the rate window is used up', async () => {
		// A day-long window of one request, used up by this call: the node's request is the second.
		sandbox.setRateLimit({ limit: 1, windowMs: 86_400_000 });
		try {
			await fetch(`${sandbox.url}/me`, { headers: { Authorization: `Bearer ${limited}` } });
			const { run, printed } = await execute(
				fanOut('e2eReflect0003', [get('Limited 429', open()[0], {}, { credentials: credential('reflectCred000003') })]),
			);
			expect(run.status).toBe('success');
			expect(String(outputOf(run, 'Limited 429', 1)[0]?.json.error)).toMatch(/Intercom answered 429 rate_limit_exceeded/);
			const saved = writtenText(n8n.userFolder);
			expect(saved).toContain('Intercom answered 429 rate_limit_exceeded');
			expect({ printed: tokenLeaks(printed, limited), saved: tokenLeaks(saved, limited) }).toEqual({ printed: [], saved: [] });
		} finally {
			sandbox.setRateLimit(DEFAULT_RATE_LIMIT);
		}
	}, 300_000);
});
