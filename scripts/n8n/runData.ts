import type { RunResult } from './instance';

/** What n8n's run data records of each time a node ran (`n8n execute --rawOutput`). */
export interface NodeTiming {
	/** ms since epoch when n8n started the node. */
	startTime: number;
	/** The node's own time in ms as n8n measured it (every Retry On Fail try included). */
	executionTime: number;
	/** The node's error message, when it failed. */
	error?: string;
	/** Items on the node's main output. */
	outputItems: number;
}

interface TaskData {
	startTime?: number;
	executionTime?: number;
	error?: { message?: string };
	data?: { main?: Array<unknown[] | null> };
}

/** Every run of `nodeName` in an execution's run data, in order (one unless it ran in a loop). */
export function nodeTimings(run: RunResult, nodeName: string): NodeTiming[] {
	const runs = (run.data.resultData.runData[nodeName] ?? []) as TaskData[];
	return runs.map((task) => ({
		startTime: task.startTime ?? 0,
		executionTime: task.executionTime ?? 0,
		...(task.error?.message !== undefined && { error: task.error.message }),
		outputItems: task.data?.main?.[0]?.length ?? 0,
	}));
}
