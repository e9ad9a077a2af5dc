import { fork } from 'node:child_process';
import path from 'node:path';
import type { ClosesJob, ClosesResult } from '../scenarios/multiWorker';
import type { OverheadJob, OverheadResult } from '../scenarios/overhead';
import type { ScaleJob, ScaleResult } from '../scenarios/scale';

export type Job = OverheadJob | ScaleJob | ClosesJob;
type ResultOf<J extends Job> = J extends OverheadJob ? OverheadResult : J extends ScaleJob ? ScaleResult : ClosesResult;

/**
 * Runs a measurement in a fresh Node process (`bench/worker.ts`), so that its CPU time and peak
 * RSS belong to that measurement alone: no sandbox, no earlier scenario, no orchestrator in it.
 */
export function runInChild<J extends Job>(job: J): Promise<ResultOf<J>> {
	return new Promise((resolve, reject) => {
		const child = fork(path.join(__dirname, '..', 'worker.ts'), [], {
			execArgv: [...process.execArgv, '--expose-gc'],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		let settled = false;
		child.on('message', (message: { ok: true; result: ResultOf<J> } | { ok: false; error: string }) => {
			settled = true;
			if (message.ok) resolve(message.result);
			else reject(new Error(`worker: ${message.error}`));
			child.disconnect();
		});
		child.on('exit', (code) => {
			if (!settled) reject(new Error(`worker exited (${code}) without a result`));
		});
		child.send(job);
	});
}
