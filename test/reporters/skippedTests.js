/**
 * Ends a jest run with one line when tests were skipped, so that a suite that silently did not
 * run is seen: how many, and, when the redis-server binary is missing (the Redis suites skip
 * themselves then, see testkit/redisServer.ts), the command that installs it.
 * `.ci/run` fails a run with skipped tests.
 * Plain JavaScript: jest loads reporters without transforming them.
 */
const { spawnSync } = require('node:child_process');

const INSTALL_REDIS = 'sudo apt-get install -y redis-server';

class SkippedTestsReporter {
	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		if (skipped === 0) return;
		const tests = `${skipped} ${skipped === 1 ? 'test' : 'tests'} skipped`;
		const redisMissing = spawnSync('redis-server', ['--version']).status !== 0;
		const line = redisMissing
			? `${tests}: redis-server is not installed. Install it with \`${INSTALL_REDIS}\` and run the tests again.`
			: `${tests} (describe.skip, it.skip, it.todo, or a -t / --testNamePattern filter).`;
		// Jest prints its summary after every reporter; the line comes last, as the process exits.
		process.once('exit', () => process.stderr.write(`\n${line}\n`));
	}
}

module.exports = SkippedTestsReporter;
