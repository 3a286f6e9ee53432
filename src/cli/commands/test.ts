import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { loadConfig } from '../../core/engine/registry';
import type { PreflightConfig } from '../../core/config/types';
import { findRepositoryRoot } from '../../core/git/repository-files';
import { runnerCollection } from '../../core/testfirst/collection';
import { isNoPlan, planFailingTest, writeFailingTest } from '../../core/testfirst/create-test';
import { FRAMEWORKS } from '../../core/testfirst/frameworks';
import { counterparts } from '../../core/testfirst/navigation';
import { testMapFor } from '../../core/testfirst/test-map';
import { EXIT, UsageError } from '../usage-error';
import type { CommandIo } from '../io';
import { rootFolder } from '../paths';
import { inline } from '../terminal-text';

export const TEST_USAGE = `preflight test where FILE [--root DIR]
preflight test create FILE [--symbol NAME] [--root DIR]

where:  the test map for FILE: its framework, where its tests are, where a new one goes,
        and whether the runner collects it (for a test: its source).
create: writes a failing test for each exported symbol of FILE that has none (or only
        NAME), appending to its test file; never overwrites. Prints the test file.`;

export async function runTest(argv: string[], io: CommandIo): Promise<number> {
  const [action, file, ...rest] = argv;
  if ((action !== 'where' && action !== 'create') || !file) {
    io.out(TEST_USAGE);
    return action === '--help' || action === '-h' ? EXIT.ok : EXIT.usage;
  }
  const { values } = parseArgs({ args: rest, options: { root: { type: 'string' }, symbol: { type: 'string' } } });
  const dir = rootFolder(io.cwd, values.root);
  const root = (await findRepositoryRoot(dir)) ?? dir;
  const path = relative(root, resolve(io.cwd, file)).split('\\').join('/');
  if (path.startsWith('..')) throw new UsageError(`${file} is outside the repository ${root}`);
  const { config } = await loadConfig(root);
  return action === 'where' ? where(root, config, path, io) : create(root, config, path, values.symbol, io);
}

async function where(root: string, config: PreflightConfig, path: string, io: CommandIo): Promise<number> {
  const map = await testMapFor(config, root);
  const found = await counterparts(root, config, path);
  if (found.isTest) {
    const entry = map.testEntryOf(path)!;
    const collection = await runnerCollection(root, entry.framework);
    io.out(`${inline(path)}: a ${FRAMEWORKS[entry.framework].label} test (${entry.origin})`);
    io.out(`  source: ${inline(found.files.join(', ')) || 'not found'}`);
    io.out(`  collected: ${collection.collects(path) ? 'yes' : `no: it collects ${collection.globs.join(', ')} (${collection.source})`}`);
    return EXIT.ok;
  }
  const mapped = map.sourceOf(path);
  if (!mapped) {
    io.out(`${inline(path)}: not mapped to tests; add a 'tests:' entry for it to .preflight.yml.`);
    return EXIT.ok;
  }
  io.out(`${inline(path)}: ${FRAMEWORKS[mapped.entry.framework].label} (${mapped.entry.origin})`);
  io.out(`  tests: ${inline(found.files.join(', ')) || 'none yet'}`);
  io.out(`  a new test goes to: ${inline(found.toCreate)}`);
  return EXIT.ok;
}

async function create(root: string, config: PreflightConfig, path: string, symbol: string | undefined, io: CommandIo): Promise<number> {
  const text = await readFile(resolve(root, path), 'utf8').catch(() => Promise.reject(new UsageError(`cannot read ${path}`)));
  const plan = await planFailingTest(root, config, path, text, symbol);
  if (isNoPlan(plan)) {
    io.err(`preflight: ${inline(plan.problem)}`);
    return EXIT.usage;
  }
  await writeFailingTest(root, plan);
  io.out(
    plan.text === undefined
      ? `${inline(plan.testPath)}: already tests ${inline(plan.alreadyTested.join(', '))}`
      : `${inline(plan.testPath)}:${plan.line}: ${plan.existing === undefined ? 'created with' : 'added'} ${inline(plan.added.join(', '))}`,
  );
  return EXIT.ok;
}
