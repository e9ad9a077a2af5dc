import { resolve } from 'node:path';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';
import { builtTarball, ensureN8n, type N8nLine } from '../../scripts/n8n/install';
import { N8nInstance, type RunResult } from '../../scripts/n8n/instance';
import { live } from '../../testkit/sandbox';
import { CREDENTIAL_REF, type Workflow } from './workflowBuilder';

const repoRoot = resolve(__dirname, '..', '..');

/** This checkout built and packed once per test file (`N8N_E2E_TARBALL`: an already packed build instead). */
let tarball: string | undefined;
function packed(): string {
	tarball ??= builtTarball(repoRoot);
	return tarball;
}

/**
 * What every e2e suite of the node starts per n8n line, inside `describe.each(selectedLines())`:
 * before its tests a sandbox, the cached n8n with the packed package installed, and the "Intercom
 * sandbox" credential the workflows name; after them, both closed. The two objects stand for the
 * running ones and can be held from the start.
 */
export function useN8nWithSandbox(line: N8nLine, options: SandboxOptions): { sandbox: Sandbox; n8n: N8nInstance } {
	let running: { sandbox: Sandbox; n8n: N8nInstance } | undefined;
	const current = () => {
		if (!running) throw new Error('n8n and the sandbox are not running (use them inside a test or hook)');
		return running;
	};
	beforeAll(async () => {
		running = await startN8nWithSandbox(line, packed(), options);
	}, 30 * 60_000);
	afterAll(async () => {
		await running?.sandbox.close();
		running?.n8n.dispose();
		running = undefined;
	});
	return { sandbox: live(() => current().sandbox), n8n: live(() => current().n8n) };
}

async function startN8nWithSandbox(line: N8nLine, tarballPath: string, options: SandboxOptions): Promise<{ sandbox: Sandbox; n8n: N8nInstance }> {
	const installed = ensureN8n(line);
	const sandbox = await startSandbox(options);
	const n8n = new N8nInstance(installed, tarballPath);
	await n8n.importCredentials([
		{
			...CREDENTIAL_REF.intercomConversationsApi,
			type: 'intercomConversationsApi',
			data: { accessToken: sandbox.token, region: 'custom', baseUrl: sandbox.url, apiVersion: '2.16', clientSecret: 'e2e-client-secret' },
		},
	]);
	return { sandbox, n8n };
}

/** Imports the workflow and runs it through the n8n CLI. */
export async function runWorkflow(n8n: N8nInstance, wf: Workflow): Promise<RunResult> {
	await n8n.importWorkflows([wf]);
	return await n8n.execute(wf.id);
}
