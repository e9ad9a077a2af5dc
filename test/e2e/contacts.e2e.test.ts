import { ensureCompany } from '../../sandbox/handlers/companies';
import { selectedLines } from '../../scripts/n8n/install';
import { outputOf } from '../../scripts/n8n/instance';
import { intercom, itemsOf, manualTrigger, workflow } from './workflowBuilder';
import { useN8nWithSandbox } from './n8nWithSandbox';

/**
 * The Contact and Company resources inside real n8n: every operation once in one workflow (a
 * company, a lead, a customer upserted by external ID through a write that landed but failed,
 * then updated, read, tagged, linked, noted, archived, merged and deleted), and a CRM-style batch
 * of upserts with a bad row routed to the error output before anything is sent for it.
 */

const rl = (mode: string, value: string) => ({ __rl: true, mode, value });
const upserted = "={{ $('Upsert').item.json.id }}";

describe.each(selectedLines())('$label', (line) => {
	const { sandbox, n8n } = useN8nWithSandbox(line, { seed: 61, rateLimit: { limit: 300, windowMs: 1000 } });
	const admin = () => String([...sandbox.state.admins.values()][0].id);

	it('runs every contact and company operation once, writing each thing once', async () => {
		const tag = sandbox.state.addTag('e2e-vip');
		// Get Many runs on a branch after the chain (which deletes the customer): it looks for a contact that stays.
		const kept = sandbox.state.addContact({ email: 'e2e-kept@example.com', external_id: 'kept-1' });
		// Likewise Companies: Intercom lists only companies with contacts, so one keeps its contact.
		const listed = ensureCompany(sandbox.state, 'e2e-listed', 'Listed');
		sandbox.state.contactCompanies.set(kept.id, new Set([listed.id]));
		listed.user_count = 1;
		sandbox.failNext('POST /contacts', 'commit-then-500');
		const wf = workflow(
			'e2eContacts000001',
			'e2e contacts and companies',
			[
				manualTrigger(),
				intercom('Company', {
					resource: 'company',
					operation: 'upsert',
					companyId: 'e2e-acme',
					additionalFields: { name: 'Acme', plan: 'Pro', size: 40, monthlySpend: 990 },
					customAttributesMode: 'fields',
					customAttributes: { attribute: [{ name: 'region', value: 'EMEA' }] },
				}),
				intercom('Upsert', {
					resource: 'contact',
					operation: 'upsert',
					externalId: 'cus_e2e_1',
					email: 'e2e-customer@example.com',
					role: 'user',
					additionalFields: { name: 'Customer' },
					customAttributesMode: 'json',
					customAttributesJson: '{"seats": 5}',
				}),
				intercom('Lead', { resource: 'contact', operation: 'create', role: 'lead', email: 'e2e-lead@example.com', additionalFields: { name: 'Lead' } }),
				intercom('Update', { resource: 'contact', operation: 'update', contactId: rl('email', 'e2e-customer@example.com'), updateFields: { phone: '+353871234567' } }),
				intercom('Get', {
					resource: 'contact',
					operation: 'get',
					contactId: rl('url', "=https://app.intercom.com/a/apps/abc123/users/{{ $('Upsert').item.json.id }}/all-conversations"),
				}),
				intercom('Add Tag', { resource: 'contact', operation: 'addTag', contactId: rl('id', upserted), tag: rl('name', 'e2e-vip') }),
				intercom('Remove Tag', { resource: 'contact', operation: 'removeTag', contactId: rl('id', upserted), tag: rl('id', tag.id) }),
				intercom('Attach', { resource: 'contact', operation: 'attachToCompany', contactId: rl('id', upserted), company: rl('companyId', 'e2e-acme') }),
				intercom('Company Get', { resource: 'company', operation: 'get', company: rl('companyId', 'e2e-acme') }),
				intercom('Company Note', { resource: 'company', operation: 'addNote', company: rl('id', "={{ $('Company').item.json.id }}"), adminId: admin(), body: 'Renewal in May' }),
				intercom('Contact Note', { resource: 'contact', operation: 'createNote', contactId: rl('id', upserted), adminId: admin(), body: 'Upgraded' }),
				intercom('Detach', { resource: 'contact', operation: 'detachFromCompany', contactId: rl('id', upserted), company: rl('companyId', 'e2e-acme') }),
				intercom('Archive', { resource: 'contact', operation: 'archive', contactId: rl('id', upserted) }),
				intercom('Unarchive', { resource: 'contact', operation: 'unarchive', contactId: rl('id', upserted) }),
				intercom('Merge', {
					resource: 'contact',
					operation: 'merge',
					contactId: rl('id', "={{ $('Lead').item.json.id }}"),
					intoContactId: rl('id', upserted),
					skipDuplicateCheck: true,
				}),
				intercom('Delete', { resource: 'contact', operation: 'delete', contactId: rl('id', upserted) }),
			],
			[
				['Get', 0, 'Get Many'],
				['Attach', 0, 'Companies'],
			],
			[
				intercom('Get Many', { resource: 'contact', operation: 'getMany', returnAll: true, filters: { email: 'e2e-kept@example.com' } }),
				intercom('Companies', { resource: 'company', operation: 'getMany', returnAll: false, limit: 10 }),
			],
		);
		await n8n.importWorkflows([wf]);
		const result = await n8n.execute(wf.id);
		expect(result.status).toBe('success');

		const first = (name: string) => outputOf(result, name)[0].json;
		const companyId = String(first('Company').id);
		const customerId = String(first('Upsert').id);
		const leadId = String(first('Lead').id);
		expect(first('Company')).toMatchObject({ company_id: 'e2e-acme', name: 'Acme', size: 40, monthly_spend: 990 });
		expect(first('Lead')).toMatchObject({ role: 'lead', email: 'e2e-lead@example.com' });
		expect(first('Upsert')).toMatchObject({ external_id: 'cus_e2e_1', custom_attributes: { seats: 5 } });
		expect(first('Update')).toMatchObject({ id: customerId, phone: '+353871234567' });
		expect(first('Get').id).toBe(customerId);
		expect(outputOf(result, 'Get Many').map((i) => i.json.id)).toEqual([kept.id]);
		expect(first('Add Tag')).toMatchObject({ id: tag.id, contact_id: customerId });
		expect(first('Remove Tag')).toMatchObject({ id: tag.id });
		expect(first('Attach')).toMatchObject({ id: companyId, user_count: 1 });
		expect(outputOf(result, 'Companies').map((i) => i.json.id)).toContain(listed.id);
		expect(first('Company Get').id).toBe(companyId);
		expect(first('Company Note')).toMatchObject({ type: 'note', company: { id: companyId } });
		expect(first('Contact Note').type).toBe('note');
		expect(first('Detach').id).toBe(companyId);
		expect(first('Archive')).toMatchObject({ id: customerId, archived: true });
		expect(first('Unarchive')).toMatchObject({ id: customerId, archived: false });
		expect(first('Merge').id).toBe(customerId);
		expect(first('Delete')).toMatchObject({ id: customerId, deleted: true });

		// What Intercom holds: one customer (the commit-then-500 create was found, not sent again), now deleted; the lead merged.
		const posts = sandbox.log.filter((e) => e.route === 'POST /contacts');
		expect(posts.map((e) => e.status)).toEqual([500, 200]);
		expect(sandbox.state.contacts.has(customerId)).toBe(false);
		expect(sandbox.state.mergedContacts.get(leadId)).toBe(customerId);
		expect([...sandbox.state.contacts.values()].filter((c) => c.external_id === 'cus_e2e_1')).toHaveLength(0);
		expect([...sandbox.state.companies.values()].filter((c) => c.company_id === 'e2e-acme')).toHaveLength(1);
		expect(sandbox.state.companyNotes.get(companyId)).toHaveLength(1);
	}, 300_000);

	it('upserts a batch of CRM rows once each, routing a row without a key to the error output', async () => {
		const before = sandbox.log.filter((e) => e.route === 'POST /contacts').length;
		const wf = workflow('e2eContacts000002', 'e2e contacts batch', [
			manualTrigger(),
			...itemsOf('key', ['crm-1', '', 'crm-2', 'crm-1']),
			intercom(
				'Upsert',
				{
					resource: 'contact',
					operation: 'upsert',
					externalId: '={{ $json.key }}',
					email: '',
					additionalFields: { name: '=Row {{ $itemIndex }}' },
				},
				{ onError: 'continueErrorOutput' },
			),
		]);
		await n8n.importWorkflows([wf]);
		const result = await n8n.execute(wf.id);
		expect(result.status).toBe('success');
		expect(outputOf(result, 'Upsert', 0).map((i) => i.json.external_id)).toEqual(['crm-1', 'crm-2', 'crm-1']);
		expect(String(outputOf(result, 'Upsert', 1)[0].json.error)).toBe('Item 1: External ID and Email are both empty');
		const crm = [...sandbox.state.contacts.values()].filter((c) => c.external_id?.startsWith('crm-'));
		expect(crm.map((c) => c.external_id).sort()).toEqual(['crm-1', 'crm-2']);
		expect(sandbox.log.filter((e) => e.route === 'POST /contacts').length - before).toBe(2);
	}, 300_000);
});
