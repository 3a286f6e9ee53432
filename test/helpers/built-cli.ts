import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The built CLI, as users and the git hook run it (the integration tier builds dist/ first). */
export const BUILT_CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

export function runBuiltCli(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BUILT_CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The built CLI (or `command`), run asynchronously: a fake GitHub served by this process must keep
 * answering while it runs. No GitHub token comes from the environment.
 */
export function runBuiltCliAsync(
  cwd: string,
  args: string[],
  { env = {}, command = [process.execPath, BUILT_CLI] }: { env?: NodeJS.ProcessEnv; command?: string[] } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command[0], [...command.slice(1), ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', GITHUB_TOKEN: '', GH_TOKEN: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
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
