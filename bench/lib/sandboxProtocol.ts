import type { LatencyProfile, RateLimit, SandboxStats } from '../../sandbox';

/** A latency as it crosses IPC: a fixed number of ms, or a profile drawn from a PRNG seeded with `seed`. */
export type LatencySpec = number | (Omit<LatencyProfile, 'random'> & { seed?: number });

/** What the orchestrator asks of a sandbox running in a child process (over Node's IPC channel). */

export interface SandboxProcessOptions {
	/** Conversations to seed. */
	conversations: number;
	rateLimit: RateLimit | false;
	latencyMs: LatencySpec;
	tokens: string[];
}

/** Probabilistic faults; `seed` makes the child draw them from a deterministic PRNG. */
export interface FaultPlan {
	status503?: number;
	reset?: number;
	commitThenFail?: number;
	commitThenFailMode?: '500' | 'reset';
	seed?: number;
}

export interface SandboxInfo {
	url: string;
	adminIds: string[];
	conversationIds: string[];
	contactIds: string[];
}

/** One request as the sandbox logged it: receive time (ms since epoch) and status (0: socket destroyed). */
export type LogPoint = [at: number, status: number];

export interface CpuTotals {
	userMicros: number;
	systemMicros: number;
}

export interface SandboxCalls {
	info: { args: []; result: SandboxInfo };
	setFaults: { args: [route: string, plan: FaultPlan | null]; result: null };
	/** Changes the latency from now on (a latency step mid-run). */
	setLatency: { args: [latency: LatencySpec]; result: null };
	resetStats: { args: []; result: null };
	stats: { args: []; result: SandboxStats };
	log: { args: []; result: LogPoint[] };
	/** Parts written through the API on each conversation, in the order asked. */
	writes: { args: [ids: string[]]; result: number[] };
	/** Conversations each contact is in, in the order asked. */
	conversationsWith: { args: [contactIds: string[]]; result: number[] };
	/** Contacts with each email (case-insensitive), in the order asked. */
	contactsWithEmail: { args: [emails: string[]]; result: number[] };
	cpu: { args: []; result: CpuTotals };
	close: { args: []; result: null };
}

export type CallName = keyof SandboxCalls;

export interface CallMessage<K extends CallName = CallName> {
	id: number;
	call: K;
	args: SandboxCalls[K]['args'];
}

export type ReplyMessage =
	| { id: number; ok: true; result: unknown }
	| { id: number; ok: false; error: string }
	| { id: 0; ready: true };
