/**
 * The report's arithmetic: median and 90th percentile of durations in seconds, and durations as
 * people read them ("1h 5m"). Pure functions; empty input gives null.
 */

const sortedCopy = (values: number[]) => [...values].sort((a, b) => a - b);

/** The middle value; for an even count the mean of the two middle ones, rounded to whole seconds. */
export function median(values: number[]): number | null {
	if (values.length === 0) return null;
	const sorted = sortedCopy(values);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
}

/** The 90th percentile by nearest rank: the smallest value at or above 90 % of the values. */
export function p90(values: number[]): number | null {
	if (values.length === 0) return null;
	const sorted = sortedCopy(values);
	return sorted[Math.ceil(0.9 * sorted.length) - 1];
}

const UNITS: Array<[string, number]> = [
	['d', 86_400],
	['h', 3_600],
	['m', 60],
	['s', 1],
];

/**
 * Seconds as the two largest units, smaller ones dropped: 45 → "45s", 65 → "1m 5s",
 * 3_959 → "1h 5m", 90_061 → "1d 1h", 3_600 → "1h", 0 → "0s". Null or undefined → null.
 */
export function formatDuration(seconds: number | null | undefined): string | null {
	if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return null;
	let rest = Math.max(0, Math.floor(seconds));
	const parts: string[] = [];
	for (const [unit, size] of UNITS) {
		const count = Math.floor(rest / size);
		rest -= count * size;
		if (count > 0 || parts.length > 0) parts.push(`${count}${unit}`);
		if (parts.length === 2) break;
	}
	const shown = parts.filter((p) => !/^0/.test(p));
	return shown.length > 0 ? shown.join(' ') : '0s';
}
