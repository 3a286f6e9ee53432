/**
 * The in-host test entry point, the @vscode/test-electron way: VS Code loads this module in
 * the extension host and awaits run(). It runs the *.test.js files beside it with mocha and
 * prints mocha-style counts so that scripts/run-tests.mjs can add them to the total.
 */
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const LOG_PREFIX = '[preflight-test]';

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 30_000,
    color: false,
    reporter: PrefixedReporter as unknown as typeof Mocha.reporters.Base,
  });
  for (const file of readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort())
    mocha.addFile(join(__dirname, file));
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} in-host test(s) failed`);
}

/** One console line per event, prefixed so the runner can pick them out of the workbench's log. */
class PrefixedReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner) {
    super(runner);
    const say = (text: string) => text.split('\n').forEach((line) => console.log(`${LOG_PREFIX} ${line}`));
    const titleOf = (test: Mocha.Test) => test.titlePath().join(' › ');
    runner.on('pass', (test) => say(`  ✔ ${titleOf(test)} (${test.duration ?? 0} ms)`));
    runner.on('pending', (test) => say(`  - ${titleOf(test)}`));
    runner.on('fail', (test, error: Error) =>
      say(`  ✖ ${titleOf(test)}\n      ${(error.stack ?? error.message).split('\n').join('\n      ')}`),
    );
    runner.once('end', () => {
      const stats = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      say(`  ${stats.passes} passing`);
      if (stats.pending) say(`  ${stats.pending} pending`);
      if (stats.failures) say(`  ${stats.failures} failing`);
    });
  }
}
