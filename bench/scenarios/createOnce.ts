import type { IDataObject } from 'n8n-workflow';
import { nodeCredentials } from '../../testkit/credentials';
import { runNode, splitErrorOutput, type ParameterValue } from '../../testkit/nodeHarness';
import { FAULT_SEED, INTERCOM, type BenchSizes } from '../lib/config';
import { atWindowStart, timed } from '../lib/measure';
import { IntercomConversations } from '../lib/nodeClass';
import type { Target } from '../lib/nodeRunner';
import { check, info, type ScenarioResult } from '../lib/types';
import { Workspace } from '../lib/workspace';

/** 2 % of every request (read-backs and look-ups included) applied, then answered 500. */
export const CREATE_FAULTS = { commitThenFail: 0.02 };

const nodeType = new IntercomConversations();

interface CreateRun {
	kind: 'create conversation' | 'upsert contact';
	faulty: boolean;
	items: number;
	elapsedMs: number;
	requests: number;
	faultsInjected: number;
	failed: number;
	/** Conversations (contacts) beyond the one each item asked for. */
	duplicates: number;
	/** Items whose conversation (contact) is not there. */
	lost: number;
}

async function execute(target: Target, items: IDataObject[], parameters: Record<string, ParameterValue>): Promise<number> {
	const output = await runNode(nodeType, { items, parameters, credentials: nodeCredentials(target), onError: 'continueErrorOutput' });
	return splitErrorOutput(output).errors.length;
}

/** Over-counts per key: duplicates (more than wanted) and losses (fewer). */
function tally(wanted: number[], held: number[]): { duplicates: number; lost: number } {
	let duplicates = 0;
	let lost = 0;
	wanted.forEach((want, i) => {
		duplicates += Math.max(0, held[i] - want);
		lost += Math.max(0, want - held[i]);
	});
	return { duplicates, lost };
}

async function measured(workspace: Workspace, faulty: boolean, run: () => Promise<Omit<CreateRun, 'elapsedMs' | 'requests' | 'faultsInjected' | 'faulty'>>): Promise<CreateRun> {
	await workspace.sandbox.call('setFaults', '*', faulty ? { ...CREATE_FAULTS, seed: FAULT_SEED } : null);
	await atWindowStart(INTERCOM.limit.windowMs);
	await workspace.sandbox.call('resetStats');
	const { result, elapsedMs } = await timed(run);
	const stats = await workspace.sandbox.call('stats');
	await workspace.sandbox.call('setFaults', '*', null);
	return { ...result, faulty, elapsedMs, requests: stats.requests, faultsInjected: stats.faultsInjected };
}

/** Conversation → Create, one item per conversation, spread over the workspace's contacts (several per contact, every text its own). */
async function createConversations(workspace: Workspace, count: number, faulty: boolean): Promise<CreateRun> {
	const contacts = workspace.info.contactIds;
	const tag = faulty ? 'faulty' : 'clean';
	const items = Array.from({ length: count }, (_, i) => ({ contact_id: contacts[i % contacts.length], text: `Bench ${tag} conversation #${i}` }));
	const target = workspace.target();
	return await measured(workspace, faulty, async () => {
		const before = await workspace.sandbox.call('conversationsWith', contacts);
		const failed = await execute(target, items, {
			resource: 'conversation',
			operation: 'create',
			contact: { mode: 'id', value: (item: IDataObject) => item.contact_id },
			body: (item: IDataObject) => item.text,
			simplify: true,
		});
		const after = await workspace.sandbox.call('conversationsWith', contacts);
		const wanted = contacts.map((id) => items.filter((item) => item.contact_id === id).length);
		return { kind: 'create conversation', items: count, failed, ...tally(wanted, after.map((n, i) => n - before[i])) };
	});
}

/** Contact → Upsert, one new contact per item (its own external ID and email): found by neither, so created once. */
async function upsertContacts(workspace: Workspace, count: number, faulty: boolean): Promise<CreateRun> {
	const tag = faulty ? 'faulty' : 'clean';
	const items = Array.from({ length: count }, (_, i) => ({ external_id: `bench-${tag}-${i}`, email: `bench-${tag}-${i}@example.com` }));
	const target = workspace.target();
	return await measured(workspace, faulty, async () => {
		const failed = await execute(target, items, {
			resource: 'contact',
			operation: 'upsert',
			externalId: (item: IDataObject) => item.external_id,
			email: (item: IDataObject) => item.email,
			role: 'user',
		});
		const held = await workspace.sandbox.call('contactsWithEmail', items.map((item) => item.email));
		return { kind: 'upsert contact', items: count, failed, ...tally(items.map(() => 1), held) };
	});
}

/** Scenario 9: Create conversation and Upsert contact under 2 % commit-then-fail, vs the same clean. */
export async function createOnce(sizes: BenchSizes, log: (line: string) => void): Promise<ScenarioResult> {
	const count = Math.round(sizes.faultOps / 4);
	const workspace = await Workspace.start({ conversations: 50, rateLimit: INTERCOM.limit, latencyMs: INTERCOM.latency, tokens: 4, name: 'createOnce' });
	const runs: CreateRun[] = [];
	try {
		for (const faulty of [false, true]) {
			log(`  create conversation, ${faulty ? 'faulty' : 'clean'}`);
			runs.push(await createConversations(workspace, count, faulty));
		}
		for (const faulty of [false, true]) {
			log(`  upsert contact, ${faulty ? 'faulty' : 'clean'}`);
			runs.push(await upsertContacts(workspace, count, faulty));
		}
	} finally {
		await workspace.close();
	}
	const id = '9';
	const faultyRuns = runs.filter((r) => r.faulty);
	const added = (kind: CreateRun['kind']) => {
		const [clean, faulty] = [false, true].map((f) => runs.find((r) => r.kind === kind && r.faulty === f) as CreateRun);
		return `${((faulty.elapsedMs - clean.elapsedMs) / 1000).toFixed(2)} s (+${(((faulty.elapsedMs - clean.elapsedMs) / clean.elapsedMs) * 100).toFixed(1)} %)`;
	};
	return {
		id,
		title: 'Create once',
		conditions: `${count} items per run through execute() at defaults, one execution each: Conversation → Create (Simplify; over the workspace's 50 contacts, each text its own) and Contact → Upsert (a new external ID and email each); sandbox at Intercom's shape (${INTERCOM.label}); faulty run: 2 % of every request (look-ups and read-backs included) applied, then answered 500`,
		checks: faultyRuns.flatMap((r) => [
			check(id, `failed items (${r.kind}, faulty run)`, String(r.failed), '0', r.failed === 0),
			check(id, `duplicates (${r.kind}, faulty run)`, String(r.duplicates), '0', r.duplicates === 0),
			check(id, `lost (${r.kind}, faulty run)`, String(r.lost), '0', r.lost === 0),
		]).concat([
			info(id, 'time added over the clean run (create conversation)', added('create conversation')),
			info(id, 'time added over the clean run (upsert contact)', added('upsert contact')),
		]),
		tables: [
			{
				title: 'Scenario 9: create once',
				header: ['operation', 'run', 'items', 'elapsed (s)', 'requests', 'faults injected', 'failed items', 'duplicates', 'lost'],
				rows: runs.map((r) => [
					r.kind,
					r.faulty ? 'faulty' : 'clean',
					String(r.items),
					(r.elapsedMs / 1000).toFixed(2),
					String(r.requests),
					String(r.faultsInjected),
					String(r.failed),
					String(r.duplicates),
					String(r.lost),
				]),
			},
		],
		notes: [
			'A create that landed but answered 500 is read back before a retry: the contact\'s conversations since the first attempt by the same author with the same text (claimed, so two items never take the same one); an upsert finds the contact by external ID, then email, before it creates.',
			'Create conversation costs a look-up per contact (once per execution), the POST and a GET of the new conversation per item.',
		],
		data: { runs },
	};
}
