import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/**
 * The slice of n8n's execution context the node's `execute()` reads, for the benchmark (the
 * benchmark does not import test helpers). Parameters may be functions of the item, like n8n
 * expressions (`{{ $json.conversation_id }}`); one level of nesting is resolved too (resource
 * locators, option collections).
 */
export type BenchParameter = unknown;

function valueOf(raw: unknown, item: IDataObject, index: number): unknown {
	return typeof raw === 'function' ? (raw as (item: IDataObject, index: number) => unknown)(item, index) : raw;
}

function parameter(parameters: Record<string, BenchParameter>, name: string, item: IDataObject, index: number, fallback: unknown): unknown {
	let value: unknown = parameters;
	for (const key of name.split('.')) value = (value as Record<string, unknown> | undefined)?.[key];
	value = valueOf(value, item, index);
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		value = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, valueOf(v, item, index)]));
	}
	return value === undefined ? fallback : value;
}

const silent = () => undefined;

export function benchExecuteContext(options: {
	items: IDataObject[];
	parameters: Record<string, BenchParameter>;
	credentials: ICredentialDataDecryptedObject;
}): IExecuteFunctions {
	const items: INodeExecutionData[] = options.items.map((json) => ({ json }));
	const node = {
		id: 'bench-node',
		name: 'Intercom Conversations',
		type: 'n8n-nodes-intercom-conversations.intercomConversations',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		onError: 'continueErrorOutput',
	};
	const context = {
		getInputData: () => items,
		getNode: () => node,
		getNodeParameter: (name: string, index: number, fallback?: unknown) =>
			parameter(options.parameters, name, items[index]?.json ?? {}, index, fallback),
		getCredentials: async () => options.credentials,
		continueOnFail: () => true,
		getExecutionCancelSignal: () => undefined,
		getTimezone: () => 'America/New_York',
		logger: { debug: silent, info: silent, warn: silent, error: silent, verbose: silent },
		helpers: {
			returnJsonArray: (data: IDataObject | IDataObject[]) => (Array.isArray(data) ? data : [data]).map((json) => ({ json })),
			constructExecutionMetaData: (data: INodeExecutionData[], { itemData }: { itemData: { item: number } }) =>
				data.map((entry) => ({ ...entry, pairedItem: itemData })),
		},
	};
	return context as unknown as IExecuteFunctions;
}

/**
 * Items n8n would route to the error output ("Continue (using error output)", n8n-core
 * `handleNodeErrorOutput` in 2.8.4): an `error` on the item, or json holding only `error` and `message`.
 */
export function errorItems(items: INodeExecutionData[]): number {
	return items.filter(
		(item) => item.error !== undefined || (item.json.error !== undefined && Object.keys(item.json).every((key) => key === 'error' || key === 'message')),
	).length;
}
