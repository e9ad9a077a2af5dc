/**
 * A sandbox and the Intercom Conversations node pointed at it, for the node's tests:
 *   const { sandbox, run, admin, byId } = useNodeSandbox({ seed: 300 });
 *   it('…', async () => {
 *     const [item] = await run({ parameters: { resource: 'conversation', operation: 'close', conversationId: byId(id), adminId: admin() } });
 *     expect(sandbox.state.conversations.get(id)?.state).toBe('closed');
 *   });
 * With `fresh: true` each test starts a sandbox of its own (`await start({ rateLimit: … })`), closed
 * after the test: a fresh workspace connection and pace, since the transport keeps one limiter per
 * token and URL for the whole process.
 */
import type { INodeExecutionData } from 'n8n-workflow';
import type { Sandbox, SandboxOptions } from '../sandbox';
import { IntercomConversations } from '../nodes/IntercomConversations/IntercomConversations.node';
import { nodeCredentials, type NodeCredentials } from './credentials';
import { runNode, type RunOptions } from './nodeHarness';
import { liveSandbox, sandboxLifecycle } from './sandbox';

export interface NodeSandboxOptions extends SandboxOptions {
	/** One sandbox per test, started by `start()` inside the test and closed after it. */
	fresh?: boolean;
}

export interface NodeSandbox {
	/** The running sandbox (every property read goes to the one running at that moment). */
	sandbox: Sandbox;
	/** With `fresh`: starts this test's sandbox with these options over the shared ones. */
	start(options?: SandboxOptions): Promise<Sandbox>;
	/** The credential for the running sandbox: its URL and first token, API Version 2.16 unless given. */
	credentials(apiVersion?: string): NodeCredentials;
	/** Runs the node's execute() through the harness with the sandbox's credential; resolves to the main output. */
	run(options: Omit<RunOptions, 'credentials'>, apiVersion?: string): Promise<INodeExecutionData[]>;
	/** The workspace's first admin's ID. */
	admin(): string;
	/** The workspace's first team's ID. */
	team(): string;
	/** A resource locator value in "By ID" mode (the value may be a function of the item, like an expression). */
	byId(value: unknown): { mode: 'id'; value: unknown };
	/** The first `count` conversations not closed yet (refuses when the seed has fewer). */
	notClosed(count: number): string[];
	/**
	 * Closes each conversation, one item per ID mapped as `{{ $json.conversation_id }}`, as the
	 * first admin, errors to the error output; `parameters` add to or override the close's.
	 */
	closeEach(ids: string[], parameters?: Record<string, unknown>): Promise<INodeExecutionData[]>;
}

const nodeType = new IntercomConversations();

/** Registers the hooks that start and close the sandbox (see the file's header). */
export function useNodeSandbox(options: NodeSandboxOptions = {}): NodeSandbox {
	const { fresh = false, ...sandboxOptions } = options;
	const lifecycle = sandboxLifecycle(fresh ? 'each' : 'all');
	if (!fresh) beforeAll(async () => void (await lifecycle.start(sandboxOptions)));
	const sandbox = liveSandbox(lifecycle.current);
	const credentials = (apiVersion?: string) => nodeCredentials(lifecycle.current(), { apiVersion });
	const admin = () => String([...sandbox.state.admins.values()][0].id);
	const run: NodeSandbox['run'] = async (runOptions, apiVersion) =>
		await runNode(nodeType, { credentials: credentials(apiVersion), ...runOptions });
	return {
		sandbox,
		start: async (overrides = {}) => {
			if (!fresh) throw new Error('start() is for useNodeSandbox({ fresh: true }); this sandbox starts before all tests');
			return await lifecycle.start({ ...sandboxOptions, ...overrides });
		},
		credentials,
		run,
		admin,
		team: () => String([...sandbox.state.teams.values()][0].id),
		byId: (value) => ({ mode: 'id', value }),
		notClosed: (count) => {
			const ids = [...sandbox.state.conversations.values()].filter((c) => c.state !== 'closed').map((c) => c.id).slice(0, count);
			if (ids.length < count) throw new Error(`the sandbox has ${ids.length} conversations not closed, not ${count}: seed more`);
			return ids;
		},
		closeEach: async (ids, parameters = {}) =>
			await run({
				items: ids.map((conversation_id) => ({ conversation_id })),
				parameters: {
					resource: 'conversation',
					operation: 'close',
					conversationId: { mode: 'id', value: (item: { conversation_id: string }) => item.conversation_id },
					adminId: admin(),
					...parameters,
				},
				onError: 'continueErrorOutput',
			}),
	};
}
