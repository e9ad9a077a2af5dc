/** Child-process entry for measurements that need a process of their own (see lib/childJob.ts). */
import type { Job } from './lib/childJob';
import { closesJob } from './scenarios/multiWorker';
import { overheadJob } from './scenarios/overhead';
import { scaleJob } from './scenarios/scale';

process.once('message', (job: Job) => {
	void (async () => {
		try {
			const result = job.kind === 'overhead' ? await overheadJob(job) : job.kind === 'scale' ? await scaleJob(job) : await closesJob(job);
			process.send?.({ ok: true, result });
		} catch (error) {
			process.send?.({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
		}
	})();
});
process.on('disconnect', () => process.exit(0));
