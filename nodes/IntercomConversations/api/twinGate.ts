import { abortReason } from '../transport/sleep';

/**
 * Twins are requests that write the same text, by the same admin, to the same conversation (or
 * contact): a read-back cannot tell their parts apart. So that one twin's read-back never takes
 * a part another twin's write is about to return, twins pass a gate per twin key: any number of
 * sends at once, or one read-back, never both. A read-back starts once no twin's send is in
 * flight (each has returned its part, or failed and will read back in turn); a send waits while
 * a read-back runs, and a waiting read-back goes before sends that arrive after it.
 * Process-wide; a gate exists only while a twin uses it.
 */

interface Waiter {
	kind: 'send' | 'readBack';
	grant: () => void;
}

interface Gate {
	sending: number;
	readingBack: boolean;
	queue: Waiter[];
}

const gates = new Map<string, Gate>();

function gateFor(key: string): Gate {
	let gate = gates.get(key);
	if (!gate) {
		gate = { sending: 0, readingBack: false, queue: [] };
		gates.set(key, gate);
	}
	return gate;
}

/** Lets in the waiters at the head of the queue that may enter now; forgets an idle gate. */
function pump(key: string, gate: Gate): void {
	while (gate.queue.length > 0 && !gate.readingBack) {
		const next = gate.queue[0];
		if (next.kind === 'readBack' && gate.sending > 0) break;
		gate.queue.shift();
		if (next.kind === 'send') gate.sending++;
		else gate.readingBack = true;
		next.grant();
	}
	if (gate.sending === 0 && !gate.readingBack && gate.queue.length === 0) gates.delete(key);
}

async function enter(key: string, kind: Waiter['kind'], signal?: AbortSignal): Promise<void> {
	if (signal?.aborted) throw abortReason(signal);
	const gate = gateFor(key);
	await new Promise<void>((resolve, reject) => {
		const onAbort = () => {
			gate.queue = gate.queue.filter((w) => w !== waiter);
			pump(key, gate);
			reject(abortReason(signal));
		};
		const waiter: Waiter = {
			kind,
			grant: () => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			},
		};
		signal?.addEventListener('abort', onAbort, { once: true });
		gate.queue.push(waiter);
		pump(key, gate);
	});
}

/** Waits until this twin may send (no twin reading back, none waiting to). */
export async function enterSend(key: string, signal?: AbortSignal): Promise<void> {
	await enter(key, 'send', signal);
}

/** This twin's send has ended: it returned, or failed. */
export function leaveSend(key: string): void {
	const gate = gateFor(key);
	gate.sending = Math.max(0, gate.sending - 1);
	pump(key, gate);
}

/** Waits until this twin alone may read back (no twin's send in flight). */
export async function enterReadBack(key: string, signal?: AbortSignal): Promise<void> {
	await enter(key, 'readBack', signal);
}

/** The read-back has ended; with `thenSend` the twin goes on to send again, without queueing. */
export function leaveReadBack(key: string, thenSend: boolean): void {
	const gate = gateFor(key);
	gate.readingBack = false;
	if (thenSend) gate.sending++;
	pump(key, gate);
}

/** Twin keys with a gate in use (for tests: all are forgotten once the twins are done). */
export function openGates(): number {
	return gates.size;
}
