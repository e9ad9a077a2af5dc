/**
 * Runs the Intercom sandbox until Ctrl-C:
 *   npx tsx sandbox/cli.ts --port 4010 --seed 500 [--seed-value 7] [--token T]... [--limit 200 --window 1000 | --no-rate-limit] [--latency 20]
 */
import { parseArgs } from 'node:util';
import { DEFAULT_RATE_LIMIT, startSandbox } from './index';

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: '4010' },
			host: { type: 'string', default: '127.0.0.1' },
			seed: { type: 'string', default: '50' },
			'seed-value': { type: 'string', default: '1' },
			token: { type: 'string', multiple: true },
			limit: { type: 'string' },
			window: { type: 'string' },
			'no-rate-limit': { type: 'boolean', default: false },
			latency: { type: 'string', default: '0' },
			help: { type: 'boolean', short: 'h', default: false },
		},
	});
	if (values.help) {
		console.log('Usage: tsx sandbox/cli.ts [--port 4010] [--host 127.0.0.1] [--seed 50] [--seed-value 1] [--token T]... [--limit N --window MS | --no-rate-limit] [--latency MS]');
		return;
	}
	const int = (name: string, raw: string | undefined, fallback: number): number => {
		if (raw === undefined) return fallback;
		const n = Number(raw);
		if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got '${raw}'`);
		return n;
	};
	const rateLimit = values['no-rate-limit']
		? false
		: { limit: int('limit', values.limit, DEFAULT_RATE_LIMIT.limit), windowMs: int('window', values.window, DEFAULT_RATE_LIMIT.windowMs) };
	const sandbox = await startSandbox({
		port: int('port', values.port, 4010),
		host: values.host,
		tokens: values.token,
		seed: { conversations: int('seed', values.seed, 50), seed: int('seed-value', values['seed-value'], 1) },
		rateLimit,
		latencyMs: int('latency', values.latency, 0),
	});
	const { state } = sandbox;
	console.log(`Intercom sandbox (API 2.16) listening on ${sandbox.url}`);
	console.log(`Token:        ${sandbox.token}`);
	console.log(`Workspace:    ${state.app.id_code} (${state.app.region})`);
	console.log(
		`Seeded:       ${state.conversations.size} conversations, ${state.contacts.size} contacts, ${state.admins.size} admins, ${state.teams.size} teams, ${state.tags.size} tags`,
	);
	console.log(`Admins:       ${[...state.admins.values()].map((a) => `${a.id} (${a.name})`).join(', ')}`);
	console.log(`Rate limit:   ${rateLimit ? `${rateLimit.limit} per ${rateLimit.windowMs} ms per token` : 'off'}`);
	console.log('Press Ctrl-C to stop.');
	const stop = (): void => {
		console.log(`\nStopping after ${sandbox.stats.requests} requests (${sandbox.stats.rateLimited} rate limited).`);
		void sandbox.close().then(() => process.exit(0));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
