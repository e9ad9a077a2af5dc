/** Result shapes shared by the scenarios, the report and results.json. */

/** INFO: reported, no target in the issue. */
export type Verdict = 'PASS' | 'MISS' | 'INFO';

/** One target of the issue, checked against a measured value. */
export interface Check {
	scenario: string;
	metric: string;
	measured: string;
	target: string;
	verdict: Verdict;
	/** Why, when it is a MISS (or anything a reader must know to trust the number). */
	why?: string;
}

export interface Table {
	title: string;
	header: string[];
	rows: string[][];
}

export interface ScenarioResult {
	id: string;
	title: string;
	/** Conditions the scenario ran under, in words. */
	conditions: string;
	checks: Check[];
	tables: Table[];
	notes: string[];
	/** Raw numbers for results.json. */
	data: Record<string, unknown>;
}

export function check(scenario: string, metric: string, measured: string, target: string, pass: boolean, why?: string): Check {
	return { scenario, metric, measured, target, verdict: pass ? 'PASS' : 'MISS', ...(why && !pass && { why }) };
}

export function info(scenario: string, metric: string, measured: string): Check {
	return { scenario, metric, measured, target: '—', verdict: 'INFO' };
}
