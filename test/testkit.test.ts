import type { Sandbox } from '../sandbox';
import { call, notificationAbout, useNodeSandbox } from '../testkit';

/** The test kit the other tests stand on: one sandbox per file, or one per test with `fresh`. */

describe('useNodeSandbox: one sandbox for the file', () => {
	const { sandbox, run, credentials, admin, team, byId, start } = useNodeSandbox({ seed: 12 });

	it("runs the node with the sandbox's credential and reads the result from the sandbox", async () => {
		const id = [...sandbox.state.conversations.values()].find((c) => c.state === 'open')!.id;
		const [item] = await run({ parameters: { resource: 'conversation', operation: 'close', conversationId: byId(id), adminId: admin() } });
		expect(item.json.id).toBe(id);
		expect(sandbox.state.conversations.get(id)?.state).toBe('closed');
		expect(credentials()).toEqual({ accessToken: sandbox.token, region: 'custom', baseUrl: sandbox.url, apiVersion: '2.16' });
		expect(credentials('2.15').apiVersion).toBe('2.15');
		expect(admin()).toBe(String([...sandbox.state.admins.values()][0].id));
		expect(team()).toBe(String([...sandbox.state.teams.values()][0].id));
	});

	it('refuses start() here: this sandbox starts before all tests', async () => {
		await expect(start()).rejects.toThrow('start() is for useNodeSandbox({ fresh: true })');
	});

	it('builds a notification from the conversation as the sandbox serves it', async () => {
		const id = [...sandbox.state.conversations.keys()][0];
		const served = await call(sandbox, 'GET', `/conversations/${id}`);
		const payload = notificationAbout(sandbox, id, 'conversation.admin.replied');
		const item = (payload.data as { item: { conversation_parts: { conversation_parts: unknown[] } } }).item;
		expect(payload.topic).toBe('conversation.admin.replied');
		expect({ ...item, conversation_parts: undefined }).toEqual({ ...served.body, conversation_parts: undefined });
		expect(item.conversation_parts.conversation_parts).toEqual(served.body.conversation_parts.conversation_parts.slice(-1));
	});
});

describe('useNodeSandbox: a fresh sandbox per test', () => {
	const kit = useNodeSandbox({ fresh: true, seed: 3 });
	let previous: Sandbox | undefined;

	it('starts one with these options over the shared ones', async () => {
		previous = await kit.start({ tokens: ['first-test-token'] });
		expect(kit.sandbox.token).toBe('first-test-token');
		expect(kit.sandbox.state.conversations.size).toBe(3);
	});

	it('has closed the previous test\'s sandbox and has none running until this test starts one', async () => {
		expect(() => kit.sandbox.url).toThrow('the sandbox is not running');
		await expect(fetch(`${previous!.url}/me`)).rejects.toThrow();
		const sandbox = await kit.start();
		expect(sandbox.url).not.toBe(previous!.url);
		expect(kit.credentials().baseUrl).toBe(sandbox.url);
	});
});
