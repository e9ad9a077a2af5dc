import type { RateLimit } from '../../sandbox';
import { SandboxProcess } from '../sandboxProcess';
import type { Target } from './nodeRunner';
import type { LatencySpec, SandboxInfo } from './sandboxProtocol';

export interface WorkspaceOptions {
	conversations: number;
	rateLimit: RateLimit | false;
	latencyMs: LatencySpec;
	/** How many distinct tokens (targets) the scenario will hand out. */
	tokens: number;
	/** Names the tokens, so that tokens of different scenarios never collide. */
	name: string;
}

/**
 * A sandbox in a child process plus an allocator: each `target()` gets a token never used
 * before (so the transport's process-wide limiter for it starts fresh, and the sandbox counts
 * its window from zero), each `take(n)` gets conversations no other run has touched.
 */
export class Workspace {
	private nextToken = 0;
	private nextConversation = 0;

	private constructor(
		readonly sandbox: SandboxProcess,
		readonly info: SandboxInfo,
		private readonly tokens: string[],
	) {}

	static async start(options: WorkspaceOptions): Promise<Workspace> {
		const tokens = Array.from({ length: options.tokens }, (_, i) => `bench-${options.name}-${i + 1}-${process.pid}`);
		const sandbox = await SandboxProcess.start({
			conversations: options.conversations,
			rateLimit: options.rateLimit,
			latencyMs: options.latencyMs,
			tokens,
		});
		const info = await sandbox.call('info');
		return new Workspace(sandbox, info, tokens);
	}

	get adminId(): string {
		return this.info.adminIds[0];
	}

	target(): Target {
		const token = this.tokens[this.nextToken++];
		if (!token) throw new Error('workspace: out of tokens');
		return { url: this.info.url, token, adminId: this.adminId };
	}

	take(count: number): string[] {
		const ids = this.info.conversationIds.slice(this.nextConversation, this.nextConversation + count);
		if (ids.length < count) throw new Error(`workspace: only ${ids.length} fresh conversations left, ${count} wanted`);
		this.nextConversation += count;
		return ids;
	}

	async close(): Promise<void> {
		await this.sandbox.close();
	}
}
