/**
 * Runs the in-host tests (test/vscode/suite) inside a real VS Code: the VS Code server that
 * code-server bundles, with the smoke-test driver on, opened by Debian's chromium with a
 * `payload` that names this repository as the extension under development and the suite as
 * its tests. The workbench reports the exit code through window.codeAutomationExit.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../support/browser';
import { makeFixtureWorkspace } from '../support/fixture-workspace';
import { freshProfile, REPO_ROOT, startVscodeServer } from '../support/vscode-server';
import { buildSuite } from './build-suite';

const LOG_PREFIX = '[preflight-test]';
const TIMEOUT_MS = Number(process.env.PREFLIGHT_VSCODE_TEST_TIMEOUT ?? 240_000);

async function main(): Promise<number> {
  if (!existsSync(join(REPO_ROOT, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run npm run build first');
  const testsIndex = await buildSuite();
  const workspace = makeFixtureWorkspace();
  const profile = freshProfile();
  const server = await startVscodeServer(profile);
  const browser = await launchBrowser();
  let sawCounts = false;
  try {
    const page = await browser.newPage();
    const exitCode = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      const text = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      for (const line of text.split('\n')) {
        if (!line.includes(LOG_PREFIX)) continue;
        const clean = line.slice(line.indexOf(LOG_PREFIX) + LOG_PREFIX.length + 1);
        if (/^\s*\d+ (passing|failing)/.test(clean)) sawCounts = true;
        console.log(clean);
      }
    });
    const remote = (path: string) => `vscode-remote://127.0.0.1:${server.port}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(REPO_ROOT)],
      ['extensionTestsPath', remote(testsIndex.replace(/\.js$/, ''))],
      ['skipWelcome', 'true'],
    ];
    console.log(`in-host tests: ${server.url}, workspace ${workspace.dir}`);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace.dir)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(-1), TIMEOUT_MS).unref());
    const code = await Promise.race([exitCode, timeout]);
    if (code === -1) {
      console.log(`  0 passing\n  1 failing\nthe in-host tests did not finish within ${TIMEOUT_MS / 1000} s`);
      console.log(server.output().slice(-4000));
      return 1;
    }
    if (!sawCounts) console.log(`  0 passing\n  1 failing\nthe test host exited with ${code} without running the suite`);
    return code;
  } finally {
    await browser.close();
    await server.stop();
    workspace.remove();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error);
    console.log('  0 passing\n  1 failing');
    process.exitCode = 1;
  },
);
