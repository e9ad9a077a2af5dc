import { selectedLines } from '../../scripts/n8n/install';
import { outputOf } from '../../scripts/n8n/instance';
import { intercom, itemsOf, manualTrigger, workflow } from './workflowBuilder';
import { useN8nWithSandbox } from './n8nWithSandbox';

/**
 * Conversation → Create and Send Message inside real n8n: a list of emails → a conversation
 * started by each contact → a teammate's email into it, with an unknown email routed to the
 * error output and a write that landed but failed (commit-then-500) written once.
 */

describe.each(selectedLines())('$label', (line) => {
	const { sandbox, n8n } = useN8nWithSandbox(line, { seed: 60, rateLimit: { limit: 300, windowMs: 1000 } });
	const admin = () => String([...sandbox.state.admins.values()][0].id);

	it('creates a conversation per contact found by email, then emails each one from a teammate', async () => {
		const contacts = [sandbox.state.addContact({ email: 'e2e-first@example.com' }), sandbox.state.addContact({ role: 'lead', email: 'e2e-second@example.com' })];
		const started = (contactId: string) =>
			[...sandbox.state.conversations.values()].filter((c) => c.contacts.contacts.some((x) => x.id === contactId));
		sandbox.failNext('POST /conversations', 'commit-then-500');
		const wf = workflow('e2eNewConvo000001', 'e2e new conversations', [
			manualTrigger(),
			...itemsOf('email', ['e2e-first@example.com', 'nobody@example.com', 'e2e-second@example.com']),
			intercom(
				'Create',
				{
					resource: 'conversation',
					operation: 'create',
					contact: { __rl: true, mode: 'email', value: '={{ $json.email }}' },
					body: '=Order question from {{ $json.email }}',
					simplify: true,
				},
				{ onError: 'continueErrorOutput' },
			),
			intercom('Email', {
				resource: 'conversation',
				operation: 'sendMessage',
				adminId: admin(),
				contact: { __rl: true, mode: 'email', value: "={{ $('Rows').item.json.email }}" },
				messageType: 'email',
				subject: 'About your order',
				body: '=We are on it (conversation {{ $json.id }}).',
			}),
		]);
		await n8n.importWorkflows([wf]);
		const result = await n8n.execute(wf.id);
		expect(result.status).toBe('success');

		const created = outputOf(result, 'Create', 0);
		expect(created).toHaveLength(2);
		expect(created[0].json).toMatchObject({ state: 'open', message: { type: 'user_message' } });
		expect(String(outputOf(result, 'Create', 1)[0].json.error)).toBe('Item 1: Contact "nobody@example.com" matches no contact');

		const emailed = outputOf(result, 'Email', 0);
		expect(emailed.map((i) => i.json.subject)).toEqual(['About your order', 'About your order']);
		for (const [i, contact] of contacts.entries()) {
			const conversations = started(contact.id);
			// One conversation started by the contact (the commit-then-500 one was found, not sent again), one email.
			expect(conversations.map((c) => c.source.delivered_as).sort()).toEqual(['admin_initiated', 'customer_initiated']);
			const opened = conversations.find((c) => c.source.delivered_as === 'customer_initiated');
			expect(created[i].json.id).toBe(opened?.id);
			expect(conversations.find((c) => c.source.type === 'email')?.source.body).toContain(`conversation ${opened?.id}`);
		}
	}, 300_000);
});
