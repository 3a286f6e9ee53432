/**
 * `npm start`: builds Preflight and opens a real VS Code on the demo repository.
 * With the `code` command (VS Code desktop) it uses --extensionDevelopmentPath; otherwise it
 * serves code-server on 127.0.0.1 with the packaged extension installed and prints the URL.
 * The demo repository is made once under .vscode-test/demo (a git repo with a bare remote)
 * and reused afterwards, so edits made while trying Preflight are kept.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freshProfile, installExtension, REPO_ROOT, startCodeServer } from '../test/support/vscode-server';
import { FakeGitHub } from '../test/support/fake-github/server';
import { loadScenario } from '../test/support/fake-github/scenario';

const DEMO_HOME = join(REPO_ROOT, '.vscode-test', 'demo');
const DEMO_APP = join(DEMO_HOME, 'app');

function run(command: string, args: string[], cwd = REPO_ROOT): void {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, { cwd, stdio: 'ignore' });
}

function ensureDemoRepository(): void {
  if (existsSync(join(DEMO_APP, '.git'))) return;
  console.log(`creating the demo repository in ${DEMO_APP}`);
  mkdirSync(DEMO_HOME, { recursive: true });
  git(DEMO_HOME, 'init', '-q', '--bare', '-b', 'main', 'remote.git');
  cpSync(join(REPO_ROOT, 'demo', 'app'), DEMO_APP, { recursive: true });
  git(DEMO_APP, 'init', '-q', '-b', 'main');
  git(DEMO_APP, 'config', 'user.email', 'demo@example.com');
  git(DEMO_APP, 'config', 'user.name', 'Demo Developer');
  git(DEMO_APP, 'remote', 'add', 'origin', join(DEMO_HOME, 'remote.git'));
  git(DEMO_APP, 'add', 'README.md', 'app/models', 'spec', 'config');
  git(DEMO_APP, 'commit', '-q', '-m', 'Initial shop');
  git(DEMO_APP, 'push', '-q', '-u', 'origin', 'main');
  git(DEMO_APP, 'checkout', '-q', '-b', 'feature/monthly-reports');
  git(DEMO_APP, 'push', '-q', '-u', 'origin', 'feature/monthly-reports');
  git(DEMO_APP, 'add', '-A');
  git(DEMO_APP, 'commit', '-q', '-m', 'Monthly reports, order status and discounts');
}

function hasDesktopCode(): boolean {
  return spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * A fake GitHub on loopback with an open PR for the demo branch (failing check, changes
 * requested): git fetches from it by URL, while pushes go to the bare repository.
 */
async function startDemoGitHub(): Promise<FakeGitHub> {
  const prHead = execFileSync('git', ['rev-parse', 'origin/feature/monthly-reports'], { cwd: DEMO_APP, encoding: 'utf8' }).trim();
  const github = await FakeGitHub.start(loadScenario('demo', { headSha: prHead, branch: 'feature/monthly-reports' }));
  git(DEMO_APP, 'remote', 'set-url', 'origin', github.remoteUrl);
  git(DEMO_APP, 'remote', 'set-url', '--push', 'origin', join(DEMO_HOME, 'remote.git'));
  console.log(`fake GitHub for the demo: ${github.apiUrl}`);
  return github;
}

async function main(): Promise<void> {
  ensureDemoRepository();
  const github = await startDemoGitHub();
  if (hasDesktopCode() && !process.env.PREFLIGHT_DEMO_WEB) {
    run('npm', ['run', '--silent', 'build']);
    run('code', ['--extensionDevelopmentPath', REPO_ROOT, DEMO_APP]);
    console.log('The fake GitHub keeps serving the demo pull request. Press Ctrl+C to stop.');
    process.on('SIGINT', () => void github.close().then(() => process.exit(0)));
    return;
  }
  run('bash', ['scripts/provision-vscode.sh']);
  run('npm', ['run', '--silent', 'package']);
  const profile = freshProfile({ 'workbench.colorTheme': 'Default Light Modern' });
  installExtension(join(REPO_ROOT, 'preflight.vsix'), profile.extensionsDir, profile.userDataDir);
  const port = Number(process.env.PREFLIGHT_DEMO_PORT ?? 0) || undefined;
  const server = await startCodeServer({ folder: DEMO_APP, port, ...profile });
  console.log(`\nPreflight demo: open ${server.url}/?folder=${encodeURIComponent(DEMO_APP)}\nPress Ctrl+C to stop.`);
  const stop = () => void Promise.all([server.stop(), github.close()]).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
