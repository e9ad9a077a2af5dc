import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InstalledN8n } from './install';

export const PACKAGE_NAME = 'n8n-nodes-intercom-conversations';

/** The IRun JSON `n8n execute --rawOutput` prints (the parts the tests read). */
export interface RunResult {
	status?: string;
	finished?: boolean;
	data: {
		resultData: {
			error?: { message?: string };
			lastNodeExecuted?: string;
			runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown>; pairedItem?: unknown }> | null> } }>>;
		};
	};
}

let cliRuns = 0;
let brokerPort = 5700 + Math.floor(Math.random() * 200) * 10;

/**
 * A throwaway n8n user folder with this package installed the way n8n installs community
 * packages: extracted under `<N8N_USER_FOLDER>/.n8n/nodes/node_modules/<name>` with its runtime
 * dependencies, so node types are `n8n-nodes-intercom-conversations.<node>`.
 */
export class N8nInstance {
	readonly userFolder: string;
	readonly env: NodeJS.ProcessEnv;

	constructor(
		readonly n8n: InstalledN8n,
		tarball: string,
		extraEnv: NodeJS.ProcessEnv = {},
	) {
		this.userFolder = mkdtempSync(join(tmpdir(), 'n8n-e2e-'));
		this.env = {
			...process.env,
			// jest sets NODE_ENV=test, which silences n8n's logger and with it the result JSON.
			NODE_ENV: 'production',
			PATH: n8n.path,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: 'e2e-fixed-encryption-key',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_RUNNERS_BROKER_PORT: String((brokerPort += 10)),
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			...extraEnv,
		};
		this.installPackage(tarball);
	}

	private installPackage(tarball: string): void {
		const target = join(this.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
		mkdirSync(target, { recursive: true });
		writeFileSync(join(this.userFolder, '.n8n', 'nodes', 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }));
		this.exec('tar', ['xzf', tarball, '-C', target, '--strip-components=1']);
		// Runtime dependencies only; n8n provides n8n-workflow (the peer dependency) itself.
		this.exec('npm', ['install', '--omit=dev', '--omit=peer', '--ignore-scripts', '--no-package-lock', '--no-audit', '--no-fund', '--prefer-offline'], target);
	}

	private exec(command: string, args: string[], cwd = this.userFolder): string {
		const result = spawnSync(command, args, { cwd, env: this.env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
		if (result.status !== 0) {
			throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
		}
		return result.stdout;
	}

	/**
	 * Runs the n8n CLI to completion, asynchronously: the sandbox n8n talks to may live in this
	 * very process, so its event loop must stay free.
	 */
	async cli(args: string[], timeoutMs = 10 * 60_000): Promise<CliResult> {
		// Files, not pipes: n8n ends with process.exit(), which can cut off output still queued
		// for a pipe (the result JSON is printed last).
		const out = join(this.userFolder, `cli-${++cliRuns}.out`);
		const err = join(this.userFolder, `cli-${cliRuns}.err`);
		const [outFd, errFd] = [openSync(out, 'w'), openSync(err, 'w')];
		const child = spawn(this.n8n.nodeBin, [this.n8n.n8nBin, ...args], { cwd: this.userFolder, env: this.env, stdio: ['ignore', outFd, errFd] });
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
		clearTimeout(timer);
		closeSync(outFd);
		closeSync(errFd);
		return { status, stdout: readFileSync(out, 'utf8'), stderr: readFileSync(err, 'utf8') };
	}

	async importCredentials(credentials: object[]): Promise<void> {
		const file = join(this.userFolder, 'credentials.json');
		writeFileSync(file, JSON.stringify(credentials));
		check(await this.cli(['import:credentials', `--input=${file}`]), 'import:credentials');
	}

	async importWorkflows(workflows: object[]): Promise<void> {
		const dir = join(this.userFolder, 'workflows');
		rmSync(dir, { recursive: true, force: true });
		mkdirSync(dir);
		workflows.forEach((workflow, i) => writeFileSync(join(dir, `${i}.json`), JSON.stringify(workflow)));
		check(await this.cli(['import:workflow', '--separate', `--input=${dir}`]), 'import:workflow');
	}

	/** `n8n execute --id … --rawOutput`: the run's JSON (also when the workflow failed). */
	async execute(workflowId: string): Promise<RunResult> {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput']);
		const json = /^\{$[\s\S]*^\}$/m.exec(result.stdout)?.[0];
		if (!json) {
			throw new Error(`n8n execute ${workflowId} printed no result (exit ${result.status}):\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
		}
		return JSON.parse(json) as RunResult;
	}

	/** Starts `n8n start` (or another long-running command); resolves when it listens. */
	async start(args: string[], readyPattern: RegExp, timeoutMs = 120_000, env: NodeJS.ProcessEnv = {}): Promise<ChildProcess> {
		const child = spawn(this.n8n.nodeBin, [this.n8n.n8nBin, ...args], {
			cwd: this.userFolder,
			env: { ...this.env, ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`n8n ${args.join(' ')} not ready after ${timeoutMs} ms:\n${output.slice(-4000)}`)), timeoutMs);
			const onData = (chunk: Buffer) => {
				output += chunk.toString();
				if (readyPattern.test(output)) {
					clearTimeout(timer);
					resolve();
				}
			};
			child.stdout?.on('data', onData);
			child.stderr?.on('data', onData);
			child.on('exit', (code) => {
				clearTimeout(timer);
				reject(new Error(`n8n ${args.join(' ')} exited (${code}):\n${output.slice(-4000)}`));
			});
		});
		child.removeAllListeners('exit');
		return child;
	}

	dispose(): void {
		rmSync(this.userFolder, { recursive: true, force: true });
	}
}

export interface CliResult {
	status: number | null;
	stdout: string;
	stderr: string;
}

function check(result: CliResult, what: string): void {
	if (result.status !== 0) throw new Error(`n8n ${what} failed (exit ${result.status}):\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
}

/** The items of a node's output `index` in a run (0 = main, 1 = error output). */
export function outputOf(run: RunResult, nodeName: string, index = 0): Array<{ json: Record<string, unknown>; pairedItem?: unknown }> {
	const runs = run.data.resultData.runData[nodeName];
	if (!runs) throw new Error(`node "${nodeName}" did not run; last node: ${run.data.resultData.lastNodeExecuted}; error: ${run.data.resultData.error?.message}`);
	return runs.flatMap((r) => r.data?.main[index] ?? []);
}
