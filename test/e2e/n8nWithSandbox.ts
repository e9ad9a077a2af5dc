import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';
import { ensureN8n, type N8nLine } from '../../scripts/n8n/install';
import { N8nInstance, type RunResult } from '../../scripts/n8n/instance';
import { CREDENTIAL_REF, type Workflow } from './workflowBuilder';

/**
 * What every e2e suite of the node starts per n8n line: a sandbox, the cached n8n with the
 * packed package installed, and the "Intercom sandbox" credential the workflows name.
 */
export async function startN8nWithSandbox(line: N8nLine, tarball: string, options: SandboxOptions): Promise<{ sandbox: Sandbox; n8n: N8nInstance }> {
	const installed = ensureN8n(line);
	const sandbox = await startSandbox(options);
	const n8n = new N8nInstance(installed, tarball);
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
