import { DateTime } from 'luxon';
import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { isTimeZone, parseMoment, SNOOZE_PRESETS, snoozePresetEnd } from '../../helpers/snoozePresets';
import { invalid, read } from '../inputs';
import { adminIdParameter, conversationIdParameter } from '../parameters';
import type { PrepareContext, Send } from '../types';
import { snooze } from '../../api/conversations';

const MAX_DAYS = 365;
/** Snooze's default: n8n leaves it out of saved workflows, and fills it in again before the node runs. */
const DEFAULT_MODE = 'tomorrowAt9';
const MODES = [...SNOOZE_PRESETS, 'until'] as const;

const properties: INodeProperties[] = [
	conversationIdParameter,
	{ ...adminIdParameter, description: 'The teammate who snoozes the conversation' },
	{
		displayName: 'Snooze',
		name: 'snoozeMode',
		type: 'options',
		default: DEFAULT_MODE,
		options: [
			{ name: 'For 1 Hour', value: 'in1Hour', description: 'One hour from now' },
			{ name: 'For 4 Hours', value: 'in4Hours', description: 'Four hours from now (real hours, also across a clock change)' },
			{ name: 'For N Days', value: 'inDays', description: 'The same time of day, N days from now' },
			{ name: 'Until a Date and Time', value: 'until', description: 'Until the moment given in Snooze Until' },
			{ name: 'Until Next Monday at 09:00', value: 'nextMondayAt9', description: '09:00 on the coming Monday (a week ahead on a Monday)' },
			{ name: 'Until Tomorrow at 09:00', value: 'tomorrowAt9', description: '09:00 tomorrow' },
		],
	},
	{
		displayName: 'Snooze Until',
		name: 'snoozeUntil',
		type: 'dateTime',
		default: '',
		required: true,
		displayOptions: { show: { snoozeMode: ['until'] } },
		description:
			'When the conversation reopens. A date and time without an offset is read in the Time Zone below. Must be in the future.',
	},
	{
		// The same parameter under Snooze's default. Before the node runs, n8n fills in Snooze's
		// default and drops parameters its displayOptions hide, so a workflow that gives only
		// Snooze Until would lose it here and snooze until tomorrow at 09:00.
		displayName: 'Snooze Until',
		name: 'snoozeUntil',
		type: 'dateTime',
		default: '',
		displayOptions: { show: { snoozeMode: [DEFAULT_MODE] } },
		description:
			'Optional. Empty: until tomorrow at 09:00. Set (as in a workflow that gives only Snooze Until), the conversation is snoozed until this moment instead.',
	},
	{
		displayName: 'Days',
		name: 'days',
		type: 'number',
		default: 1,
		typeOptions: { minValue: 1, maxValue: MAX_DAYS },
		displayOptions: { show: { snoozeMode: ['inDays'] } },
		description: 'How many days to snooze for; the conversation reopens at the same time of day',
	},
	{
		displayName: 'Time Zone',
		name: 'timezone',
		type: 'string',
		default: '',
		placeholder: 'e.g. Europe/Berlin',
		description:
			"The IANA time zone for 09:00, for days, and for a Snooze Until without an offset. Empty: the workflow's time zone.",
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['snooze'] } },
	properties,
);

/**
 * The snooze end as Unix seconds, refusing a moment that is not in the future. A Snooze Until
 * given while Snooze is at its default means "until that moment" (the default may only have
 * been filled in by n8n).
 */
function readSnoozeEnd(this: IExecuteFunctions, itemIndex: number, now: DateTime): number {
	const zone = read.text(this, itemIndex, 'timezone', 'Time Zone', { trim: true }) ?? this.getTimezone();
	if (!isTimeZone(zone)) {
		invalid(this, itemIndex, 'Time Zone', `"${zone}" is not a time zone`, 'Use an IANA time zone name such as Europe/Berlin or America/New_York, or leave it empty.');
	}
	const chosen = read.choice(this, itemIndex, 'snoozeMode', 'Snooze', MODES, DEFAULT_MODE);
	const mode = chosen === DEFAULT_MODE && read.isSet(this, itemIndex, 'snoozeUntil') ? 'until' : chosen;
	let end: DateTime;
	if (mode === 'until') {
		const raw = read.raw(this, itemIndex, 'snoozeUntil', '');
		end =
			parseMoment(raw, zone) ??
			invalid(
				this,
				itemIndex,
				'Snooze Until',
				raw === '' || raw === undefined || raw === null ? 'is empty' : `${JSON.stringify(raw)} is not a date and time`,
				'Give a date and time such as 2026-11-05T09:30 (read in the Time Zone) or 2026-11-05T09:30:00Z.',
			);
	} else {
		const days =
			mode === 'inDays'
				? read.wholeNumber(this, itemIndex, 'days', 'Days', { min: 1, max: MAX_DAYS, fallback: 1, hint: 'Give the number of days to snooze for.' })
				: 1;
		end = snoozePresetEnd(mode, now, zone, days);
	}
	const seconds = Math.floor(end.toSeconds());
	if (seconds <= Math.floor(now.toSeconds())) {
		invalid(
			this,
			itemIndex,
			'Snooze Until',
			`${end.setZone(zone).toISO()} is in the past`,
			'A conversation can only be snoozed until a moment in the future.',
		);
	}
	return seconds;
}

export async function prepare(this: IExecuteFunctions, itemIndex: number, { directory }: PrepareContext): Promise<Send> {
	const conversationId = read.conversationId(this, itemIndex);
	const until = readSnoozeEnd.call(this, itemIndex, DateTime.now());
	const adminId = await read.actingAdmin(this, itemIndex, directory);
	return async (client) => await snooze(client, conversationId, adminId, until);
}
