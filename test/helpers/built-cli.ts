import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The built CLI, as users and the git hook run it (the integration tier builds dist/ first). */
export const BUILT_CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

export function runBuiltCli(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BUILT_CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** What scripts/build.mjs keeps in files of their own beside the bundles, loaded on first use. */
export const LAZY_FILES = [
  'lazy-web-tree-sitter.js',
  'lazy-libpg-query.js',
  'lazy-re2js.js',
  'lazy-ajv.js',
  'lazy-yaml.js',
  'lazy-pg.js',
  'lazy-toml-eslint-parser.js',
];

/** The worker threads' script, beside the bundles: a scan of many files runs it on each other core. */
export const WORKER_FILES = ['scan-worker.js'];
