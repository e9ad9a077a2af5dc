/**
 * Child-process entry: runs one sandbox so that its CPU and memory stay out of the process
 * being measured. Started by `sandboxProcess.ts`; options arrive as JSON in argv[2].
 */
import { startSandbox, type FaultSpec, type LatencyProfile, type RouteKey } from '../sandbox';
import { createPrng } from '../sandbox/prng';
import type { CallMessage, CallName, FaultPlan, LatencySpec, ReplyMessage, SandboxCalls, SandboxProcessOptions } from './lib/sandboxProtocol';

type Route = RouteKey | '*';

async function main(): Promise<void> {
	const options = JSON.parse(process.argv[2] ?? '{}') as SandboxProcessOptions;
	const sandbox = await startSandbox({
		seed: options.conversations,
		rateLimit: options.rateLimit,
		latencyMs: toLatency(options.latencyMs),
		tokens: options.tokens,
		logBodies: false,
		logLimit: 1_000_000,
	});
	const reply = (message: ReplyMessage) => process.send?.(message);

	const handlers: { [K in CallName]: (...args: SandboxCalls[K]['args']) => SandboxCalls[K]['result'] | Promise<SandboxCalls[K]['result']> } = {
		info: () => ({
			url: sandbox.url,
			adminIds: [...sandbox.state.admins.keys()],
			conversationIds: [...sandbox.state.conversations.keys()],
			contactIds: [...sandbox.state.contacts.keys()],
		}),
		setFaults: (route: string, plan: FaultPlan | null) => {
			sandbox.setFaults(route as Route, plan ? toSpec(plan) : undefined);
			return null;
		},
		setLatency: (latency: LatencySpec) => {
			sandbox.setLatency(toLatency(latency));
			return null;
		},
		resetStats: () => {
			sandbox.resetStats();
			return null;
		},
		stats: () => sandbox.stats,
		log: () => sandbox.log.map((entry) => [entry.at, entry.status]),
		writes: (ids: string[]) => ids.map((id) => sandbox.writesFor(id)),
		conversationsWith: (contactIds: string[]) => {
			const counts = new Map(contactIds.map((id) => [id, 0]));
			for (const c of sandbox.state.conversations.values()) {
				for (const { id } of c.contacts.contacts) if (counts.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
			}
			return contactIds.map((id) => counts.get(id) ?? 0);
		},
		contactsWithEmail: (emails: string[]) => {
			const counts = new Map(emails.map((e) => [e.toLowerCase(), 0]));
			for (const c of sandbox.state.contacts.values()) {
				const email = c.email.toLowerCase();
				if (counts.has(email)) counts.set(email, (counts.get(email) ?? 0) + 1);
			}
			return emails.map((e) => counts.get(e.toLowerCase()) ?? 0);
		},
		cpu: () => {
			const usage = process.cpuUsage();
			return { userMicros: usage.user, systemMicros: usage.system };
		},
		close: async () => {
			await sandbox.close();
			return null;
		},
	};

	process.on('message', (raw: CallMessage) => {
		void (async () => {
			try {
				const handler = handlers[raw.call] as (...args: unknown[]) => unknown;
				const result = await handler(...(raw.args as unknown[]));
				reply({ id: raw.id, ok: true, result });
				if (raw.call === 'close') process.disconnect();
			} catch (error) {
				reply({ id: raw.id, ok: false, error: error instanceof Error ? error.message : String(error) });
			}
		})();
	});
	process.on('disconnect', () => process.exit(0));
	reply({ id: 0, ready: true });
}

function toSpec(plan: FaultPlan): FaultSpec {
	const { seed, ...spec } = plan;
	return seed === undefined ? spec : { ...spec, random: createPrng(seed).next };
}

function toLatency(spec: LatencySpec): number | LatencyProfile {
	if (typeof spec === 'number') return spec;
	const { seed, ...profile } = spec;
	return seed === undefined ? profile : { ...profile, random: createPrng(seed).next };
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
