import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { Session } from 'node:inspector/promises';
import { dirname, join, normalize, relative } from 'node:path';
import { useNodeSandbox } from '../testkit';

/**
 * The rules of ARCHITECTURE.md, checked on the code itself: the import graph (no cycle, nothing
 * upwards, one door to the network, Intercom's paths only in `api/`), the transport's file sizes,
 * and the walk of one close measured while a real close runs against the sandbox.
 */

const repoRoot = join(__dirname, '..');
const nodeRoot = join(repoRoot, 'nodes', 'IntercomConversations');

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(path);
		return entry.name.endsWith('.ts') ? [path] : [];
	});
}

const files = [...sourceFiles(join(repoRoot, 'nodes')), ...sourceFiles(join(repoRoot, 'credentials'))];
const source = new Map(files.map((file) => [file, readFileSync(file, 'utf8')]));
const rel = (file: string) => relative(nodeRoot, file);

/** Every `import … from` / `export … from`, type-only ones included: module specifiers per file. */
function specifiers(file: string): string[] {
	return [...(source.get(file) as string).matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]);
}

/** The file a relative specifier names, undefined for a package. */
function resolveLocal(from: string, specifier: string): string | undefined {
	if (!specifier.startsWith('.')) return undefined;
	const target = normalize(join(dirname(from), specifier));
	return [`${target}.ts`, join(target, 'index.ts')].find((candidate) => source.has(candidate));
}

const imports = new Map(files.map((file) => [file, specifiers(file).map((s) => resolveLocal(file, s)).filter((f): f is string => !!f)]));

describe('the import graph', () => {
	it('has no cycle, type-only imports included', () => {
		const cycles: string[] = [];
		const state = new Map<string, 'open' | 'done'>();
		const path: string[] = [];
		const visit = (file: string) => {
			state.set(file, 'open');
			path.push(file);
			for (const next of imports.get(file) ?? []) {
				if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next].map(rel).join(' → '));
				else if (!state.has(next)) visit(next);
			}
			path.pop();
			state.set(file, 'done');
		};
		for (const file of files) if (!state.has(file)) visit(file);
		expect(cycles).toEqual([]);
	});

	it('points downwards: the transport imports nothing of the node, api/ and helpers/ nothing of the operations', () => {
		const layer = (file: string) => rel(file).split('/')[0];
		const upwards = files.flatMap((file) =>
			(imports.get(file) ?? [])
				.filter((target) => {
					const [from, to] = [layer(file), layer(target)];
					// The credential's regions (base URLs) are data the transport reads, not the node.
					if (from === 'transport') return to !== 'transport' && !rel(target).startsWith('../../credentials/');
					if (from === 'api') return !['api', 'transport', 'helpers'].includes(to);
					if (from === 'helpers') return ['actions', 'methods'].includes(to);
					return false;
				})
				.map((target) => `${rel(file)} → ${rel(target)}`),
		);
		expect(upwards).toEqual([]);
	});

	it('has one door to the network: only transport/ loads axios, http or https', () => {
		const network = /^(axios|node:https?|https?)$/;
		const doors = files.filter((file) => {
			const text = source.get(file) as string;
			// `import type` only borrows a type; it opens no connection.
			const loads = [...text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)].filter((m) => !m[1] && network.test(m[2]));
			return loads.length > 0;
		});
		expect(doors.map(rel).every((file) => file.startsWith('transport/'))).toBe(true);
		expect(doors.map(rel)).toContain('transport/connection.ts');
	});

	it("writes Intercom's paths only in api/", () => {
		const resources = 'conversations|contacts|companies|admins|teams|tags|tickets|ticket_types|messages|me|macros|notes|data_attributes';
		const literal = new RegExp(`['\`]/(${resources})\\b`);
		const lines = (file: string) => (source.get(file) as string).split('\n');
		// The pattern finds the paths where they belong.
		expect(lines(join(nodeRoot, 'api', 'conversations.ts')).some((line) => literal.test(line))).toBe(true);
		const outside = files
			.filter((file) => !rel(file).startsWith('api/') && !rel(file).startsWith('..'))
			.flatMap((file) =>
				lines(file)
					.map((line, index) => ({ line: line.trim(), at: `${rel(file)}:${index + 1}` }))
					.filter(({ line }) => !/^(\*|\/\*|\/\/)/.test(line) && literal.test(line))
					.map(({ at, line }) => `${at} ${line}`),
			);
		expect(outside).toEqual([]);
	});

	it("keeps the transport's files under 300 lines", () => {
		const big = files
			.filter((file) => rel(file).startsWith('transport/'))
			.map((file) => ({ file: rel(file), lines: (source.get(file) as string).split('\n').length }))
			.filter(({ lines }) => lines >= 300);
		expect(big).toEqual([]);
	});
});

describe('the walk of one close', () => {
	const { sandbox, run, admin, notClosed } = useNodeSandbox({ seed: 20 });
	const close = async (id: string) =>
		await run({ parameters: { resource: 'conversation', operation: 'close', conversationId: { mode: 'id', value: id }, adminId: admin() } });

	/** The package's files on the (async) stack when the close's POST leaves, outermost first. */
	async function chainAtTheRequest(id: string): Promise<string[]> {
		const stacks: string[] = [];
		const original = http.request;
		const previousLimit = Error.stackTraceLimit;
		Error.stackTraceLimit = 200;
		const spy = jest.spyOn(http, 'request').mockImplementation(((...args: Parameters<typeof http.request>) => {
			stacks.push(new Error('the close leaves').stack ?? '');
			return original.apply(http, args);
		}) as typeof http.request);
		try {
			await close(id);
		} finally {
			spy.mockRestore();
			Error.stackTraceLimit = previousLimit;
		}
		const posted = sandbox.log.filter((entry) => entry.method === 'POST' && entry.path === `/conversations/${id}/parts`);
		expect(posted).toHaveLength(1);
		// The other request of the execution lists the admins once, to check the acting admin.
		const closing = stacks.filter((stack) => stack.includes('api/conversations.ts'));
		expect(closing).toHaveLength(1);
		const chain: string[] = [];
		for (const frame of closing[0].split('\n').reverse()) {
			const name = /nodes\/IntercomConversations\/([^:)]+):\d+:\d+/.exec(frame)?.[1];
			if (name && chain.at(-1) !== name) chain.push(name);
		}
		return chain;
	}

	it('steps down through at most 8 files from the router to the HTTP request, re-entering one', async () => {
		const [warmUp, id] = notClosed(2);
		await close(warmUp);
		const chain = await chainAtTheRequest(id);
		expect(chain).toEqual([
			'actions/router.ts',
			'actions/conversation/close.operation.ts',
			'api/conversations.ts',
			'api/appendOnce.ts',
			'transport/intercomClient.ts',
			'transport/limiter/localLimiter.ts',
			// The limiter calls back into the client's send to make the request.
			'transport/intercomClient.ts',
		]);
		expect(new Set(chain).size).toBeLessThanOrEqual(8);
		expect(sandbox.state.conversations.get(id)?.state).toBe('closed');
	});

	it('runs code in a bounded set of files (a new one on the path of every close shows up here)', async () => {
		const [warmUp, id] = notClosed(2);
		await close(warmUp);
		const session = new Session();
		session.connect();
		try {
			await session.post('Profiler.enable');
			await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
			await session.post('Profiler.takePreciseCoverage'); // counts from here
			await close(id);
			const { result } = await session.post('Profiler.takePreciseCoverage');
			const entered = result
				.filter((script) => script.url.includes(nodeRoot))
				// A module's own body (the function without a name) ran when it was loaded, not in this close.
				.filter((script) => script.functions.some((fn) => fn.functionName !== '' && fn.ranges[0].count > 0))
				.map((script) => rel(script.url.replace(/^file:\/\//, '')))
				.sort();
			// The files of ARCHITECTURE.md's walk: the chain above, and what it calls and returns from.
			expect(entered).toEqual(
				expect.arrayContaining([
					'IntercomConversations.node.ts',
					'actions/router.ts',
					'actions/inputs.ts',
					'helpers/pool.ts',
					'transport/pace.ts',
					'transport/limiter/window.ts',
					'transport/responses.ts',
				]),
			);
			// 26 files today (ARCHITECTURE.md lists them): a file added to every close's path is a decision, made here.
			expect(entered.length).toBeLessThanOrEqual(26);
		} finally {
			await session.post('Profiler.stopPreciseCoverage');
			session.disconnect();
		}
	});
});
