/** Runs `task` for every index, in order of starting, with `width` running at once (the bench's own fixed pool). */
export async function lanes(indices: number[], width: number, task: (index: number) => Promise<void>): Promise<void> {
	let next = 0;
	const lane = async () => {
		while (next < indices.length) await task(indices[next++]);
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(width, indices.length)) }, lane));
}
