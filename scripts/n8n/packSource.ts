import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/**
 * Packs the checkout's current source without touching its `dist/` (others may be testing it):
 * compiled by `tsc -p tsconfig.json` into a scratch folder with the icons, as `npm run build` lays
 * them out, then `npm pack`. Compile errors are reported, as long as tsc emitted the files.
 * Returns the tarball's path (in `outDir`).
 */
export function packSource(repoRoot: string, outDir: string): { tarball: string; compileErrors: string } {
	const scratch = mkdtempSync(join(tmpdir(), 'n8n-pack-'));
	try {
		cpSync(join(repoRoot, 'package.json'), join(scratch, 'package.json'));
		let compileErrors = '';
		try {
			execFileSync(join(repoRoot, 'node_modules', '.bin', 'tsc'), ['-p', join(repoRoot, 'tsconfig.json'), '--outDir', join(scratch, 'dist')], {
				cwd: repoRoot,
				encoding: 'utf8',
			});
		} catch (error) {
			compileErrors = String((error as { stdout?: string }).stdout ?? error).slice(0, 4_000);
		}
		const entry = join(scratch, 'dist', 'nodes', 'IntercomConversations', 'IntercomConversations.node.js');
		if (!existsSync(entry)) throw new Error(`tsc emitted no node:\n${compileErrors}`);
		for (const folder of ['icons', 'nodes', 'credentials']) copyIcons(join(repoRoot, folder), repoRoot, join(scratch, 'dist'));
		mkdirSync(outDir, { recursive: true });
		const output = execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', outDir], { cwd: scratch, encoding: 'utf8' });
		return { tarball: join(outDir, output.trim().split('\n').pop() as string), compileErrors };
	} finally {
		rmSync(scratch, { recursive: true, force: true });
	}
}

function copyIcons(dir: string, root: string, into: string): void {
	if (!existsSync(dir)) return;
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) copyIcons(path, root, into);
		else if (/\.(png|svg)$/.test(name)) cpSync(path, join(into, relative(root, path)));
	}
}
