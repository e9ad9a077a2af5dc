import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import type { Sandbox } from '../sandbox';
import { READ_LAG_ALLOWANCE_MS } from '../nodes/IntercomConversations/api/appendOnce';
import { claim, claimedScopes, isClaimed } from '../nodes/IntercomConversations/api/claims';
import { openGates } from '../nodes/IntercomConversations/api/twinGate';
import { useNodeSandbox, type RunOptions } from '../testkit';

/**
 * Exactly once for deliberate twins (items writing the same text to the same conversation or
 * contact) and for reads that lag writes: N items → N parts, each item with its own part.
 */

const kit = useNodeSandbox({ seed: 80, rateLimit: false });
const { sandbox, admin, byId } = kit;
afterEach(() => {
	sandbox.clearFaults();
	sandbox.setReadLag(0);
	expect(openGates()).toBe(0);
});

const run = (parameters: Record<string, unknown>, options: Omit<RunOptions, 'credentials' | 'parameters'> = {}) =>
	kit.run({ parameters, ...options });

const used = new Set<string>();
function fresh(state: 'open' | 'closed' | 'snoozed' = 'open'): string {
	const found = [...sandbox.state.conversations.values()].find((c) => c.state === state && !used.has(c.id));
	if (!found) throw new Error(`no unused ${state} conversation left in the seed`);
	used.add(found.id);
	return found.id;
}
const usedContacts = new Set<string>();
function freshContact(): string {
	const found = [...sandbox.state.contacts.values()].find((c) => !usedContacts.has(c.id));
	if (!found) throw new Error('no unused contact left in the seed');
	usedContacts.add(found.id);
	return found.id;
}

type Parts = { conversation_parts: { conversation_parts: Array<{ id: string; part_type: string }> } };
/** The id of the part of `type` an item's output holds. */
const partIdOf = (item: INodeExecutionData, type: string) =>
	(item.json as unknown as Parts).conversation_parts.conversation_parts.find((p) => p.part_type === type)?.id;

interface Twins {
	name: string;
	/** Where the write lands, and the route to break. */
	route: Parameters<Sandbox['failNext']>[0];
	target: () => string;
	parameters: (target: string, text: string) => Record<string, unknown>;
	/** What the sandbox holds with that text. */
	written: (target: string, text: string) => Array<{ id: string }>;
	/** The id of what an item says it wrote. */
	outputId: (item: INodeExecutionData) => unknown;
}

const withText = <T extends { body?: string | null }>(list: T[], text: string) => list.filter((p) => (p.body ?? '').includes(text));

const twinKinds: Twins[] = [
	{
		name: 'notes',
		route: 'POST /conversations/{id}/reply',
		target: () => fresh('open'),
		parameters: (id, text) => ({ resource: 'conversation', operation: 'addNote', conversationId: byId(id), adminId: admin(), body: text }),
		written: (id, text) => withText(sandbox.partsFor(id, 'note'), text),
		outputId: (item) => partIdOf(item, 'note'),
	},
	{
		name: 'replies',
		route: 'POST /conversations/{id}/reply',
		target: () => fresh('open'),
		parameters: (id, text) => ({ resource: 'conversation', operation: 'reply', conversationId: byId(id), adminId: admin(), body: text }),
		written: (id, text) => withText(sandbox.partsFor(id, 'comment'), text),
		outputId: (item) => partIdOf(item, 'comment'),
	},
	{
		name: 'closes with a message',
		route: 'POST /conversations/{id}/parts',
		target: () => fresh('open'),
		parameters: (id, text) => ({ resource: 'conversation', operation: 'close', conversationId: byId(id), adminId: admin(), body: text }),
		written: (id, text) => withText(sandbox.partsFor(id, 'close'), text),
		outputId: (item) => partIdOf(item, 'close'),
	},
	{
		name: 'contact notes',
		route: 'POST /contacts/{id}/notes',
		target: () => freshContact(),
		parameters: (id, text) => ({ resource: 'contact', operation: 'createNote', contactId: id, adminId: admin(), body: text }),
		written: (id, text) => withText(sandbox.notesForContact(id), text).map((n) => ({ id: String(n.id) })),
		outputId: (item) => (item.json as IDataObject).id,
	},
];

const TWINS = 3;
const faults = ['503', 'commit-then-500', 'commit-then-reset'] as const;

describe.each(twinKinds)('Twins: $name', (kind) => {
	it.each(faults)(`${TWINS} items with the same text write ${TWINS} parts, each item its own, when two fail (%s)`, async (fault) => {
		const target = kind.target();
		const text = `Same text from every item (${kind.name}, ${fault})`;
		sandbox.failNext(kind.route, fault, 2);
		const output = await run(kind.parameters(target, text), { items: Array.from({ length: TWINS }, () => ({})) });

		const written = kind.written(target, text);
		expect(written).toHaveLength(TWINS);
		const reported = output.map(kind.outputId);
		expect(new Set(reported).size).toBe(TWINS);
		expect(reported.map(String).sort()).toEqual(written.map((p) => String(p.id)).sort());
	});
});

describe('Reads that lag writes', () => {
	it.each(twinKinds)('writes $name once when reads lag 3 s and the write answers 500 after applying it', async (kind) => {
		sandbox.setReadLag(3_000);
		const target = kind.target();
		const text = `Lagging read (${kind.name})`;
		sandbox.failNext(kind.route, 'commit-then-500', 1);
		const [item] = await run(kind.parameters(target, text));
		const written = kind.written(target, text);
		expect(written).toHaveLength(1);
		expect(String(kind.outputId(item))).toBe(String(written[0].id));
	});

	it('writes twins with lagging reads as many times as there are items', async () => {
		sandbox.setReadLag(3_000);
		const [notes] = twinKinds;
		const target = notes.target();
		const text = 'Twins and a lagging read';
		sandbox.failNext(notes.route, 'commit-then-500', 1);
		sandbox.failNext(notes.route, '503', 1);
		const output = await run(notes.parameters(target, text), { items: [{}, {}, {}] });
		expect(notes.written(target, text)).toHaveLength(3);
		expect(new Set(output.map(notes.outputId)).size).toBe(3);
	});

	it('stops waiting for a lagging read as soon as the execution is cancelled', async () => {
		sandbox.setReadLag(60_000);
		const [notes] = twinKinds;
		const target = notes.target();
		sandbox.failNext(notes.route, '503', 1);
		const controller = new AbortController();
		const started = Date.now();
		const log = sandbox.log.length;
		const readBack = () => sandbox.log.slice(log).some((e) => e.method === 'GET' && e.path === `/conversations/${target}`);
		const ran = run(notes.parameters(target, 'Cancelled while waiting'), { signal: controller.signal }).catch((e: unknown) => e);
		while (!readBack() && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 20));
		controller.abort();
		const abortedAt = Date.now();
		const error = await ran;
		expect((error as Error).message).toMatch(/cancelled/i);
		// Not waiting out the read-back's pause (READ_LAG_ALLOWANCE_MS from the read).
		expect(Date.now() - abortedAt).toBeLessThan(READ_LAG_ALLOWANCE_MS / 2);
		expect(notes.written(target, 'Cancelled while waiting')).toHaveLength(0);
	});
});

describe('Claims', () => {
	it('hold a bounded number of conversations', () => {
		for (let i = 0; i < 10_050; i++) claim(`bound-test|conversation/${i}`, 'part');
		expect(claimedScopes()).toBeLessThanOrEqual(10_000);
		expect(isClaimed('bound-test|conversation/10049', 'part')).toBe(true);
		expect(isClaimed('bound-test|conversation/0', 'part')).toBe(false);
	});
});
