import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { selectedLines } from '../../scripts/n8n/install';
import { outputOf, type RunResult } from '../../scripts/n8n/instance';
import type { Workflow } from './workflowBuilder';
import { useN8nWithSandbox } from './n8nWithSandbox';

/**
 * The "Weekly closed-conversation report" example in real n8n: started by its Manual Trigger
 * (the CLI cannot start a Schedule Trigger), it reports the sandbox's last 7 days by team and
 * writes a CSV file and an HTML page with the chart as binary data.
 */

const repoRoot = resolve(__dirname, '..', '..');
const example = JSON.parse(readFileSync(join(repoRoot, 'examples', 'weekly-closed-conversation-report.json'), 'utf8')) as Workflow;
interface BinaryData {
	data?: string;
	id?: string;
	mimeType?: string;
	fileName?: string;
	fileSize?: string;
}

/** The binary `data` of a node's first output item. */
function binaryOf(run: RunResult, nodeName: string): BinaryData {
	const [item] = outputOf(run, nodeName) as Array<{ binary?: Record<string, BinaryData> }>;
	const binary = item?.binary?.data;
	if (!binary) throw new Error(`"${nodeName}" output no binary data: ${JSON.stringify(item).slice(0, 500)}`);
	return binary;
}

/** The bytes as text: inline base64 (default mode), or the file n8n stored (filesystem mode). */
function textOf(binary: BinaryData, userFolder: string): string {
	if (binary.data && binary.data !== 'filesystem-v2' && binary.data !== 'filesystem') return Buffer.from(binary.data, 'base64').toString('utf8');
	const name = binary.id?.split(':').pop()?.split('/').pop();
	const find = (dir: string): string | undefined => {
		for (const entry of existsSync(dir) ? readdirSync(dir) : []) {
			const full = join(dir, entry);
			if (statSync(full).isDirectory()) {
				const found = find(full);
				if (found) return found;
			} else if (entry === name) return full;
		}
		return undefined;
	};
	const file = name && find(userFolder);
	if (!file) throw new Error(`binary data ${JSON.stringify(binary)} is neither inline nor found under ${userFolder}`);
	return readFileSync(file, 'utf8');
}

describe.each(selectedLines())('$label', (line) => {
	const { sandbox, n8n } = useN8nWithSandbox(line, { seed: { conversations: 500, seed: 13 } });

	it('runs the weekly report example and writes the CSV file and the HTML chart by team', async () => {
		await n8n.importWorkflows([example]);
		const started = Date.now() / 1000;
		const run = await n8n.execute(example.id);
		const ended = Date.now() / 1000;
		expect({ status: run.status, error: run.data.resultData.error?.message }).toEqual({ status: 'success', error: undefined });

		// "Last 7 days" as n8n computed it lies between these two: closes in between may or may not count.
		const closedSince = (seconds: number) =>
			[...sandbox.state.conversations.values()].filter((c) => c.state === 'closed' && c.statistics.last_close_at! > seconds - 7 * 86_400);
		const surely = closedSince(ended);
		const maybe = closedSince(started);
		expect(surely.length).toBeGreaterThan(5);
		const teamOf = (c: (typeof surely)[number]) => sandbox.state.teams.get(String(c.team_assignee_id))?.name ?? 'Unassigned';
		const teams = new Set(surely.map(teamOf));
		const summary = outputOf(run, 'Closed conversations by team').map((i) => i.json);
		const groups = summary.map((g) => String(g.group));
		for (const team of teams) expect(groups).toContain(team);
		for (const group of groups) expect(maybe.map(teamOf)).toContain(group);
		const total = summary.reduce((sum, g) => sum + (g.conversations as number), 0);
		expect(total).toBeGreaterThanOrEqual(surely.length);
		expect(total).toBeLessThanOrEqual(maybe.length);

		const csv = binaryOf(run, 'CSV file');
		expect(csv).toMatchObject({ fileName: 'closed-conversations-by-team.csv' });
		const csvLines = textOf(csv, n8n.userFolder).trim().split('\n');
		expect(csvLines[0]).toContain('first_response_median_seconds');
		expect(csvLines).toHaveLength(summary.length + 1);

		const page = binaryOf(run, 'HTML page');
		expect(page).toMatchObject({ fileName: 'closed-conversations-by-team.html', mimeType: 'text/html' });
		const html = textOf(page, n8n.userFolder);
		expect(html).toMatch(/^<!doctype html>/);
		expect(html).not.toMatch(/<script/i);
		expect(html.match(/<rect /g)).toHaveLength(2 * summary.length);
		for (const group of groups) expect(html).toContain(`${group} (`);
		// Kept for a look in a browser (docs/report-example.png is a screenshot of such a page).
		writeFileSync(join(tmpdir(), 'weekly-closed-conversation-report.html'), html);
	}, 600_000);
});
