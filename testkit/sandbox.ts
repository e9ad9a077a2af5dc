/**
 * Starts one seeded sandbox per test file and talks to it:
 *   const sandbox = useSandbox({ seed: 30 });
 *   it('…', async () => { const res = await call(sandbox(), 'GET', '/me'); });
 * For the node's own tests, `useNodeSandbox` (nodeSandbox.ts) adds running the node against it.
 */
import { startSandbox, type Sandbox, type SandboxOptions } from '../sandbox';

/** Fixed clock for seeding so that ids, texts and timestamps are stable across runs. */
export const SEED_NOW = Date.UTC(2026, 10, 1);

/** Registers beforeAll/afterAll and returns a getter for the running sandbox (seeded at SEED_NOW). */
export function useSandbox(options: SandboxOptions = {}): () => Sandbox {
	const lifecycle = sandboxLifecycle('all');
	beforeAll(async () => {
		const seed = typeof options.seed === 'number' ? { conversations: options.seed } : options.seed;
		await lifecycle.start({ ...options, seed: { now: SEED_NOW, ...seed } });
	});
	return lifecycle.current;
}

export interface SandboxLifecycle {
	/** Starts the sandbox (one at a time); it is closed after all tests, or after each with `'each'`. */
	start(options: SandboxOptions): Promise<Sandbox>;
	/** The running sandbox; throws outside a test or hook. */
	current(): Sandbox;
}

/** Closes what `start` started after all tests of the file or describe block (`'all'`) or after each test (`'each'`). */
export function sandboxLifecycle(scope: 'all' | 'each'): SandboxLifecycle {
	let sandbox: Sandbox | undefined;
	(scope === 'each' ? afterEach : afterAll)(async () => {
		await sandbox?.close();
		sandbox = undefined;
	});
	return {
		async start(options) {
			if (sandbox) throw new Error('a sandbox is already running here (one per test file, describe block or test)');
			sandbox = await startSandbox(options);
			return sandbox;
		},
		current() {
			if (!sandbox) throw new Error('the sandbox is not running (use the getter inside a test or hook)');
			return sandbox;
		},
	};
}

/**
 * The running sandbox as an object that can be held from the start: every property read goes to
 * the sandbox running at that moment (`sandbox.state`, `sandbox.log`, `sandbox.failNext(…)`).
 */
export function liveSandbox(current: () => Sandbox): Sandbox {
	return live(current);
}

/** An object that stands for whatever `current()` returns at each property read (methods bound to it). */
export function live<T extends object>(current: () => T): T {
	return new Proxy({} as T, {
		get: (_target, key) => {
			const target = current();
			const value: unknown = Reflect.get(target, key);
			return typeof value === 'function' ? value.bind(target) : value;
		},
		has: (_target, key) => Reflect.has(current(), key),
		ownKeys: () => Reflect.ownKeys(current()),
		getOwnPropertyDescriptor: (_target, key) => {
			const descriptor = Reflect.getOwnPropertyDescriptor(current(), key);
			return descriptor && { ...descriptor, configurable: true };
		},
	});
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
