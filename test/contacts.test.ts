import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import type { Contact } from '../sandbox';
import { ensureCompany } from '../sandbox/handlers/companies';
import { useNodeSandbox, type RunOptions } from '../testkit';

/** The Contact resource over real HTTP: what users see in the output and what Intercom holds afterwards. */

const kit = useNodeSandbox({ seed: 120, rateLimit: false });
const { sandbox, admin, byId } = kit;
afterEach(() => {
	sandbox.clearFaults();
	sandbox.setReadLag(0);
});

const contact = (parameters: Record<string, unknown>, options: Omit<RunOptions, 'credentials' | 'parameters'> = {}) =>
	kit.run({ ...options, parameters: { resource: 'contact', ...parameters } });

const contacts = () => [...sandbox.state.contacts.values()];
const withExternalId = (id: string) => contacts().filter((c) => c.external_id === id);
const withEmail = (email: string) => contacts().filter((c) => c.email.toLowerCase() === email.toLowerCase());
const stored = (id: string) => sandbox.state.contacts.get(id) as Contact;
let seq = 0;
/** A contact of its own for one test. */
const own = (fields: Partial<Contact> = {}) => sandbox.state.addContact({ email: `own${++seq}@contacts.test`, external_id: `own-${seq}`, ...fields });

/** Runs the node expecting it to fail before sending anything; returns the message and description. */
async function refusedBeforeAnyRequest(parameters: Record<string, unknown>, options: Omit<RunOptions, 'credentials' | 'parameters'> = {}) {
	const mark = sandbox.log.length;
	const error = await contact(parameters, options).then(
		() => undefined,
		(e: unknown) => e as Error & { description?: string },
	);
	expect(sandbox.log.slice(mark)).toEqual([]);
	if (!error) throw new Error('expected the node to fail');
	return error;
}

const json = (items: INodeExecutionData[]) => items.map((i) => i.json);

describe('Create', () => {
	it('creates a user with its fields and custom attributes, as Intercom returns it', async () => {
		const [item] = await contact({
			operation: 'create',
			role: 'user',
			email: 'ada@create.test',
			additionalFields: { externalId: 'stripe_cus_1', name: 'Ada Lovelace', phone: '+353871234567', ownerId: admin(), signedUpAt: '2026-01-31T09:00:00Z' },
			customAttributesMode: 'fields',
			customAttributes: { attribute: [{ name: 'plan', value: 'pro' }] },
		});
		expect(item.json).toMatchObject({ type: 'contact', role: 'user', email: 'ada@create.test', external_id: 'stripe_cus_1', name: 'Ada Lovelace' });
		const saved = stored(String(item.json.id));
		expect(saved).toMatchObject({ owner_id: admin(), phone: '+353871234567', signed_up_at: Date.parse('2026-01-31T09:00:00Z') / 1000 });
		expect(saved.custom_attributes).toEqual({ plan: 'pro' });
	});

	it('creates a lead without an email, keeping JSON custom attributes typed', async () => {
		const [item] = await contact({ operation: 'create', role: 'lead', customAttributesMode: 'json', customAttributesJson: '{"seats": 12, "paid": true}' });
		expect(item.json.role).toBe('lead');
		expect(stored(String(item.json.id)).custom_attributes).toEqual({ seats: 12, paid: true });
	});

	it("reports Intercom's 409 for a second user with the same email as the item's error", async () => {
		const existing = own();
		const [item] = await contact({ operation: 'create', email: existing.email }, { onError: 'continueRegularOutput' });
		expect(String(item.json.error)).toMatch(/already exists/);
		expect(withEmail(existing.email)).toHaveLength(1);
	});

	it('creates one contact when the create answers 500 after applying it', async () => {
		sandbox.failNext('POST /contacts', 'commit-then-500', 1);
		const [item] = await contact({ operation: 'create', email: 'once@create.test', additionalFields: { externalId: 'once-1' } });
		expect(withExternalId('once-1').map((c) => c.id)).toEqual([item.json.id]);
	});

	it.each([
		[{ email: '' }, /Item 0: Email is empty/],
		[{ email: 'not-an-email' }, /Item 0: Email "not-an-email" is not an email address/],
		[{ email: 'a@b.test', customAttributesMode: 'json', customAttributesJson: '{"plan": ' }, /Item 0: Attributes \(JSON\) is not valid JSON/],
		[{ email: 'a@b.test', customAttributesMode: 'json', customAttributesJson: '{"address": {"city": "Cork"}}' }, /Item 0: Attributes \(JSON\) has "address"/],
		[{ email: 'a@b.test', customAttributesMode: 'fields', customAttributes: { attribute: [{ name: ' ', value: 'x' }] } }, /Item 0: Custom Attribute 1 Name is empty/],
		[{ email: 'a@b.test', role: 'visitor' }, /Item 0: Role "visitor" is not one of user, lead/],
	])('refuses %j before any request', async (parameters, message) => {
		const error = await refusedBeforeAnyRequest({ operation: 'create', ...parameters });
		expect(error.message).toMatch(message);
	});

	it('names the bad item of a batch and sends nothing for any item', async () => {
		const error = await refusedBeforeAnyRequest(
			{ operation: 'create', email: (item: IDataObject) => item.email },
			{ items: [{ email: 'one@batch.test' }, { email: 'two@batch.test' }, { email: 'three' }] },
		);
		expect(error.message).toMatch(/^Item 2: Email "three"/);
		expect(withEmail('one@batch.test')).toHaveLength(0);
	});
});

describe('Update and the contact locator', () => {
	it('updates a contact given by ID, merging custom attributes', async () => {
		const target = own({ custom_attributes: { plan: 'free', region: 'EU' } });
		const [item] = await contact({
			operation: 'update',
			contactId: byId(target.id),
			updateFields: { name: 'New Name', unsubscribedFromEmails: true },
			customAttributesMode: 'fields',
			customAttributes: { attribute: [{ name: 'plan', value: 'pro' }] },
		});
		expect(item.json).toMatchObject({ id: target.id, name: 'New Name', unsubscribed_from_emails: true });
		expect(stored(target.id).custom_attributes).toEqual({ plan: 'pro', region: 'EU' });
	});

	it('finds the contact by email with one search, then updates it', async () => {
		const target = own();
		const mark = sandbox.log.length;
		await contact({ operation: 'update', contactId: { mode: 'email', value: target.email.toUpperCase() }, updateFields: { name: 'By Email' } });
		expect(stored(target.id).name).toBe('By Email');
		expect(sandbox.log.slice(mark).map((e) => e.route)).toEqual(['POST /contacts/search', 'PUT /contacts/{id}']);
	});

	it("reads the ID from the URL of the contact's Intercom page", async () => {
		const target = own();
		const url = `https://app.intercom.com/a/apps/${sandbox.state.app.id_code}/users/${target.id}/all-conversations`;
		const [item] = await contact({ operation: 'get', contactId: { mode: 'url', value: url } });
		expect(item.json.id).toBe(target.id);
	});

	it('still reads a plain string ID of workflows saved before the locator', async () => {
		const target = own();
		const [item] = await contact({ operation: 'get', contactId: target.id });
		expect(item.json.id).toBe(target.id);
	});

	it('refuses an email no contact has, and one two contacts share, naming the item and field', async () => {
		const shared = `shared${++seq}@contacts.test`;
		own({ email: shared, role: 'lead', external_id: null });
		own({ email: shared, role: 'user' });
		const items = [{ email: 'nobody@contacts.test' }, { email: shared }];
		const output = await contact(
			{ operation: 'update', contactId: { mode: 'email', value: (item: IDataObject) => item.email }, updateFields: { name: 'X' } },
			{ items, onError: 'continueRegularOutput' },
		);
		expect(String(output[0].json.error)).toBe('Item 0: Contact "nobody@contacts.test" matches no contact');
		expect(String(output[1].json.error)).toMatch(/^Item 1: Contact is ambiguous: 2 contacts have the email/);
		expect(withEmail(shared).map((c) => c.name)).not.toContain('X');
	});

	it.each([
		[{ mode: 'url', value: 'https://example.com/users/abc' }, /Item 0: Contact "https:\/\/example.com\/users\/abc" is not the URL of an Intercom contact/],
		[{ mode: 'id', value: 'not an id!' }, /Item 0: Contact "not an id!" is not an Intercom contact ID/],
		[{ mode: 'email', value: 'nobody' }, /Item 0: Contact "nobody" is not an email address/],
	])('refuses the locator %j before any request', async (contactId, message) => {
		const error = await refusedBeforeAnyRequest({ operation: 'update', contactId, updateFields: { name: 'X' } });
		expect(error.message).toMatch(message);
	});

	it('refuses an update with nothing to change', async () => {
		const error = await refusedBeforeAnyRequest({ operation: 'update', contactId: byId(own().id), updateFields: {} });
		expect(error.message).toMatch(/Item 0: Update Fields are empty/);
	});
});

describe('Upsert', () => {
	it('creates the contact the first time and updates the same one after, by external ID', async () => {
		const parameters = { operation: 'upsert', externalId: 'ups-1', email: 'ups1@upsert.test', additionalFields: { name: 'First' } };
		const [first] = await contact(parameters);
		const [second] = await contact({ ...parameters, additionalFields: { name: 'Second' } });
		expect(second.json.id).toBe(first.json.id);
		expect(withExternalId('ups-1').map((c) => c.name)).toEqual(['Second']);
	});

	it('finds by email when no contact has the external ID, and sets it', async () => {
		const target = own({ external_id: null });
		const [item] = await contact({ operation: 'upsert', externalId: 'ups-by-email', email: target.email });
		expect(item.json.id).toBe(target.id);
		expect(stored(target.id).external_id).toBe('ups-by-email');
	});

	it('makes one contact from items of a batch with the same key', async () => {
		const items = Array.from({ length: 6 }, (_, i) => ({ name: `Twin ${i}` }));
		const output = await contact({ operation: 'upsert', externalId: 'ups-twins', email: 'twins@upsert.test', additionalFields: { name: (item: IDataObject) => item.name } }, { items });
		expect(withExternalId('ups-twins')).toHaveLength(1);
		expect(new Set(output.map((o) => o.json.id)).size).toBe(1);
	});

	it('updates the contact someone created meanwhile when the create answers 409', async () => {
		// The search index lags behind (10 s): the read-back cannot see the first attempt's contact, the re-send gets 409.
		sandbox.setReadLag(10_000);
		sandbox.failNext('POST /contacts', 'commit-then-500', 1);
		const [item] = await contact({ operation: 'upsert', externalId: 'ups-409', additionalFields: { name: 'After 409' } });
		expect(withExternalId('ups-409').map((c) => [c.id, c.name])).toEqual([[item.json.id, 'After 409']]);
		expect(sandbox.log.filter((e) => e.route === 'POST /contacts').map((e) => e.status).slice(-2)).toEqual([500, 409]);
	}, 30_000);

	it('refuses an item with neither external ID nor email before any request', async () => {
		const error = await refusedBeforeAnyRequest({ operation: 'upsert', externalId: '', email: '' });
		expect(error.message).toMatch(/Item 0: External ID and Email are both empty/);
	});

	it('upserts 300 items under 2 % commit-then-fail faults: no contact twice, none lost', async () => {
		const before = contacts().length;
		for (const route of ['POST /contacts', 'PUT /contacts/{id}', 'POST /contacts/search'] as const) {
			sandbox.setFaults(route, { commitThenFail: 0.02 });
		}
		// 250 new keys; 50 of them on two neighbouring items (two rows of the same customer, sent at the same time).
		const items = Array.from({ length: 300 }, (_, i) => {
			const n = Math.floor((i * 5) / 6);
			return { externalId: `bulk-${n}`, email: `bulk${n}@upsert.test`, name: `Bulk ${n} (row ${i})` };
		});
		const output = await contact(
			{
				operation: 'upsert',
				externalId: (item: IDataObject) => item.externalId,
				email: (item: IDataObject) => item.email,
				additionalFields: { name: (item: IDataObject) => item.name },
			},
			{ items },
		);
		expect(output).toHaveLength(300);
		const bulk = contacts().filter((c) => c.external_id?.startsWith('bulk-'));
		expect(bulk).toHaveLength(250);
		expect(new Set(bulk.map((c) => c.external_id)).size).toBe(250);
		expect(contacts().length - before).toBe(250);
		items.forEach((item, i) => expect(stored(String(output[i].json.id)).external_id).toBe(item.externalId));
		expect(sandbox.log.some((e) => e.fault === 'commit-then-500' || e.fault === 'commit-then-reset')).toBe(true);
	}, 120_000);
});

describe('Get Many', () => {
	beforeAll(() => {
		for (let i = 0; i < 160; i++) {
			sandbox.state.addContact({ email: `many${i}@getmany.test`, external_id: `many-${i}`, role: i % 2 ? 'lead' : 'user', custom_attributes: { tier: i % 4 === 0 ? 'gold' : 'basic' } });
		}
	});

	it('returns every contact over several pages with Return All', async () => {
		const output = await contact({ operation: 'getMany', returnAll: true });
		expect(output.length).toBe(contacts().length);
		expect(new Set(output.map((o) => o.json.id)).size).toBe(output.length);
	});

	it('stops at the limit', async () => {
		expect(await contact({ operation: 'getMany', returnAll: false, limit: 7 })).toHaveLength(7);
	});

	it('filters by role and a custom attribute together', async () => {
		const output = json(await contact({ operation: 'getMany', returnAll: true, filters: { role: 'user', customAttributeName: 'tier', customAttributeValue: 'gold' } }));
		expect(output).toHaveLength(40);
		expect(output.every((c) => c.role === 'user' && (c.custom_attributes as IDataObject).tier === 'gold')).toBe(true);
	});

	it('filters by email, external ID and name', async () => {
		expect(json(await contact({ operation: 'getMany', returnAll: true, filters: { email: 'many3@getmany.test' } })).map((c) => c.external_id)).toEqual(['many-3']);
		expect(json(await contact({ operation: 'getMany', returnAll: true, filters: { externalId: 'many-4' } })).map((c) => c.email)).toEqual(['many4@getmany.test']);
		const named = own({ name: 'Grace Hopper-Unique' });
		expect(json(await contact({ operation: 'getMany', returnAll: true, filters: { name: 'hopper-uni' } })).map((c) => c.id)).toEqual([named.id]);
	});

	it('filters by creation date', async () => {
		const old = own({ created_at: 1_000_000_000, updated_at: 1_000_000_000 });
		const output = json(await contact({ operation: 'getMany', returnAll: true, filters: { createdBefore: '2002-01-01T00:00:00Z' } }));
		expect(output.map((c) => c.id)).toEqual([old.id]);
		const after = json(await contact({ operation: 'getMany', returnAll: true, filters: { updatedAfter: '2002-01-01T00:00:00Z' } }));
		expect(after.map((c) => c.id)).not.toContain(old.id);
	});

	it('refuses a custom attribute without a value before any request', async () => {
		const error = await refusedBeforeAnyRequest({ operation: 'getMany', filters: { customAttributeName: 'tier' } });
		expect(error.message).toMatch(/Item 0: Custom Attribute Value is empty/);
	});
});

describe('Delete, archive, tags, companies, merge', () => {
	it('deletes permanently and outputs { id, deleted: true } as Intercom', async () => {
		const target = own();
		const [item] = await contact({ operation: 'delete', contactId: byId(target.id) });
		expect(item.json).toMatchObject({ id: target.id, deleted: true });
		expect(sandbox.state.contacts.has(target.id)).toBe(false);
	});

	it('counts a 404 after an ambiguous failure as deleted', async () => {
		const target = own();
		sandbox.failNext('DELETE /contacts/{id}', 'commit-then-reset', 1);
		const [item] = await contact({ operation: 'delete', contactId: byId(target.id) });
		expect(item.json).toMatchObject({ id: target.id, deleted: true });
		expect(sandbox.state.contacts.has(target.id)).toBe(false);
	});

	it('still reports deleting a contact that does not exist', async () => {
		const [item] = await contact({ operation: 'delete', contactId: byId('000000000000000000000000') }, { onError: 'continueRegularOutput' });
		expect(String(item.json.error)).toMatch(/not found/i);
	});

	it('archives and unarchives', async () => {
		const target = own();
		const [archived] = await contact({ operation: 'archive', contactId: byId(target.id) });
		expect(archived.json).toMatchObject({ id: target.id, archived: true });
		expect(sandbox.state.archivedContacts.has(target.id)).toBe(true);
		const [restored] = await contact({ operation: 'unarchive', contactId: byId(target.id) });
		expect(restored.json).toMatchObject({ id: target.id, archived: false });
		expect(sandbox.state.archivedContacts.has(target.id)).toBe(false);
	});

	it('adds a tag by name (one tag rule: any case) and removes it', async () => {
		const target = own();
		const tag = sandbox.state.addTag(`Contact VIP ${++seq}`);
		const [added] = await contact({ operation: 'addTag', contactId: byId(target.id), tag: { mode: 'name', value: tag.name.toLowerCase() } });
		expect(added.json).toMatchObject({ id: tag.id, contact_id: target.id });
		expect([...(sandbox.state.contactTags.get(target.id) ?? [])]).toEqual([tag.id]);
		await contact({ operation: 'removeTag', contactId: byId(target.id), tag: { mode: 'id', value: tag.id } });
		expect(sandbox.state.contactTags.get(target.id)?.size ?? 0).toBe(0);
	});

	it('refuses a tag the workspace does not have (without creating it)', async () => {
		const [item] = await contact(
			{ operation: 'addTag', contactId: byId(own().id), tag: { mode: 'name', value: 'no-such-tag-anywhere' } },
			{ onError: 'continueRegularOutput' },
		);
		expect(String(item.json.error)).toMatch(/Item 0: Tag "no-such-tag-anywhere" is not a tag of this workspace/);
	});

	it('attaches to and detaches from a company given by your company ID', async () => {
		const target = own();
		const company = ensureCompany(sandbox.state, `attach-co-${++seq}`, 'Attach Co');
		const [attached] = await contact({ operation: 'attachToCompany', contactId: byId(target.id), company: { mode: 'companyId', value: company.company_id } });
		expect(attached.json).toMatchObject({ id: company.id, contact_id: target.id, user_count: 1 });
		expect([...(sandbox.state.contactCompanies.get(target.id) ?? [])]).toEqual([company.id]);
		await contact({ operation: 'detachFromCompany', contactId: byId(target.id), company: { mode: 'id', value: company.id } });
		expect(sandbox.state.contactCompanies.get(target.id)?.size ?? 0).toBe(0);
	});

	it('merges a lead into a user: the lead answers 410 merged afterwards', async () => {
		const email = `merge${++seq}@contacts.test`;
		const lead = own({ role: 'lead', external_id: null, email });
		const user = own({ role: 'user', email });
		const [item] = await contact({ operation: 'merge', contactId: byId(lead.id), intoContactId: byId(user.id) });
		expect(item.json.id).toBe(user.id);
		expect(sandbox.state.mergedContacts.get(lead.id)).toBe(user.id);
		const [gone] = await contact({ operation: 'get', contactId: byId(lead.id) }, { onError: 'continueRegularOutput' });
		expect(String(gone.json.error)).toBe(`Item 0: contact ${lead.id} was merged into contact ${user.id}`);
	});

	it('merges once when the merge answers 500 after applying it', async () => {
		const email = `merge${++seq}@contacts.test`;
		const lead = own({ role: 'lead', external_id: null, email });
		const user = own({ role: 'user', email });
		sandbox.failNext('POST /contacts/merge', 'commit-then-500', 1);
		const [item] = await contact({ operation: 'merge', contactId: byId(lead.id), intoContactId: byId(user.id) });
		expect(item.json.id).toBe(user.id);
	});

	it("reports Intercom's refusal to merge contacts that are not duplicates, unless told to", async () => {
		const lead = own({ role: 'lead', external_id: null });
		const user = own({ role: 'user' });
		const [refused] = await contact({ operation: 'merge', contactId: byId(lead.id), intoContactId: byId(user.id) }, { onError: 'continueRegularOutput' });
		expect(String(refused.json.error)).toMatch(/duplicates/);
		const [item] = await contact({ operation: 'merge', contactId: byId(lead.id), intoContactId: byId(user.id), skipDuplicateCheck: true });
		expect(item.json.id).toBe(user.id);
	});
});
