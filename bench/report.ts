import os from 'node:os';
import type { Check, ScenarioResult, Table } from './lib/types';

export interface Machine {
	cpuModel: string;
	cores: number;
	totalMemoryGb: number;
	platform: string;
	node: string;
	loadAverageAtStart: number[];
	loadAverageAtEnd?: number[];
}

export function machine(): Machine {
	const cpus = os.cpus();
	return {
		cpuModel: cpus[0]?.model.trim() ?? 'unknown',
		cores: cpus.length,
		totalMemoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
		platform: `${os.type()} ${os.release()} ${os.arch()}`,
		node: process.version,
		loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
	};
}

export function describeMachine(m: Machine): string {
	const load = (l: number[] | undefined) => (l ? l.join(' / ') : '?');
	return `${m.cpuModel}, ${m.cores} cores, ${m.totalMemoryGb} GB RAM, ${m.platform}, Node ${m.node}; load average (1/5/15 min) ${load(m.loadAverageAtStart)} at start, ${load(m.loadAverageAtEnd)} at end`;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function markdownTable(table: Pick<Table, 'header' | 'rows'>): string {
	const lines = [
		`| ${table.header.map(cell).join(' | ')} |`,
		`| ${table.header.map(() => '---').join(' | ')} |`,
		...table.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
	];
	return lines.join('\n');
}

export function targetsTable(checks: Check[]): string {
	return markdownTable({
		header: ['#', 'metric', 'measured', 'target', 'result'],
		rows: checks.map((c) => [c.scenario, c.metric, c.measured, c.target, c.verdict === 'MISS' ? '**MISS**' : c.verdict]),
	});
}

export interface Report {
	mode: 'full' | 'quick';
	startedAt: string;
	elapsedS: number;
	machine: Machine;
	scenarios: ScenarioResult[];
	chart: string;
	/** Later `--only` runs merged into these results: which scenarios, when, on what. */
	partialRuns?: Array<{ scenarios: string[]; startedAt: string; elapsedS: number; machine: Machine }>;
}

export function renderMarkdown(report: Report): string {
	const checks = report.scenarios.flatMap((s) => s.checks);
	const misses = checks.filter((c) => c.verdict === 'MISS');
	const passes = checks.filter((c) => c.verdict === 'PASS');
	const out: string[] = [];
	out.push(`# Benchmark (${report.mode}${report.mode === 'quick' ? ': reduced sizes, not the issue\'s' : ''}), ${report.startedAt}`);
	out.push('');
	out.push(`Machine: ${describeMachine(report.machine)}.`);
	out.push(`Whole bench: ${report.elapsedS.toFixed(0)} s. Wall times depend on what else the machine runs; CPU times (scenario 3) much less.`);
	for (const partial of report.partialRuns ?? []) {
		out.push(`Scenario ${partial.scenarios.join(', ')} from a later run (--only), ${partial.startedAt}, ${partial.elapsedS.toFixed(0)} s.`);
	}
	out.push('');
	out.push('## Targets');
	out.push('');
	out.push(targetsTable(checks));
	out.push('');
	out.push(`${passes.length} PASS, ${misses.length} MISS${misses.length ? `: ${misses.map((m) => `${m.scenario} ${m.metric}`).join('; ')}` : ''}.`);
	for (const scenario of report.scenarios) {
		out.push('');
		out.push(`## ${scenario.id}. ${scenario.title}`);
		out.push('');
		out.push(`Conditions: ${scenario.conditions}.`);
		for (const table of scenario.tables) {
			out.push('');
			out.push(`**${table.title}**`);
			out.push('');
			out.push(markdownTable(table));
		}
		const whys = scenario.checks.filter((c) => c.verdict === 'MISS' && c.why);
		if (scenario.notes.length || whys.length) out.push('');
		for (const note of scenario.notes) out.push(`- ${note}`);
		for (const c of whys) out.push(`- MISS ${c.metric}: ${c.why}.`);
	}
	out.push('');
	out.push(`Chart: ${report.chart}`);
	return out.join('\n');
}
