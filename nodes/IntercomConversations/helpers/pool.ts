/**
 * Runs `task` for every index with at most `concurrency` at once, in index order of starting.
 * `shouldStop` is checked before each start: once it says so, no further task starts and the
 * pool waits for the running ones.
 */
export async function runPool(
	indices: number[],
	concurrency: number,
	task: (index: number) => Promise<void>,
	shouldStop: () => boolean = () => false,
): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < indices.length && !shouldStop()) {
			await task(indices[next++]);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, indices.length)) }, worker));
}
