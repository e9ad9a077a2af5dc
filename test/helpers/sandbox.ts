/**
 * Starts one seeded sandbox per test file:
 *   const sandbox = useSandbox({ seed: 30 });
 *   it('…', async () => { const res = await call(sandbox(), 'GET', '/me'); });
 */
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';

/** Fixed clock for seeding so that ids, texts and timestamps are stable across runs. */
export const SEED_NOW = Date.UTC(2026, 10, 1);

/** Registers beforeAll/afterAll and returns a getter for the running sandbox. */
export function useSandbox(options: SandboxOptions = {}): () => Sandbox {
	let sandbox: Sandbox | undefined;
	beforeAll(async () => {
		const seed = typeof options.seed === 'number' ? { conversations: options.seed } : options.seed;
		sandbox = await startSandbox({ ...options, seed: { now: SEED_NOW, ...seed } });
	});
	afterAll(async () => {
		await sandbox?.close();
		sandbox = undefined;
	});
	return () => {
		if (!sandbox) throw new Error('the sandbox is not running (use the getter inside a test or hook)');
		return sandbox;
	};
}

export interface ApiResponse<T = unknown> {
	status: number;
	headers: Headers;
	/** Parsed JSON, or undefined for an empty body. */
	body: T;
}

export interface CallOptions {
	token?: string | null;
	version?: string;
	headers?: Record<string, string>;
}

/** One HTTP call to the sandbox with the default token and JSON handling. */
export async function call<T = any>( // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
	sandbox: Sandbox,
	method: string,
	path: string,
	body?: unknown,
	options: CallOptions = {},
): Promise<ApiResponse<T>> {
	const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
	const token = options.token === undefined ? sandbox.token : options.token;
	if (token !== null) headers.Authorization = `Bearer ${token}`;
	if (options.version) headers['Intercom-Version'] = options.version;
	if (body !== undefined) headers['Content-Type'] = 'application/json';
	const response = await fetch(sandbox.url + path, {
		method,
		headers,
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
}
