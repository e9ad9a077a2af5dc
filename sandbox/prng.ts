/** Small deterministic PRNG (mulberry32) so a seed value always yields the same workspace. */
export interface Prng {
	/** Uniform in [0, 1). */
	next(): number;
	/** Integer in [min, max]. */
	int(min: number, max: number): number;
	pick<T>(items: readonly T[]): T;
	chance(probability: number): boolean;
	hex(length: number): string;
}

export function createPrng(seed: number): Prng {
	let a = seed >>> 0;
	const next = (): number => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
	return {
		next,
		int,
		pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)],
		chance: (probability: number): boolean => next() < probability,
		hex: (length: number): string => {
			let out = '';
			for (let i = 0; i < length; i++) out += int(0, 15).toString(16);
			return out;
		},
	};
}
