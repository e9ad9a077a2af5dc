/**
 * `npm run bench [-- --quick] [-- --only=1,7]`: every scenario against the local sandbox (and a real n8n), in one run.
 * Prints a markdown report, writes bench/results.json and bench/chart.svg.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderChart, type ChartPanel } from './chart';
import { FAST, FULL, INTERCOM, perSecond, QUICK } from './lib/config';
import type { ScenarioResult } from './lib/types';
import { Workspace } from './lib/workspace';
import { machine, renderMarkdown, type Report } from './report';
import { adaptive } from './scenarios/adaptive';
import { alternatives, APPROACH_COUNT } from './scenarios/alternatives';
import { atLimitResult, closeAtLimit, type AtLimitRun } from './scenarios/atLimit';
import { createOnce } from './scenarios/createOnce';
import { faults } from './scenarios/faults';
import { multiWorker } from './scenarios/multiWorker';
import { overhead } from './scenarios/overhead';
import { realN8n } from './scenarios/realN8n';
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
	const chartPanels: ChartPanel[] = [];

	if (wants('1') || wants('2')) {
		log('Scenarios 1 and 2: at the limit, and the alternatives');
		const limitRuns: AtLimitRun[] = [];
		const workspace = await Workspace.start({
			conversations: APPROACH_COUNT * (sizes.closes + sizes.notes),
			rateLimit: INTERCOM.limit,
			latencyMs: INTERCOM.latency,
			tokens: APPROACH_COUNT * 2,
			name: 'limit',
		});
		try {
			log(`  closes: this node, ${INTERCOM.label}`);
			limitRuns.push(await closeAtLimit(workspace, sizes, INTERCOM));
			if (wants('2')) {
				const second = await alternatives(workspace, sizes, limitRuns[0].run, log);
				scenarios.push(second.result);
				chartPanels.push({ title: `2(a): intercom-client SDK, Promise.all over ${second.sdkAll.items} closes, Intercom's shape`, windows: second.sdkAll.windows ?? [], limitPerSecond: perSecond(INTERCOM) });
			}
		} finally {
			await workspace.close();
		}
		log(`  closes: this node, ${FAST.label}`);
		const fast = await Workspace.start({ conversations: sizes.closes, rateLimit: FAST.limit, latencyMs: FAST.latency, tokens: 1, name: 'fast' });
		try {
			limitRuns.push(await closeAtLimit(fast, sizes, FAST));
		} finally {
			await fast.close();
		}
		scenarios.push(atLimitResult(limitRuns));
		chartPanels.unshift(
			...limitRuns.map((r) => ({ title: `1: this node, execute() at defaults, ${r.run.items} closes, ${r.shape.label}`, windows: r.run.windows ?? [], limitPerSecond: perSecond(r.shape) })),
		);
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
	if (wants('7')) {
		log('Scenario 7: real n8n, this node vs the HTTP Request node');
		const seventh = await realN8n(sizes, log);
		scenarios.push(seventh.result);
		for (const r of seventh.runs.filter((x) => x.key === 'ours' || x.key === 'httpTuned')) {
			chartPanels.push({ title: `7: real n8n, ${r.label}, ${r.items} closes`, windows: r.windows, limitPerSecond: perSecond(INTERCOM) });
		}
	}
	if (wants('8')) {
		log('Scenario 8: latency step and a stretch of 503s');
		const eighth = await adaptive(sizes, log);
		scenarios.push(eighth.result);
		for (const r of eighth.runs) {
			chartPanels.push({
				title: `8: ${r.kind}, ${r.items} closes, execute() at defaults`,
				windows: r.windows,
				limitPerSecond: perSecond(INTERCOM),
				inFlight: r.inFlight,
				span: { from: r.from, to: r.to, label: r.kind === 'latency step' ? 'writes answered in 1.5 s' : 'every request 503' },
			});
		}
	}

	if (wants('9')) {
		log('Scenario 9: create conversation and upsert contact, once each under commit-then-fail');
		scenarios.push(await createOnce(sizes, log));
	}

	host.loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
	const chartPath = path.join(__dirname, 'chart.svg');
	if (chartPanels.length) {
		writeFileSync(
			chartPath,
			renderChart(chartPanels, `${host.cpuModel}, ${host.cores} cores, Node ${host.node}. ${new Date(started).toISOString()}${quick ? ' (--quick)' : ''}${only ? ` (--only=${only.join(',')})` : ''}`),
		);
	}
	const report: Report = {
		mode: quick ? 'quick' : 'full',
		startedAt: new Date(started).toISOString(),
		elapsedS: (Date.now() - started) / 1000,
		machine: host,
		scenarios,
		chart: chartPanels.length ? 'bench/chart.svg' : '(not drawn: no scenario with a chart ran)',
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
