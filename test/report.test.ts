import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import type { ConversationRecord } from '../sandbox';
import { parseClosingNote } from '../nodes/IntercomConversations/helpers/closingNote';
import { formatDuration, median, p90 } from '../nodes/IntercomConversations/helpers/reportStats';
import { call, useNodeSandbox } from '../testkit';
import { validateRouteResponse } from './helpers/openapi';

/**
 * Conversation → Report over the 500-conversation sandbox. Every expected figure is computed
 * here from the sandbox's own record (its parts, statistics, rating, admins and teams), not with
 * the node's helpers: the report must say what the workspace knows.
 */

const DAY = 86_400;
const { sandbox, run, admin, byId } = useNodeSandbox({ seed: { conversations: 500, seed: 13 } });
const report = (parameters: Record<string, unknown>) => run({ parameters: { resource: 'conversation', operation: 'report', ...parameters } });
const json = (items: INodeExecutionData[]) => items.map((i) => i.json);
const nowSeconds = () => Math.floor(Date.now() / 1000);
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
const all = () => [...sandbox.state.conversations.values()];

// ---- The sandbox's record, read independently of the node ----

/** Closed conversations whose last close is strictly inside (after, before), in the report's order. */
function closedIn(after = -Infinity, before = Infinity): ConversationRecord[] {
	return all()
		.filter((c) => c.state === 'closed' && c.statistics.last_close_at! > after && c.statistics.last_close_at! < before)
		.sort((a, b) => a.statistics.last_close_at! - b.statistics.last_close_at! || a.id.localeCompare(b.id));
}

/** Reopen cycles in the parts: a close followed by a customer comment, an open, or an assign-and-reopen. */
function reopenCycles(c: ConversationRecord): number {
	let closed = false;
	let cycles = 0;
	for (const part of c.parts) {
		if (part.part_type === 'close') closed = true;
		else if (closed && (part.part_type === 'open' || part.part_type === 'assign_and_reopen' || (part.part_type === 'comment' && part.author.type !== 'admin'))) {
			cycles++;
			closed = false;
		}
	}
	return cycles;
}

/** Category and summary of the newest note with those lines, read with a regular expression on the stored HTML. */
function noteOf(c: ConversationRecord): { category: string | null; summary: string | null } {
	const notes = c.parts.filter((p) => p.part_type === 'note' && /Category:|Summary:/.test(p.body ?? ''));
	const body = notes.at(-1)?.body ?? '';
	const field = (label: string) => new RegExp(`<b>${label}:</b> ([^<]*)</p>`).exec(body)?.[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') ?? null;
	return { category: field('Category'), summary: field('Summary') };
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const expectedMedian = (values: number[]) => {
	if (values.length === 0) return null;
	const s = sorted(values);
	const n = s.length;
	return n % 2 ? s[(n - 1) / 2] : Math.round((s[n / 2 - 1] + s[n / 2]) / 2);
};
/** Nearest rank: the ⌈0.9·n⌉-th smallest. */
const expectedP90 = (values: number[]) => (values.length === 0 ? null : sorted(values)[Math.ceil((9 * values.length) / 10) - 1]);

const adminName = (id: number | string | undefined) => (id ? (sandbox.state.admins.get(String(id))?.name ?? null) : null);
const teamName = (id: number) => (id ? (sandbox.state.teams.get(String(id))?.name ?? null) : null);

function expectedItem(c: ConversationRecord) {
	const s = c.statistics;
	const note = noteOf(c);
	return {
		id: c.id,
		title: c.title,
		created_at: iso(c.created_at),
		closed_at: iso(s.last_close_at!),
		closed_by_id: s.last_closed_by_id,
		closed_by: adminName(s.last_closed_by_id),
		admin_assignee_id: c.admin_assignee_id ? String(c.admin_assignee_id) : null,
		admin_assignee: adminName(c.admin_assignee_id),
		team_assignee_id: c.team_assignee_id ? String(c.team_assignee_id) : null,
		team_assignee: teamName(c.team_assignee_id),
		tags: c.tags.tags.map((t) => t.name).join(', '),
		first_response_seconds: s.time_to_admin_reply ?? null,
		time_to_first_close_seconds: s.time_to_first_close,
		time_to_last_close_seconds: s.time_to_last_close,
		reopens: reopenCycles(c),
		median_reply_seconds: s.median_time_to_reply ?? null,
		rating: c.conversation_rating?.rating ?? null,
		rating_remark: c.conversation_rating?.remark || null,
		category: note.category,
		summary: note.summary,
	};
}

function expectedGroups(conversations: ConversationRecord[], keysOf: (c: ConversationRecord) => string[]) {
	const groups = new Map<string, ConversationRecord[]>();
	for (const c of conversations) for (const key of keysOf(c)) groups.set(key, [...(groups.get(key) ?? []), c]);
	return [...groups.entries()]
		.sort(([a, x], [b, y]) => y.length - x.length || a.localeCompare(b))
		.map(([group, members]) => {
			const responses = members.flatMap((c) => (c.statistics.time_to_admin_reply === undefined ? [] : [c.statistics.time_to_admin_reply]));
			const resolutions = members.map((c) => c.statistics.time_to_last_close!);
			return {
				group,
				conversations: members.length,
				answered: responses.length,
				first_response_median_seconds: expectedMedian(responses),
				first_response_p90_seconds: expectedP90(responses),
				resolution_median_seconds: expectedMedian(resolutions),
				resolution_p90_seconds: expectedP90(resolutions),
			};
		});
}

const GROUP_KEYS: Record<string, (c: ConversationRecord) => string[]> = {
	team: (c) => [teamName(c.team_assignee_id) ?? 'Unassigned'],
	teammate: (c) => [adminName(c.admin_assignee_id) ?? 'Unassigned'],
	category: (c) => [noteOf(c).category ?? '(no category)'],
	tag: (c) => (c.tags.tags.length ? [...new Set(c.tags.tags.map((t) => t.name))] : ['(no tag)']),
};

// ---- Tests ----

describe('the seeded workspace: statistics consistent with the parts', () => {
	it('closed conversations close after their creation and first answer, by an admin, with reopens counted from the parts', () => {
		const closed = all().filter((c) => c.state === 'closed');
		expect(closed.length).toBeGreaterThan(80);
		for (const c of closed) {
			const s = c.statistics;
			const closes = c.parts.filter((p) => p.part_type === 'close');
			expect(s.first_close_at).toBe(closes[0].created_at);
			expect(s.last_close_at).toBe(closes.at(-1)!.created_at);
			expect(s.first_close_at!).toBeGreaterThan(c.created_at);
			expect(s.time_to_first_close).toBe(s.first_close_at! - c.created_at);
			expect(s.time_to_last_close).toBe(s.last_close_at! - c.created_at);
			if (s.first_admin_reply_at !== undefined) expect(s.first_close_at!).toBeGreaterThan(s.first_admin_reply_at);
			expect(sandbox.state.admins.has(s.last_closed_by_id!)).toBe(true);
			expect(closes.at(-1)!.author.id).toBe(s.last_closed_by_id);
			expect(s.count_reopens).toBe(reopenCycles(c));
			if (c.conversation_rating) expect(c.conversation_rating.created_at).toBeGreaterThan(s.last_close_at!);
		}
		// The seed has every case the report must handle.
		expect(closed.filter((c) => c.statistics.count_reopens > 0).length).toBeGreaterThan(10);
		expect(closed.filter((c) => noteOf(c).category !== null).length).toBeGreaterThan(40);
		expect(closed.filter((c) => c.conversation_rating).length).toBeGreaterThan(30);
		expect(closed.filter((c) => c.statistics.median_time_to_reply !== undefined).length).toBeGreaterThan(60);
	});
});

describe("the seeded statistics and ratings in Intercom's 2.16 shape", () => {
	it('answers the search and GET of rated, reopened and noted conversations as the OpenAPI describes them', async () => {
		const closed = all().filter((c) => c.state === 'closed');
		const rated = closed.find((c) => c.conversation_rating && c.statistics.count_reopens > 0 && noteOf(c).category !== null)!;
		expect(rated).toBeDefined();
		const got = await call(sandbox, 'GET', `/conversations/${rated.id}`);
		expect(validateRouteResponse('GET /conversations/{id}', got.status, got.body)).toEqual([]);
		expect(got.body).toMatchObject({ conversation_rating: { rating: rated.conversation_rating!.rating }, statistics: { count_reopens: rated.statistics.count_reopens } });
		const found = await call(sandbox, 'POST', '/conversations/search', {
			query: { field: 'statistics.last_close_at', operator: '>', value: 0 },
			pagination: { per_page: 150 },
		});
		expect(validateRouteResponse('POST /conversations/search', found.status, found.body)).toEqual([]);
		expect((found.body as { total_count: number }).total_count).toBe(closed.length + all().filter((c) => c.state !== 'closed' && c.statistics.last_close_at).length);
	});
});

describe('Report: one item per closed conversation', () => {
	it('lists every conversation closed in the last 30 days, item by item as the sandbox records it', async () => {
		const now = nowSeconds();
		const expected = closedIn(now - 30 * DAY, now + 60);
		expect(expected.length).toBeGreaterThan(30);
		const output = await report({ closedAfter: iso(now - 30 * DAY), closedBefore: iso(now + 60) });
		expect(json(output).map((i) => i.id)).toEqual(expected.map((c) => c.id));
		json(output).forEach((item, i) => expect(item).toMatchObject(expectedItem(expected[i])));
		output.forEach((item) => expect(item.pairedItem).toEqual({ item: 0 }));
	});

	it('gives every duration in seconds and as a readable text', async () => {
		const output = json(await report({}));
		expect(output).toHaveLength(closedIn().length);
		for (const item of output) {
			for (const name of ['first_response', 'time_to_first_close', 'time_to_last_close', 'median_reply']) {
				const seconds = item[`${name}_seconds`] as number | null;
				const text = item[name] as string | null;
				if (seconds === null) expect(text).toBeNull();
				else {
					expect(text).toMatch(/^(\d+[dhms])( \d+[dhms])?$/);
					// The text's units add up to the seconds, less what the smaller units dropped.
					const units: Record<string, number> = { d: DAY, h: 3600, m: 60, s: 1 };
					const shown = text!.split(' ').reduce((sum, part) => sum + Number(part.slice(0, -1)) * units[part.at(-1)!], 0);
					expect(shown).toBeLessThanOrEqual(seconds);
					expect(seconds - shown).toBeLessThan(seconds >= DAY ? 3600 : seconds >= 3600 ? 60 : 1);
				}
			}
		}
	});

	it('reads all pages with one search per 150 conversations, and one GET each for the closing note, or none without notes', async () => {
		const expected = closedIn();
		let before = sandbox.log.length;
		await report({});
		let requests = sandbox.log.slice(before);
		const searches = requests.filter((e) => e.route === 'POST /conversations/search');
		expect(searches).toHaveLength(Math.ceil(expected.length / 150));
		expect(searches[0].body).toMatchObject({ query: { field: 'state', operator: '=', value: 'closed' } });
		const gets = requests.filter((e) => e.route === 'GET /conversations/{id}');
		expect(gets.map((e) => e.path.split('/').pop()).sort()).toEqual(expected.map((c) => c.id).sort());

		before = sandbox.log.length;
		const output = json(await report({ reportOptions: { readClosingNotes: false } }));
		requests = sandbox.log.slice(before);
		expect(requests.filter((e) => e.route === 'GET /conversations/{id}')).toEqual([]);
		expect(output.every((i) => i.category === null && i.summary === null)).toBe(true);
		expect(output.map((i) => i.first_response_seconds)).toEqual(expected.map((c) => c.statistics.time_to_admin_reply ?? null));
	});

	it('keeps to the team, teammate and tag filters', async () => {
		const team = [...sandbox.state.teams.values()][1];
		const byTeam = json(await report({ filters: { teamAssigneeId: team.id } }));
		expect(byTeam.map((i) => i.id)).toEqual(closedIn().filter((c) => String(c.team_assignee_id) === team.id).map((c) => c.id));
		expect(byTeam.length).toBeGreaterThan(5);

		const tag = sandbox.state.findTagByName('billing')!;
		const byTag = json(await report({ filters: { tag: 'billing', adminAssigneeId: admin() } }));
		const expected = closedIn().filter((c) => c.tags.tags.some((t) => t.id === tag.id) && String(c.admin_assignee_id) === admin());
		expect(byTag.map((i) => i.id)).toEqual(expected.map((c) => c.id));
	});

	it('retries a failed page and still lists each conversation once', async () => {
		sandbox.failNext('POST /conversations/search', '503');
		sandbox.failNext('GET /conversations/{id}', 'reset');
		const output = json(await report({}));
		expect(output.map((i) => i.id)).toEqual(closedIn().map((c) => c.id));
	});
});

describe('Report: the summary', () => {
	it.each(['team', 'teammate', 'category', 'tag'])('per %s: count, median and p90 of first response and resolution time', async (groupBy) => {
		const now = nowSeconds();
		const conversations = closedIn(now - 45 * DAY, now + 60);
		const output = json(await report({ output: 'summary', groupBy, closedAfter: iso(now - 45 * DAY), closedBefore: iso(now + 60) }));
		const expected = expectedGroups(conversations, GROUP_KEYS[groupBy]);
		expect(expected.length).toBeGreaterThan(1);
		expect(output).toHaveLength(expected.length);
		output.forEach((item, i) => {
			expect(item).toMatchObject({ group_by: groupBy, ...expected[i] });
			expect(item.first_response_median).toBe(formatDuration(expected[i].first_response_median_seconds));
			expect(item.resolution_p90).toBe(formatDuration(expected[i].resolution_p90_seconds));
			expect(item.closed_after).toBe(iso(now - 45 * DAY));
		});
		const total = output.reduce((sum, g) => sum + (g.conversations as number), 0);
		if (groupBy === 'tag') expect(total).toBeGreaterThanOrEqual(conversations.length);
		else expect(total).toBe(conversations.length);
	});
});

describe('Report: bad input is refused before any request', () => {
	const refused = async (parameters: Record<string, unknown>, message: RegExp) => {
		const before = sandbox.log.length;
		await expect(report(parameters)).rejects.toThrow(message);
		expect(sandbox.log.slice(before)).toEqual([]);
	};

	it('a period that ends before it starts', async () => {
		await refused({ closedAfter: '2026-06-08T00:00:00Z', closedBefore: '2026-06-01T00:00:00Z' }, /^Item 0: Closed Before is not after Closed After/);
	});

	it('a date that is not one', async () => {
		await refused({ closedAfter: 'last tuesday' }, /^Item 0: Closed After "last tuesday" is not a date/);
	});

	it('an unknown grouping', async () => {
		await refused({ output: 'summary', groupBy: 'weekday' }, /^Item 0: Group By "weekday" is not one of team, teammate, category, tag/);
	});

	it('grouping by category without reading the closing notes', async () => {
		await refused({ output: 'summary', groupBy: 'category', reportOptions: { readClosingNotes: false } }, /^Item 0: Group By is Category, but Read Closing Notes is off/);
	});
});

describe('Report: the example workflow', () => {
	const example = JSON.parse(readFileSync(path.resolve(__dirname, '..', 'examples', 'weekly-closed-conversation-report.json'), 'utf8')) as {
		nodes: Array<{ name: string; parameters: IDataObject }>;
	};
	const nodeOf = (name: string) => example.nodes.find((n) => n.name === name)!;

	it('builds an HTML page with one first-response and one resolution bar per team, and no script', async () => {
		const { closedAfter: _a, closedBefore: _b, ...parameters } = nodeOf('Closed conversations by team').parameters;
		const now = nowSeconds();
		const summary = await run({ parameters: { ...parameters, closedAfter: iso(now - 30 * DAY), closedBefore: iso(now + 60) } });
		expect(summary.length).toBeGreaterThan(1);
		const code = nodeOf('Build HTML chart').parameters.jsCode as string;
		const $input = { all: () => summary };
		const [page] = (new Function('$input', code) as (i: typeof $input) => Array<{ json: { html: string } }>)($input);
		const html = page.json.html;
		expect(html).toMatch(/^<!doctype html>/);
		expect(html).not.toMatch(/<script/i);
		expect(html.match(/<rect /g)).toHaveLength(2 * summary.length);
		for (const group of summary) {
			expect(html).toContain(`${String(group.json.group)} (${String(group.json.conversations)})`);
			expect(html).toContain(`>${String(group.json.first_response_median)}</text>`);
			expect(html).toContain(`>${String(group.json.resolution_median)}</text>`);
		}
	});
});

describe('Report: after the node writes', () => {
	it('shows a conversation the node closed with a note, then reopened and closed again', async () => {
		const c = all().find((x) => x.state === 'open' && x.statistics.time_to_admin_reply === undefined && x.team_assignee_id !== 0)!;
		const since = nowSeconds() - 5;
		const close = (category: string) =>
			run({
				parameters: {
					resource: 'conversation',
					operation: 'close',
					conversationId: byId(c.id),
					adminId: admin(),
					closeOptions: { noteCategory: category, noteSummary: 'Refund < 50 € & apology' },
				},
			});
		await run({ parameters: { resource: 'conversation', operation: 'reply', conversationId: byId(c.id), adminId: admin(), body: 'On it!' } });
		await close('Billing');
		await run({ parameters: { resource: 'conversation', operation: 'open', conversationId: byId(c.id), adminId: admin() } });
		await close('Refund');

		const [item] = json(await report({ closedAfter: iso(since), filters: { teamAssigneeId: String(c.team_assignee_id) } })).filter((i) => i.id === c.id);
		const record = sandbox.state.conversations.get(c.id)!;
		expect(item).toMatchObject(expectedItem(record));
		expect(item).toMatchObject({ reopens: 1, category: 'Refund', summary: 'Refund < 50 € & apology', closed_by_id: admin() });
		expect(item.first_response_seconds).toBe(record.statistics.time_to_admin_reply);
		expect(item.median_reply_seconds).toBe(record.statistics.median_time_to_reply);
		expect(record.statistics.median_time_to_reply).toBeGreaterThanOrEqual(record.statistics.time_to_admin_reply!);
	});
});

describe('the report helpers', () => {
	it('formats durations as the two largest units', () => {
		expect([0, 45, 60, 65, 3_600, 3_959, 86_400, 90_061, 200_000].map(formatDuration)).toEqual(['0s', '45s', '1m', '1m 5s', '1h', '1h 5m', '1d', '1d 1h', '2d 7h']);
		expect(formatDuration(null)).toBeNull();
	});

	it('takes the median (halves rounded) and the nearest-rank p90', () => {
		expect([median([]), median([5]), median([1, 2]), median([3, 1, 2]), median([1, 2, 3, 10])]).toEqual([null, 5, 2, 2, 3]);
		const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
		expect([p90([]), p90([7]), p90([1, 2, 3]), p90(hundred), p90(hundred.slice(0, 11))]).toEqual([null, 7, 3, 90, 99]);
	});

	it("reads the Close operation's note back, and the same lines typed by hand", () => {
		expect(parseClosingNote('<p><b>Category:</b> Billing</p><p><b>Summary:</b> Refund &lt; 50 € &amp; apology</p>')).toEqual({ category: 'Billing', summary: 'Refund < 50 € & apology' });
		expect(parseClosingNote('Summary: done<br>category:  Bug ')).toEqual({ category: 'Bug', summary: 'done' });
		expect(parseClosingNote('<p>Customer called back.</p>')).toBeUndefined();
	});
});
