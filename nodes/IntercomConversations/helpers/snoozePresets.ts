import { DateTime, IANAZone } from 'luxon';

/**
 * When a snooze preset ends, from an injected `now`, in a time zone. Pure, so it can be tested
 * with a fixed clock across daylight-saving changes:
 * - "in 1 hour" and "in 4 hours" are real elapsed time (4 hours across a change is still 4 hours);
 * - "tomorrow at 09:00", "next Monday at 09:00" and "in N days" are calendar arithmetic: 09:00 on
 *   the wall clock of that day, and the same wall-clock time N days later, whatever the offset then.
 */

export const SNOOZE_PRESETS = ['in1Hour', 'in4Hours', 'tomorrowAt9', 'nextMondayAt9', 'inDays'] as const;
export type SnoozePreset = (typeof SNOOZE_PRESETS)[number];

export const isSnoozePreset = (value: unknown): value is SnoozePreset =>
	(SNOOZE_PRESETS as readonly unknown[]).includes(value);

export const isTimeZone = (zone: string): boolean => IANAZone.isValidZone(zone);

const atNine = (day: DateTime): DateTime => day.set({ hour: 9, minute: 0, second: 0, millisecond: 0 });

/** The instant a preset ends. `days` is used by `inDays` only (a whole number of at least 1). */
export function snoozePresetEnd(preset: SnoozePreset, now: DateTime, zone: string, days = 1): DateTime {
	if (!isTimeZone(zone)) throw new Error(`"${zone}" is not a time zone`);
	const local = now.setZone(zone);
	switch (preset) {
		case 'in1Hour':
			return local.plus({ hours: 1 });
		case 'in4Hours':
			return local.plus({ hours: 4 });
		case 'tomorrowAt9':
			return atNine(local.plus({ days: 1 }));
		case 'nextMondayAt9':
			// Luxon weekdays run 1 (Monday) to 7 (Sunday): on a Monday, "next Monday" is a week later.
			return atNine(local.plus({ days: 8 - local.weekday }));
		case 'inDays':
			return local.plus({ days });
	}
}

/**
 * A moment from a parameter: a Luxon DateTime or a Date (from an expression), Unix seconds or
 * milliseconds, or an ISO 8601 text. A text without an offset is read in `zone`.
 */
export function parseMoment(value: unknown, zone: string): DateTime | undefined {
	if (DateTime.isDateTime(value)) return value.isValid ? value : undefined;
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : DateTime.fromJSDate(value);
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (text === '') return undefined;
	if (/^\d+$/.test(text)) {
		const n = Number(text);
		// Unix seconds until the year 5138; longer numbers are milliseconds.
		return DateTime.fromMillis(n < 1e11 ? n * 1000 : n, { zone });
	}
	for (const parse of [DateTime.fromISO, DateTime.fromRFC2822, DateTime.fromSQL]) {
		const moment = parse(text, { zone, setZone: true });
		if (moment.isValid) return moment;
	}
	return undefined;
}
