import { runNodeOperation } from '../lib/nodeRunner';
import type { Approach, Op } from './types';

/** This package: the node's batch path at default settings (concurrency 10, 5 attempts). */
export const ours: Approach = {
	key: 'ours',
	label: 'This node (execute(), defaults)',
	async run(target, ops) {
		let failed = 0;
		for (const kind of ['close', 'note'] as const) {
			const mine = ops.filter((op: Op) => op.kind === kind);
			if (!mine.length) continue;
			const items = mine.map((op) => ({ conversation_id: op.conversationId, ...(op.body !== undefined && { body: op.body }) }));
			const run = await runNodeOperation(target, kind === 'close' ? 'close' : 'addNote', items);
			failed += run.failed;
		}
		return { failed };
	},
};
