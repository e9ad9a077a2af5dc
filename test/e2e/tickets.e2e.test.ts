import { selectedLines } from '../../scripts/n8n/install';
import { outputOf } from '../../scripts/n8n/instance';
import { byId, intercom, manualTrigger, workflow, type Workflow } from './workflowBuilder';
import { runWorkflow, useN8nWithSandbox } from './n8nWithSandbox';

/**
 * Every ticket operation, Convert to Ticket and the Macro option of Reply and Close, once each,
 * inside real n8n against the sandbox: one workflow whose nodes pass the ticket along.
 */

describe.each(selectedLines())('$label', (line) => {
	const { sandbox, n8n } = useN8nWithSandbox(line, { seed: 200, rateLimit: { limit: 300, windowMs: 1000 } });
	const admin = () => String([...sandbox.state.admins.values()][0].id);
	const open = () => [...sandbox.state.conversations.values()].filter((c) => c.state === 'open').map((c) => c.id);

	const run = (wf: Workflow) => runWorkflow(n8n, wf);

	it('runs every ticket operation, Convert to Ticket and a macro reply and close', async () => {
		const tickets = sandbox.state.tickets;
		const contact = [...sandbox.state.contacts.values()][0];
		const tracker = tickets.addTicket({ type: tickets.typeNamed('Outage'), contactIds: [contact.id], attributes: { _default_title_: 'Outage' } });
		const [toLink, toConvert, toReply, toClose] = open();
		const macro = [...tickets.macros.values()].find((m) => m.name === 'Refund on its way');
		const thanks = [...tickets.macros.values()].find((m) => m.name === 'Thanks for waiting');
		const tag = [...sandbox.state.tags.values()][0];
		const ticket = { ticketId: '={{ $json.id }}' };
		const fromPart = { ticketId: '={{ $json.ticket_id }}' };
		const result = await run(
			workflow('e2eTickets001', 'e2e tickets', [
				manualTrigger(),
				intercom('Create', {
					resource: 'ticket',
					operation: 'create',
					ticketTypeId: tickets.typeNamed('Bug report').id,
					contactId: contact.id,
					title: 'Export broken',
					attributes: { attribute: [{ name: 'Severity', value: 'High' }] },
				}),
				intercom('Get', { resource: 'ticket', operation: 'get', ...ticket }),
				intercom('Update', { resource: 'ticket', operation: 'update', ...ticket, adminId: admin(), updateFields: { ticketStateId: tickets.stateOf('in_progress').id } }),
				intercom('Reply', { resource: 'ticket', operation: 'reply', ...ticket, adminId: admin(), body: 'Working on it' }),
				intercom('Note', { resource: 'ticket', operation: 'addNote', ...fromPart, adminId: admin(), body: 'Escalated' }),
				intercom('Tag', { resource: 'ticket', operation: 'addTag', ...fromPart, adminId: admin(), tag: { __rl: true, mode: 'name', value: tag.name } }),
				intercom('Untag', { resource: 'ticket', operation: 'removeTag', ...fromPart, adminId: admin(), tag: { __rl: true, mode: 'id', value: tag.id } }),
				intercom('Link', { resource: 'ticket', operation: 'linkConversation', ticketId: tracker.id, conversationId: byId(toLink) }),
				intercom('Unlink', { resource: 'ticket', operation: 'unlinkConversation', ticketId: tracker.id, conversationId: byId(toLink) }),
				intercom('Convert', {
					resource: 'conversation',
					operation: 'convertToTicket',
					conversationId: byId(toConvert),
					ticketTypeId: tickets.typeNamed('Billing question').id,
					attributesInput: 'json',
					attributesJson: '{"Invoice number": "INV-1"}',
				}),
				intercom('Macro Reply', { resource: 'conversation', operation: 'reply', conversationId: byId(toReply), adminId: admin(), macroId: macro?.id }),
				intercom('Macro Close', { resource: 'conversation', operation: 'close', conversationId: byId(toClose), adminId: admin(), macroId: thanks?.id }),
				intercom('Search', { resource: 'ticket', operation: 'getMany', returnAll: true, ticketFilters: { states: ['in_progress'] } }),
			]),
		);
		expect(result.status).toBe('success');
		const created = String(outputOf(result, 'Create')[0].json.id);
		const record = tickets.tickets.get(created);
		expect(record?.ticket_state.category).toBe('in_progress');
		expect(outputOf(result, 'Get')[0].json.id).toBe(created);
		expect(record?.parts.filter((p) => p.part_type === 'comment' || p.part_type === 'note').map((p) => p.body)).toEqual(['<p>Working on it</p>', '<p>Escalated</p>']);
		expect(outputOf(result, 'Tag')[0].json).toMatchObject({ id: tag.id, ticket_id: created });
		expect(record?.tags).toEqual([]);
		expect(outputOf(result, 'Link')[0].json.id).toBe(toLink);
		expect(tracker.linked_objects.data).toEqual([]);
		expect(outputOf(result, 'Convert')[0].json.id).toBe(tickets.converted.get(toConvert));
		expect(outputOf(result, 'Macro Reply')[0].json.macro).toEqual({ id: macro?.id, name: macro?.name, actions: [] });
		expect(sandbox.partsFor(toReply, 'comment').at(-1)?.body).toContain(`the refund for conversation ${toReply} is on its way`);
		expect(sandbox.state.conversations.get(toClose)?.state).toBe('closed');
		expect(outputOf(result, 'Search').map((o) => o.json.id)).toEqual([created]);
	}, 10 * 60_000);
});
