/**
 * `npm run bench [-- --quick]`: every scenario of issue 7 against the local sandbox, in one run.
 * Prints a markdown report, writes bench/results.json and bench/chart.svg.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderChart } from './chart';
import { AT_LIMIT, FULL, LATENCY_MS, QUICK } from './lib/config';
import type { ScenarioResult } from './lib/types';
import { Workspace } from './lib/workspace';
import { machine, renderMarkdown, type Report } from './report';
import { alternatives, APPROACH_COUNT } from './scenarios/alternatives';
import { atLimit } from './scenarios/atLimit';
import { faults } from './scenarios/faults';
import { multiWorker } from './scenarios/multiWorker';
import { overhead } from './scenarios/overhead';
import { scale } from './scenarios/scale';

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
	const quick = process.argv.includes('--quick');
	const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
	const wants = (id: string) => !only || only.includes(id);
	const sizes = quick ? QUICK : FULL;
	const started = Date.now();
	const host = machine();
	const scenarios: ScenarioResult[] = [];
	const chartPanels: Array<{ title: string; windows: NonNullable<Awaited<ReturnType<typeof atLimit>>['run']['windows']> }> = [];

	if (wants('1') || wants('2')) {
		log('Scenarios 1 and 2: at the limit, and the alternatives');
		const workspace = await Workspace.start({
			conversations: APPROACH_COUNT * (sizes.closes + sizes.notes),
			rateLimit: AT_LIMIT,
			latencyMs: LATENCY_MS,
			tokens: APPROACH_COUNT * 2,
			name: 'limit',
		});
		try {
			log('  closes: this node');
			const first = await atLimit(workspace, sizes);
			scenarios.push(first.result);
			chartPanels.push({ title: `1: this node, ${first.run.items} closes (concurrency 10)`, windows: first.run.windows ?? [] });
			if (wants('2')) {
				const second = await alternatives(workspace, sizes, first.run, log);
				scenarios.push(second.result);
				chartPanels.push({ title: `2(a): intercom-client SDK, Promise.all over ${second.sdkAll.items} closes`, windows: second.sdkAll.windows ?? [] });
			}
		} finally {
			await workspace.close();
		}
	}
	if (wants('3')) {
		log('Scenario 3: overhead');
		scenarios.push(await overhead(sizes));
	}
	if (wants('4')) {
		log('Scenario 4: scale');
		scenarios.push(await scale(sizes, log));
	}
	if (wants('5')) {
		log('Scenario 5: faults');
		scenarios.push(await faults(sizes, log));
	}
	if (wants('6')) {
		log('Scenario 6: queue-mode workers sharing one limit');
		scenarios.push(await multiWorker(sizes, log));
	}

	host.loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
	const chartPath = path.join(__dirname, 'chart.svg');
	if (chartPanels.length) {
		writeFileSync(
			chartPath,
			renderChart(chartPanels, AT_LIMIT.limit, AT_LIMIT.windowMs, `Sandbox ${AT_LIMIT.limit} req / ${AT_LIMIT.windowMs} ms, ${LATENCY_MS} ms latency. ${host.cpuModel}, ${host.cores} cores, Node ${host.node}. ${new Date(started).toISOString()}${quick ? ' (--quick)' : ''}`),
		);
	}
	const report: Report = {
		mode: quick ? 'quick' : 'full',
		startedAt: new Date(started).toISOString(),
		elapsedS: (Date.now() - started) / 1000,
		machine: host,
		scenarios,
		chart: chartPanels.length ? 'bench/chart.svg' : '(not drawn: scenarios 1 and 2 not run)',
	};
	const resultsPath = path.join(__dirname, 'results.json');
	if (only && existsSync(resultsPath)) {
		// A partial run (--only) replaces its scenarios in the last results and keeps the others.
		const previous = JSON.parse(readFileSync(resultsPath, 'utf8')) as Report;
		if (previous.mode === report.mode) {
			const fresh = new Set(scenarios.map((s) => s.id));
			report.scenarios = [...previous.scenarios.filter((s) => !fresh.has(s.id)), ...scenarios].sort((a, b) => a.id.localeCompare(b.id));
			report.partialRuns = [...(previous.partialRuns ?? []), { scenarios: [...fresh], startedAt: report.startedAt, elapsedS: report.elapsedS, machine: host }];
			report.elapsedS = previous.elapsedS;
			report.startedAt = previous.startedAt;
			report.machine = previous.machine;
			if (!chartPanels.length) report.chart = previous.chart;
		}
	}
	writeFileSync(resultsPath, `${JSON.stringify(report, null, '\t')}\n`);
	process.stdout.write(`${renderMarkdown(report)}\n`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
