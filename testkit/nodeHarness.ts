import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INode,
	INodeExecutionData,
	INodeType,
} from 'n8n-workflow';

/**
 * The part of n8n's execution context the node uses. n8n itself is run by the end-to-end tests;
 * here the context is a stand-in while everything the node does past it (the transport, HTTP,
 * the sandbox) is real.
 */

/** A parameter's value, or a function of the item, like an n8n expression (`{{ $json.id }}`). */
export type ParameterValue = unknown | ((item: IDataObject, index: number) => unknown);

export interface RunOptions {
	parameters: Record<string, ParameterValue>;
	items?: IDataObject[];
	credentials: ICredentialDataDecryptedObject;
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	signal?: AbortSignal;
	logs?: string[];
	/** The workflow's time zone (`this.getTimezone()`), default America/New_York like n8n's. */
	timezone?: string;
}

const node: INode = {
	id: 'test-node',
	name: 'Intercom Conversations',
	type: 'n8n-nodes-intercom-conversations.intercomConversations',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function resolve(parameters: Record<string, ParameterValue>, name: string, item: IDataObject, index: number, fallback?: unknown) {
	const path = name.split('.');
	let value: unknown = parameters;
	for (const key of path) value = (value as Record<string, unknown> | undefined)?.[key];
	if (typeof value === 'function') value = (value as (item: IDataObject, index: number) => unknown)(item, index);
	else if (value && typeof value === 'object' && !Array.isArray(value)) {
		// Resolve expressions one level down (resource locator values, option collections).
		value = Object.fromEntries(
			Object.entries(value as Record<string, unknown>).map(([k, v]) => [
				k,
				typeof v === 'function' ? (v as (item: IDataObject, index: number) => unknown)(item, index) : v,
			]),
		);
	}
	return value === undefined ? fallback : value;
}

function logger(logs: string[] | undefined) {
	const write = (level: string) => (message: string, meta?: object) =>
		logs?.push(`${level} ${message}${meta ? ` ${JSON.stringify(meta)}` : ''}`);
	return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'), verbose: write('verbose') };
}

export function executeContext(options: RunOptions): IExecuteFunctions {
	const items = (options.items ?? [{}]).map((json) => ({ json }));
	const context = {
		getInputData: () => items,
		getNode: () => ({ ...node, onError: options.onError }),
		getNodeParameter: (name: string, index: number, fallback?: unknown) =>
			resolve(options.parameters, name, items[index]?.json ?? {}, index, fallback),
		getCredentials: async () => options.credentials,
		continueOnFail: () => options.onError === 'continueRegularOutput' || options.onError === 'continueErrorOutput',
		getExecutionCancelSignal: () => options.signal,
		getTimezone: () => options.timezone ?? 'America/New_York',
		logger: logger(options.logs),
		helpers: {
			returnJsonArray: (data: IDataObject | IDataObject[]) =>
				(Array.isArray(data) ? data : [data]).map((json) => ({ json })),
			constructExecutionMetaData: (data: INodeExecutionData[], { itemData }: { itemData: { item: number } }) =>
				data.map((entry) => ({ ...entry, pairedItem: itemData })),
		},
	};
	return context as unknown as IExecuteFunctions;
}

export async function runNode(nodeType: INodeType, options: RunOptions): Promise<INodeExecutionData[]> {
	const output = await nodeType.execute!.call(executeContext(options));
	return (output as INodeExecutionData[][])[0];
}

/**
 * n8n's rule for "Continue (using error output)" (n8n-core `handleNodeErrorOutput`, 2.8.4):
 * an item goes to the error output when it carries `error`, or when its json holds nothing
 * but `error` and `message`.
 */
export function splitErrorOutput(items: INodeExecutionData[]): { success: INodeExecutionData[]; errors: INodeExecutionData[] } {
	const isError = (item: INodeExecutionData) =>
		item.error !== undefined ||
		(item.json.error !== undefined && Object.keys(item.json).every((key) => ['error', 'message'].includes(key)));
	return { success: items.filter((i) => !isError(i)), errors: items.filter(isError) };
}

export function loadOptionsContext(options: {
	credentials: ICredentialDataDecryptedObject;
	current?: Record<string, unknown>;
}): ILoadOptionsFunctions {
	const context = {
		getNode: () => node,
		getCredentials: async () => options.credentials,
		getCurrentNodeParameter: (name: string) => options.current?.[name],
		getNodeParameter: (name: string) => options.current?.[name],
		logger: logger(undefined),
	};
	return context as unknown as ILoadOptionsFunctions;
}
