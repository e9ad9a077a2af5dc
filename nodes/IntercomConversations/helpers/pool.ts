/**
 * Runs `task` for every index, starting them in index order, with at most `limit()` running at
 * once. The limit is read again whenever a task ends (it may follow the measured latency and
 * the allowed rate): the pool grows and shrinks with it. `shouldStop` is checked before each
 * start: once it says so, no further task starts and the pool waits for the running ones.
 */
export async function runPool(
	indices: number[],
	limit: () => number,
	task: (index: number) => Promise<void>,
	shouldStop: () => boolean = () => false,
): Promise<void> {
	let next = 0;
	let running = 0;
	let failure: { error: unknown } | undefined;
	await new Promise<void>((resolve, reject) => {
		const settle = () => (failure ? reject(failure.error) : resolve());
		const fill = () => {
			const cap = Math.max(1, Math.floor(limit()));
			while (running < cap && next < indices.length && !shouldStop()) {
				const index = indices[next++];
				running++;
				task(index).then(done, fail);
			}
			if (running === 0) settle();
		};
		const done = () => {
			running--;
			fill();
		};
		const fail = (error: unknown) => {
			// Tasks handle their own errors; a throw here is a bug: stop starting, report it.
			failure ??= { error };
			next = indices.length;
			running--;
			if (running === 0) settle();
		};
		fill();
	});
}
