/**
 * `npm run demo`: the main job on the embedded default — the local Intercom sandbox and a real n8n.
 *
 *   npm run demo             build, seed a realistic workspace, run "Close stale conversations" in n8n,
 *                            print a before/after table, then keep n8n on http://localhost:5678
 *   npm run demo -- --once   the same, exit after the table
 *   npm run demo -- --live   read-only (get, getMany) against the real workspace of
 *                            INTERCOM_ACCESS_TOKEN (and INTERCOM_REGION: us, eu or au); changes nothing
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startSandbox, type Sandbox } from '../sandbox';
import { cacheRoot, ensureN8n, N8N_LINES, packPackage } from './n8n/install';
import { N8nInstance, outputOf, type RunResult } from './n8n/instance';

const repoRoot = resolve(__dirname, '..');
const args = new Set(process.argv.slice(2));
const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);
const SANDBOX_PORT = Number(process.env.SANDBOX_PORT ?? 4010);
const CREDENTIAL = { id: 'sandboxCred000001', name: 'Intercom sandbox' };

const say = (text: string) => process.stdout.write(`${text}\n`);

function counts(sandbox: Sandbox) {
	const byState = { open: 0, closed: 0, snoozed: 0 };
	for (const c of sandbox.state.conversations.values()) byState[c.state as keyof typeof byState]++;
	return byState;
}

function table(rows: Array<[string, string | number, string | number]>): string {
	const header: [string, string, string] = ['', 'before', 'after'];
	const all = [header, ...rows.map(([a, b, c]) => [a, String(b), String(c)] as [string, string, string])];
	const widths = [0, 1, 2].map((i) => Math.max(...all.map((r) => r[i].length)));
	const line = (r: [string, string, string]) => `| ${r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ')} |`;
	return [line(header), `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...all.slice(1).map(line)].join('\n');
}

function build(): string {
	say('Building the package…');
	execFileSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
	return packPackage(repoRoot, join(cacheRoot, 'tarballs'));
}

async function sandboxDemo(): Promise<void> {
	const tarball = build();
	const n8nLine = N8N_LINES[0];
	say(`Preparing ${n8nLine.label} (cached in ${cacheRoot}; the first run installs it, a few minutes)…`);
	const installed = ensureN8n(n8nLine);

	const sandbox = await startSandbox({ port: SANDBOX_PORT, seed: { conversations: 500 } });
	say(`Intercom sandbox: ${sandbox.url} (token ${sandbox.token}), ${sandbox.state.conversations.size} conversations, ${sandbox.state.admins.size} admins, ${sandbox.state.teams.size} teams`);
	const n8n = new N8nInstance(installed, tarball, { N8N_PORT: String(N8N_PORT) });
	await n8n.importCredentials([
		{ ...CREDENTIAL, type: 'intercomConversationsApi', data: { accessToken: sandbox.token, region: 'custom', baseUrl: sandbox.url, apiVersion: '2.16' } },
	]);
	const examples = ['close-stale-conversations.json', 'bulk-close-from-list.json', 'unassign-on-close.json'].map(
		(file) => JSON.parse(readFileSync(join(repoRoot, 'examples', file), 'utf8')) as { id: string; name: string },
	);
	await n8n.importWorkflows(examples);

	const before = counts(sandbox);
	sandbox.resetStats();
	say('Running "Close stale conversations" in n8n…');
	const started = Date.now();
	const run: RunResult = await n8n.execute(examples[0].id);
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	const after = counts(sandbox);
	const found = outputOf(run, 'Find stale conversations').length;
	const closed = outputOf(run, 'Close with sign-off', 0).length;
	const failed = outputOf(run, 'Close with sign-off', 1).length;
	say('');
	say(`"Close stale conversations": ${found} open conversations without a customer reply for 7 days found, ${closed} closed, ${failed} failed (${run.status}).`);
	say(
		table([
			['open', before.open, after.open],
			['closed', before.closed, after.closed],
			['snoozed', before.snoozed, after.snoozed],
			['requests to Intercom', '', sandbox.stats.requests],
			['429 answers', '', sandbox.stats.rateLimited],
			['failed items', '', failed],
			['duration (s, n8n process included)', '', seconds],
		]),
	);
	if (run.status !== 'success' || failed > 0) process.exitCode = 1;

	if (args.has('--once')) {
		await sandbox.close();
		n8n.dispose();
		return;
	}
	say('\nStarting n8n with the package loaded…');
	const server = await n8n.start(['start'], /Editor is now accessible/i, 180_000);
	say(`
n8n is running on http://localhost:${N8N_PORT} with the Intercom Conversations nodes installed.
- Set up the owner account, then open the workflows "Close stale conversations", "Bulk close from a list",
  "Unassign on close" (Workflows), or add an "Intercom Conversations" node to a new workflow.
- The credential "Intercom sandbox" points at the local Intercom sandbox on ${sandbox.url}.
Press Ctrl-C to stop n8n and the sandbox.`);
	process.once('exit', () => server.kill('SIGTERM'));
	await new Promise<void>((done) => {
		process.once('SIGINT', done);
		process.once('SIGTERM', done);
		server.once('exit', done);
	});
	server.kill('SIGTERM');
	await sandbox.close();
	n8n.dispose();
}

async function liveDemo(): Promise<void> {
	const token = process.env.INTERCOM_ACCESS_TOKEN;
	const region = process.env.INTERCOM_REGION ?? 'us';
	if (!token) throw new Error('--live needs INTERCOM_ACCESS_TOKEN (and optionally INTERCOM_REGION: us, eu or au)');
	if (!['us', 'eu', 'au'].includes(region)) throw new Error(`INTERCOM_REGION must be us, eu or au (got ${region})`);
	const tarball = build();
	const n8n = new N8nInstance(ensureN8n(N8N_LINES[0]), tarball);
	await n8n.importCredentials([{ ...CREDENTIAL, name: 'Intercom live', type: 'intercomConversationsApi', data: { accessToken: token, region, apiVersion: '2.16' } }]);
	const node = (name: string, x: number, parameters: Record<string, unknown>) => ({
		id: `1b7d2c1e-0000-4000-8000-00000000000${x}`,
		name,
		type: 'n8n-nodes-intercom-conversations.intercomConversations',
		typeVersion: 1,
		position: [x * 220, 0],
		parameters,
		credentials: { intercomConversationsApi: { id: CREDENTIAL.id, name: 'Intercom live' } },
	});
	const workflow = {
		id: 'demoLiveReadOnly01',
		name: 'Live read-only check',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: '1b7d2c1e-0000-4000-8000-000000000000', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			node('Recent open conversations', 1, { resource: 'conversation', operation: 'getMany', returnAll: false, limit: 5, filterType: 'filters', filters: { state: ['open'] } }),
			node('Get each', 2, { resource: 'conversation', operation: 'get', conversationId: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, includeParts: false, plainText: true }),
		],
		connections: {
			Start: { main: [[{ node: 'Recent open conversations', type: 'main', index: 0 }]] },
			'Recent open conversations': { main: [[{ node: 'Get each', type: 'main', index: 0 }]] },
		},
	};
	await n8n.importWorkflows([workflow]);
	say(`Reading (only) from the ${region.toUpperCase()} workspace through n8n…`);
	const run = await n8n.execute(workflow.id);
	n8n.dispose();
	if (run.status !== 'success') throw new Error(`the run failed: ${run.data.resultData.error?.message}`);
	const conversations = outputOf(run, 'Get each');
	say(`${conversations.length} open conversations read (get + getMany), nothing changed:`);
	for (const { json } of conversations) say(`- ${String(json.id)} · ${String(json.state)} · ${String(json.title ?? '').slice(0, 60)}`);
}

(args.has('--live') ? liveDemo() : sandboxDemo()).catch((error: unknown) => {
	process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
