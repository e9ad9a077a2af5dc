import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { CallName, ReplyMessage, SandboxCalls, SandboxProcessOptions } from './lib/sandboxProtocol';

/**
 * A sandbox in its own process: the bench's client code runs alone in the measured process,
 * and the server's CPU, memory and event loop never mix with it. Calls go over Node's IPC.
 */
export class SandboxProcess {
	private nextId = 1;
	private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

	private constructor(private readonly child: ChildProcess) {
		child.on('message', (message: ReplyMessage) => {
			if ('ready' in message) return;
			const waiter = this.pending.get(message.id);
			if (!waiter) return;
			this.pending.delete(message.id);
			if (message.ok) waiter.resolve(message.result);
			else waiter.reject(new Error(`sandbox: ${message.error}`));
		});
		child.on('exit', (code) => {
			for (const waiter of this.pending.values()) waiter.reject(new Error(`sandbox process exited (${code})`));
			this.pending.clear();
		});
	}

	static async start(options: SandboxProcessOptions): Promise<SandboxProcess> {
		const child = fork(path.join(__dirname, 'sandboxChild.ts'), [JSON.stringify(options)], {
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		await new Promise<void>((resolve, reject) => {
			const onMessage = (message: ReplyMessage) => {
				if ('ready' in message) {
					child.off('exit', onExit);
					resolve();
				}
			};
			const onExit = (code: number | null) => reject(new Error(`sandbox process exited during start (${code})`));
			child.once('exit', onExit);
			child.on('message', onMessage);
		});
		return new SandboxProcess(child);
	}

	call<K extends CallName>(call: K, ...args: SandboxCalls[K]['args']): Promise<SandboxCalls[K]['result']> {
		const id = this.nextId++;
		return new Promise((resolve, reject) => {
			this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
			this.child.send({ id, call, args });
		});
	}

	/** Stops the server and waits for the process to end. */
	async close(): Promise<void> {
		if (this.child.exitCode !== null) return;
		const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
		await this.call('close').catch(() => undefined);
		await exited;
	}
}
