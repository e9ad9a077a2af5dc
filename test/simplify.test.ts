import { useNodeSandbox, type RunOptions } from '../testkit';

/** The Simplify toggle: what a next step needs, from the same writes; the whole conversation when off. */
const kit = useNodeSandbox({ seed: 60 });
const { sandbox, admin } = kit;
const run = (parameters: RunOptions['parameters']) => kit.run({ parameters: { resource: 'conversation', adminId: admin(), ...parameters } });
const open = () => [...sandbox.state.conversations.values()].filter((c) => c.state === 'open').map((c) => c.id);

describe('Simplify', () => {
	it('closes and outputs the id, the state, the assignees, the tags and the part it added', async () => {
		const id = open()[0];
		const [item] = await run({ operation: 'close', conversationId: { mode: 'id', value: id }, simplify: true });
		const closePart = sandbox.partsFor(id, 'close').at(-1);
		expect(item.json).toEqual({
			id,
			state: 'closed',
			admin_assignee_id: sandbox.state.conversations.get(id)?.admin_assignee_id,
			team_assignee_id: sandbox.state.conversations.get(id)?.team_assignee_id,
			tags: expect.any(Array),
			part_id: closePart?.id,
			parts: [{ id: closePart?.id, part_type: 'close' }],
		});
		expect(JSON.stringify(item.json).length).toBeLessThan(400);
	});

	it("adds a note and outputs the note's part id", async () => {
		const id = open()[0];
		const [item] = await run({ operation: 'addNote', conversationId: { mode: 'id', value: id }, body: 'Checked the invoice', simplify: true });
		const note = sandbox.partsFor(id, 'note').at(-1);
		expect(item.json).toEqual({ id, state: 'open', part_id: note?.id, parts: [{ id: note?.id, part_type: 'note' }] });
	});

	it('snoozes and outputs snoozed_until', async () => {
		const id = open()[0];
		const until = Math.floor(Date.now() / 1000) + 7_200;
		const [item] = await run({
			operation: 'snooze',
			conversationId: { mode: 'id', value: id },
			snoozeMode: 'until',
			snoozeUntil: new Date(until * 1000).toISOString(),
			simplify: true,
		});
		expect(item.json).toMatchObject({ id, state: 'snoozed', snoozed_until: until });
	});

	it('lists no parts when Close skips a conversation that is already closed', async () => {
		const id = open()[0];
		await run({ operation: 'close', conversationId: { mode: 'id', value: id } });
		const [item] = await run({
			operation: 'close',
			conversationId: { mode: 'id', value: id },
			closeOptions: { skipIfClosed: true },
			simplify: true,
		});
		expect(item.json.id).toBe(id);
		expect(item.json.state).toBe('closed');
		expect(item.json.parts).toBeUndefined();
	});

	it('outputs the whole conversation when off, as before', async () => {
		const id = open()[0];
		const [item] = await run({ operation: 'close', conversationId: { mode: 'id', value: id } });
		expect(item.json).toHaveProperty('conversation_parts');
		expect(item.json).toHaveProperty('source');
	});

	it('refuses a Simplify that is not true or false, naming the item, before anything is closed', async () => {
		const [first, second] = open();
		const writesBefore = sandbox.log.filter((entry) => entry.method !== 'GET').length;
		await expect(
			kit.run({
				items: [{ id: first, simplify: true }, { id: second, simplify: 'yes' }],
				parameters: {
					resource: 'conversation',
					adminId: admin(),
					operation: 'close',
					conversationId: { mode: 'id', value: (item: { id: string }) => item.id },
					simplify: (item: { simplify: unknown }) => item.simplify,
				},
			}),
		).rejects.toThrow('Item 1: Simplify is "yes", not true or false');
		expect(sandbox.log.filter((entry) => entry.method !== 'GET').length).toBe(writesBefore);
		expect(sandbox.state.conversations.get(first)?.state).toBe('open');
	});
});
