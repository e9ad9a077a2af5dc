import type { IExecuteFunctions } from 'n8n-workflow';
import { executionOptions as readExecutionOptions } from './inputs';

/**
 * Transitional: `router.ts` and the node file still import from here. Inputs live in
 * `inputs.ts`, parameters in `parameters.ts`; delete this file once both import from there.
 * Until the router treats an undefined concurrency as Auto, Auto sends 10 at a time, as before.
 */
export { optionsParameter } from './parameters';

export function executionOptions(this: IExecuteFunctions) {
	const options = readExecutionOptions(this);
	return { ...options, concurrency: options.concurrency ?? 10 };
}
