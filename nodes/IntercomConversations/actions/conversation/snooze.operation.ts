import { DateTime } from 'luxon';
import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { isSnoozePreset, isTimeZone, parseMoment, snoozePresetEnd } from '../../helpers/snoozePresets';
import { adminIdParameter, conversationIdParameter, invalid, readConversationId } from '../common';
import type { PrepareContext, Send } from '../types';
import { readActingAdmin } from './inputs';
import { snooze } from '../../api/conversations';

const MAX_DAYS = 365;

const properties: INodeProperties[] = [
	conversationIdParameter,
	{ ...adminIdParameter, description: 'The teammate who snoozes the conversation' },
	{
		displayName: 'Snooze',
		name: 'snoozeMode',
		type: 'options',
		default: 'tomorrowAt9',
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

/** The snooze end as Unix seconds, refusing a moment that is not in the future. */
function readSnoozeEnd(this: IExecuteFunctions, itemIndex: number, now: DateTime): number {
	const zoneParameter = String(this.getNodeParameter('timezone', itemIndex, '') ?? '').trim();
	const zone = zoneParameter || this.getTimezone();
	if (!isTimeZone(zone)) {
		invalid.call(this, itemIndex, 'Time Zone', `"${zone}" is not a time zone`, 'Use an IANA time zone name such as Europe/Berlin or America/New_York, or leave it empty.');
	}
	const mode = this.getNodeParameter('snoozeMode', itemIndex, 'tomorrowAt9') as unknown;
	let end: DateTime;
	if (mode === 'until') {
		const raw = this.getNodeParameter('snoozeUntil', itemIndex, '') as unknown;
		end =
			parseMoment(raw, zone) ??
			invalid.call(
				this,
				itemIndex,
				'Snooze Until',
				raw === '' || raw === undefined || raw === null ? 'is empty' : `${JSON.stringify(raw)} is not a date and time`,
				'Give a date and time such as 2026-11-05T09:30 (read in the Time Zone) or 2026-11-05T09:30:00Z.',
			);
	} else if (isSnoozePreset(mode)) {
		const days = Number(this.getNodeParameter('days', itemIndex, 1));
		if (mode === 'inDays' && !(Number.isInteger(days) && days >= 1 && days <= MAX_DAYS)) {
			invalid.call(this, itemIndex, 'Days', `${JSON.stringify(days)} is not a whole number from 1 to ${MAX_DAYS}`, 'Give the number of days to snooze for.');
		}
		end = snoozePresetEnd(mode, now, zone, days);
	} else {
		return invalid.call(this, itemIndex, 'Snooze', `${JSON.stringify(mode)} is not a snooze option`, 'Choose an option from the list.');
	}
	const seconds = Math.floor(end.toSeconds());
	if (seconds <= Math.floor(now.toSeconds())) {
		invalid.call(
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
	const conversationId = readConversationId.call(this, itemIndex);
	const until = readSnoozeEnd.call(this, itemIndex, DateTime.now());
	const adminId = await readActingAdmin.call(this, itemIndex, directory);
	return async (client) => await snooze(client, conversationId, adminId, until);
}
