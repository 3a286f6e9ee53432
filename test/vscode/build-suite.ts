import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/vscode-server';

export const SUITE_OUT = join(REPO_ROOT, 'out', 'vscode-tests');

/** Bundles each in-host test file (and the index) into out/vscode-tests as CommonJS. */
export async function buildSuite(): Promise<string> {
  const dir = join(REPO_ROOT, 'test', 'vscode', 'suite');
  const entryPoints = readdirSync(dir)
    .filter((name) => name === 'index.ts' || name.endsWith('.test.ts'))
    .map((name) => join(dir, name));
  await build({
    entryPoints,
    outdir: SUITE_OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return join(SUITE_OUT, 'index.js');
}
