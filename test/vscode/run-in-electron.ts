/**
 * The in-host tests under @vscode/test-electron, for contributors whose machine can download
 * VS Code desktop (CI cannot: it uses run-in-server.ts, with the same test files).
 */
import { runTests } from '@vscode/test-electron';
import { makeFixtureWorkspace } from '../support/fixture-workspace';
import { REPO_ROOT } from '../support/vscode-server';
import { buildSuite } from './build-suite';

async function main(): Promise<void> {
  const extensionTestsPath = await buildSuite();
  const workspace = makeFixtureWorkspace();
  try {
    await runTests({
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath,
      launchArgs: [workspace.dir, '--disable-extensions', '--disable-workspace-trust'],
    });
  } finally {
    workspace.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
