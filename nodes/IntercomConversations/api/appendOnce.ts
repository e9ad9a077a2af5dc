import type { IntercomClient, IntercomRequest } from '../transport';
import { sleep } from '../transport/sleep';
import { enterReadBack, enterSend, leaveReadBack, leaveSend } from './twinGate';
import { twinKey, type WrittenText } from './writtenText';

/**
 * Intercom may show a write to reads a few seconds after applying it. A read-back that finds
 * nothing reads once more, this long after it started, before the transport sends the write
 * again (the wait ends at once when the execution is cancelled).
 */
export const READ_LAG_ALLOWANCE_MS = 4_000;

export type ReadBack = NonNullable<IntercomRequest['readBack']>;

/** One read of a read-back; `lastRead`: when it finds nothing, the transport sends again. */
export type Read = (reader: IntercomClient, sinceSeconds: number, lastRead: boolean) => Promise<unknown>;

/** A read-back that, finding nothing, reads once more READ_LAG_ALLOWANCE_MS after it started. */
export function patientReadBack(read: Read): ReadBack {
	return async (reader, sinceSeconds) => {
		const startedAt = Date.now();
		const found = await read(reader, sinceSeconds, false);
		if (found !== undefined) return found;
		await sleep(startedAt + READ_LAG_ALLOWANCE_MS - Date.now(), reader.options.signal);
		return await read(reader, sinceSeconds, true);
	};
}

export interface AppendWrite {
	/** Where the part lands: `conversation/{id}` or `contact/{id}`. */
	scope: string;
	written: WrittenText;
	/** Finds an unclaimed part of this write and claims it; returns what the write would have. */
	find: ReadBack;
	/** Claims the part a successful write returned. */
	claim: (result: unknown) => void;
}

/**
 * An `append` write (a reply, a note, a close with a message, a contact note) sent exactly once:
 * - what the write returned, or what its read-back found, is claimed, so no other request's
 *   read-back can take it (claims.ts);
 * - twins (same text, admin and conversation) pass a gate, so a read never runs while a twin's
 *   send is in flight (twinGate.ts): any part it finds unclaimed is one of a failed attempt;
 *   which twin takes it does not matter, since each takes one at most and the others send again;
 * - a read-back that finds nothing reads once more after READ_LAG_ALLOWANCE_MS (the gate is
 *   open to twins meanwhile).
 */
export async function appendOnce<T>(
	client: IntercomClient,
	request: Omit<IntercomRequest, 'retry' | 'readBack' | 'onSuccess'>,
	write: AppendWrite,
): Promise<T> {
	const key = `${client.connection.key}|${write.scope}|${twinKey(write.written)}`;
	await enterSend(key, client.options.signal);
	let sending = true;
	const sendEnded = () => {
		if (!sending) return;
		sending = false;
		leaveSend(key);
	};
	try {
		return await client.request<T>({
			...request,
			retry: 'append',
			readBack: patientReadBack(async (reader, sinceSeconds, lastRead) => {
				sendEnded();
				await enterReadBack(key, reader.options.signal);
				let found: unknown;
				let read = false;
				try {
					found = await write.find(reader, sinceSeconds);
					read = true;
				} finally {
					// The last read found nothing: the transport sends again at once, as this twin's send.
					sending = lastRead && read && found === undefined;
					leaveReadBack(key, sending);
				}
				return found;
			}),
			onSuccess: (result) => {
				write.claim(result);
				sendEnded();
			},
		});
	} finally {
		sendEnded();
	}
}

/** The claim scope of a conversation or contact in the client's workspace. */
export function scopeOf(client: IntercomClient, scope: string): string {
	return `${client.connection.key}|${scope}`;
}
