import type { Company } from '../sandbox/types';
import { ensureCompany } from '../sandbox/handlers/companies';
import { searchCompanies } from '../nodes/IntercomConversations/methods/companies';
import { loadOptionsContext, useNodeSandbox, type RunOptions } from '../testkit';

/** The Company resource over real HTTP: outputs, and what Intercom holds afterwards. */

const kit = useNodeSandbox({ seed: 121, rateLimit: false });
const { sandbox, admin, credentials } = kit;
afterEach(() => sandbox.clearFaults());

const company = (parameters: Record<string, unknown>, options: Omit<RunOptions, 'credentials' | 'parameters'> = {}) =>
	kit.run({ ...options, parameters: { resource: 'company', ...parameters } });
const byCompanyId = (id: string) => [...sandbox.state.companies.values()].filter((c) => c.company_id === id);
let seq = 0;

/** A company with `contacts` linked contacts (Intercom lists only companies that have some). */
function withContacts(companyId: string, name: string, contacts = 1): Company {
	const made = ensureCompany(sandbox.state, companyId, name);
	for (let i = 0; i < contacts; i++) {
		const contact = sandbox.state.addContact({ email: `${companyId}-${i}@companies.test`, external_id: `${companyId}-${i}` });
		sandbox.state.contactCompanies.set(contact.id, new Set([made.id]));
	}
	made.user_count = contacts;
	return made;
}

async function refusedBeforeAnyRequest(parameters: Record<string, unknown>) {
	const mark = sandbox.log.length;
	const error = await company(parameters).then(
		() => undefined,
		(e: unknown) => e as Error,
	);
	expect(sandbox.log.slice(mark)).toEqual([]);
	if (!error) throw new Error('expected the node to fail');
	return error;
}

describe('Upsert', () => {
	it('creates the company with its fields, then updates the same one by your company ID', async () => {
		const [created] = await company({
			operation: 'upsert',
			companyId: 'acme-1',
			additionalFields: { name: 'Acme', plan: 'Enterprise', size: 120, website: 'https://acme.example', industry: 'Rockets', monthlySpend: 1500.9 },
			customAttributesMode: 'fields',
			customAttributes: { attribute: [{ name: 'region', value: 'EMEA' }] },
		});
		expect(created.json).toMatchObject({ type: 'company', company_id: 'acme-1', name: 'Acme', size: 120, monthly_spend: 1500, plan: { name: 'Enterprise' } });
		const [updated] = await company({ operation: 'upsert', companyId: 'acme-1', additionalFields: { size: 130 } });
		expect(updated.json.id).toBe(created.json.id);
		expect(byCompanyId('acme-1').map((c) => [c.name, c.size, c.custom_attributes])).toEqual([['Acme', 130, { region: 'EMEA' }]]);
	});

	it('makes one company when the upsert answers 500 after applying it', async () => {
		sandbox.failNext('POST /companies', 'commit-then-500', 1);
		await company({ operation: 'upsert', companyId: 'once-co', additionalFields: { name: 'Once' } });
		expect(byCompanyId('once-co')).toHaveLength(1);
	});

	it.each([
		[{ companyId: '' }, /Item 0: Company ID is empty/],
		[{ companyId: 'x', additionalFields: { size: 'big' } }, /Item 0: Size "big" is not a whole number/],
		[{ companyId: 'x', additionalFields: { monthlySpend: -5 } }, /Item 0: Monthly Spend -5 is not a whole number/],
		[{ companyId: 'x', customAttributesMode: 'json', customAttributesJson: '[1]' }, /Item 0: Attributes \(JSON\) is not a JSON object/],
	])('refuses %j before any request', async (parameters, message) => {
		const error = await refusedBeforeAnyRequest({ operation: 'upsert', ...parameters });
		expect(error.message).toMatch(message);
	});
});

describe('Get', () => {
	it('gets a company by your company ID and by its Intercom ID', async () => {
		const made = ensureCompany(sandbox.state, 'get-co', 'Get Co');
		const [byCompany] = await company({ operation: 'get', company: { mode: 'companyId', value: 'get-co' } });
		expect(byCompany.json).toMatchObject({ id: made.id, name: 'Get Co' });
		const [byIntercom] = await company({ operation: 'get', company: { mode: 'id', value: made.id } });
		expect(byIntercom.json.company_id).toBe('get-co');
		const [plain] = await company({ operation: 'get', company: 'get-co' });
		expect(plain.json.id).toBe(made.id);
	});

	it('reports a company that does not exist', async () => {
		const [item] = await company({ operation: 'get', company: { mode: 'companyId', value: 'no-such-co' } }, { onError: 'continueRegularOutput' });
		expect(String(item.json.error)).toMatch(/not found/i);
	});

	it('refuses an empty company before any request', async () => {
		const error = await refusedBeforeAnyRequest({ operation: 'get', company: { mode: 'id', value: '  ' } });
		expect(error.message).toMatch(/Item 0: Company is empty/);
	});
});

describe('Get Many and the company picker', () => {
	beforeAll(() => {
		for (let i = 0; i < 130; i++) withContacts(`many-co-${i}`, `Many Co ${i}`);
		ensureCompany(sandbox.state, 'lonely-co', 'Lonely Co');
	});

	it('returns every listed company over several pages with Return All', async () => {
		const output = await company({ operation: 'getMany', returnAll: true });
		const listed = [...sandbox.state.companies.values()].filter((c) => c.user_count > 0);
		expect(output).toHaveLength(listed.length);
		expect(new Set(output.map((o) => o.json.id)).size).toBe(listed.length);
		expect(output.map((o) => o.json.company_id)).not.toContain('lonely-co');
	});

	it('stops at the limit', async () => {
		expect(await company({ operation: 'getMany', returnAll: false, limit: 75 })).toHaveLength(75);
	});

	it('picks a company from the list, filtered by name, pages on', async () => {
		const context = loadOptionsContext({ credentials: credentials() });
		const first = await searchCompanies.call(context);
		expect(first.results.length).toBeGreaterThan(0);
		expect(first.paginationToken).toBe('2');
		const target = withContacts(`picker-co-${++seq}`, 'Picked Company');
		const found = await searchCompanies.call(context, 'picked comp');
		expect(found.results).toContainEqual({ name: `Picked Company · ${target.company_id}`, value: target.id });
	});
});

describe('Add Note', () => {
	it('adds a note by the admin, once when the write answers 500 after applying it', async () => {
		const made = ensureCompany(sandbox.state, 'note-co', 'Note Co');
		sandbox.failNext('POST /companies/{id}/notes', 'commit-then-500', 1);
		const [item] = await company({ operation: 'addNote', company: { mode: 'companyId', value: 'note-co' }, adminId: admin(), body: 'Renewal call on Monday' });
		const notes = sandbox.state.companyNotes.get(made.id) ?? [];
		expect(notes.map((n) => n.id)).toEqual([item.json.id]);
		expect(notes[0]).toMatchObject({ body: '<p>Renewal call on Monday</p>', author: { id: admin() } });
	});

	it('refuses an empty note (after reading the admins only)', async () => {
		const mark = sandbox.log.length;
		const error = await company({ operation: 'addNote', company: { mode: 'companyId', value: 'note-co' }, adminId: admin(), body: ' ' }).then(
			() => undefined,
			(e: unknown) => e as Error,
		);
		expect(error?.message).toMatch(/Item 0: Note is empty/);
		expect(sandbox.log.slice(mark).filter((e) => e.method !== 'GET')).toEqual([]);
	});
});
