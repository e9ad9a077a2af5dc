import { startSandbox, type Sandbox } from '../sandbox';
import { IntercomClient } from '../nodes/IntercomConversations/transport/intercomClient';
import { closeRedisConnections } from '../nodes/IntercomConversations/transport/redisConnection';
import { describeWithRedis, SEED_NOW, startRedis, type RedisServer } from '../testkit';

/** A shared rate limit whose Redis refuses the credential's password says so, and the requests still go through. */
describeWithRedis('the shared rate limit with a wrong Redis password', () => {
	let redis: RedisServer;
	let sandbox: Sandbox;
	beforeAll(async () => {
		redis = await startRedis({ password: 'the-right-password' });
		sandbox = await startSandbox({ seed: { conversations: 5, now: SEED_NOW }, tokens: ['wrong-password-token-abcdef'] });
	});
	afterAll(async () => {
		await closeRedisConnections();
		await sandbox.close();
		await redis.close();
	});

	it('warns that Redis refused the password (not that it is unreachable) and limits in this process', async () => {
		const warnings: string[] = [];
		const client = new IntercomClient({
			baseUrl: sandbox.url,
			accessToken: 'wrong-password-token-abcdef',
			sharedRateLimit: { mode: 'redis', redisUrl: `redis://127.0.0.1:${redis.port}`, redisPassword: 'not-the-password' },
			logger: { debug: () => undefined, warn: (m) => warnings.push(m) },
		});
		for (let i = 0; i < 3; i++) {
			const me = await client.request<{ type: string }>({ method: 'GET', path: '/me' });
			expect(me.type).toBe('admin');
		}
		expect(warnings).toEqual([expect.stringMatching(/refused the password: limiting requests in this process only/)]);
		expect(warnings.join('\n')).not.toContain('not-the-password');
	});
});
