import type { INodeExecutionData } from 'n8n-workflow';
import { useNodeSandbox } from '../testkit';

/**
 * One tag rule for every operation (Close's tags, Add Tag, Remove Tag, Get Many's tag filter):
 * digits that are an existing tag's ID → that tag; else the tag with exactly that name; else the
 * one tag with that name in another case; else refused as ambiguous or unknown, before any write.
 */

const kit = useNodeSandbox({ seed: 60, rateLimit: false });
const { sandbox, admin, byId } = kit;

beforeAll(() => {
	// Two tags only the case tells apart, and a tag whose name is another tag's ID.
	sandbox.state.addTag('Refund');
	sandbox.state.addTag('REFUND');
	sandbox.state.addTag(tagNamed('vip').id);
});

const tagNamed = (name: string) => {
	const tag = sandbox.state.findTagByName(name);
	if (!tag) throw new Error(`no tag ${name} in the seed`);
	return tag;
};
const run = (parameters: Record<string, unknown>) => kit.run({ parameters: { resource: 'conversation', ...parameters } });
const used = new Set<string>();
const freshOpen = () => {
	const found = [...sandbox.state.conversations.values()].find((c) => c.state === 'open' && c.tags.tags.length === 0 && !used.has(c.id));
	if (!found) throw new Error('no unused open conversation without tags left');
	used.add(found.id);
	return found.id;
};
const tagIdsOn = (id: string) => sandbox.state.conversations.get(id)?.tags.tags.map((t) => t.id) ?? [];

/** The tag each operation resolves `text` to, or its error message; and what it wrote. */
async function resolvedBy(operation: 'addTag' | 'close' | 'getMany', text: string): Promise<{ tagId?: string; error?: string; writes: string[] }> {
	const id = freshOpen();
	const mark = sandbox.log.length;
	const parameters: Record<string, Record<string, unknown>> = {
		addTag: { operation: 'addTag', conversationId: byId(id), adminId: admin(), tag: { mode: 'name', value: text } },
		close: { operation: 'close', conversationId: byId(id), adminId: admin(), closeOptions: { tags: text } },
		getMany: { operation: 'getMany', returnAll: false, limit: 1, filterType: 'filters', filters: { tag: text } },
	};
	let output: INodeExecutionData[] | undefined;
	let error: string | undefined;
	try {
		output = await run(parameters[operation]);
	} catch (e) {
		error = (e as Error).message;
	}
	const log = sandbox.log.slice(mark);
	const writes = log.filter((e) => e.method !== 'GET' && e.route !== 'POST /conversations/search').map((e) => e.route ?? e.path);
	if (error !== undefined || !output) return { error, writes };
	if (operation === 'getMany') {
		const search = log.find((e) => e.route === 'POST /conversations/search');
		return { tagId: String((search?.body as { query: { value: unknown } }).query.value), writes };
	}
	return { tagId: tagIdsOn(id)[0], writes };
}

const operations = ['addTag', 'close', 'getMany'] as const;

describe.each(operations)('%s follows the one tag rule', (operation) => {
	it('takes a plain text holding an existing tag ID as that tag', async () => {
		expect((await resolvedBy(operation, tagNamed('billing').id)).tagId).toBe(tagNamed('billing').id);
	});

	it("prefers an existing ID over a tag named with those digits", async () => {
		expect((await resolvedBy(operation, tagNamed('vip').id)).tagId).toBe(tagNamed('vip').id);
	});

	it('takes the exact name first, then the one name in another case', async () => {
		expect((await resolvedBy(operation, 'REFUND')).tagId).toBe(tagNamed('REFUND').id);
		expect((await resolvedBy(operation, 'Billing')).tagId).toBe(tagNamed('billing').id);
	});

	it('refuses a name two tags have in other cases, naming both, before any write', async () => {
		const { error, writes } = await resolvedBy(operation, 'refund');
		const label = operation === 'close' ? 'Tags' : 'Tag';
		expect(error).toBe(`Item 0: ${label} "refund" names 2 tags ("Refund" ${tagNamed('Refund').id}, "REFUND" ${tagNamed('REFUND').id})`);
		expect(writes).toEqual([]);
	});

	it('refuses an unknown name before any write', async () => {
		const { error, writes } = await resolvedBy(operation, 'no such tag');
		expect(error).toBe(`Item 0: ${operation === 'close' ? 'Tags' : 'Tag'} "no such tag" is not a tag of this workspace`);
		expect(writes).toEqual([]);
	});
});

describe('Remove Tag follows the same rule', () => {
	it('removes the tag a plain ID names, given "By Name"', async () => {
		const id = freshOpen();
		const billing = tagNamed('billing');
		await run({ operation: 'addTag', conversationId: byId(id), adminId: admin(), tag: { mode: 'id', value: billing.id } });
		await run({ operation: 'removeTag', conversationId: byId(id), adminId: admin(), tag: { mode: 'name', value: billing.id } });
		expect(tagIdsOn(id)).not.toContain(billing.id);
	});
});

describe('Create Tag If Missing', () => {
	it('creates a tag for an unknown name, but never for an ambiguous one', async () => {
		const id = freshOpen();
		const before = sandbox.state.tags.size;
		await run({ operation: 'addTag', conversationId: byId(id), adminId: admin(), tag: { mode: 'name', value: 'Brand New' }, createTagIfMissing: true });
		expect(sandbox.state.tags.size).toBe(before + 1);
		expect(tagIdsOn(id)).toEqual([tagNamed('Brand New').id]);
		const refused = await run({
			operation: 'addTag',
			conversationId: byId(freshOpen()),
			adminId: admin(),
			tag: { mode: 'name', value: 'refund' },
			createTagIfMissing: true,
		}).catch((e: unknown) => e as Error);
		expect((refused as Error).message).toMatch(/^Item 0: Tag "refund" names 2 tags/);
		expect(sandbox.state.tags.size).toBe(before + 1);
	});
});
