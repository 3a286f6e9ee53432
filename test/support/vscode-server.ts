/**
 * Starts and stops the real VS Code that the e2e and in-host tests (and `npm start`) use:
 * code-server, or the VS Code server bundled inside it, on the Node 24 provisioned by
 * scripts/provision-vscode.sh. Each server runs in its own process group so that stopping
 * it also stops the file watcher and the other helpers it spawns.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ProvisionedPaths {
  node: string;
  codeServer: string;
  chromium: string;
}

export const REPO_ROOT = join(__dirname, '..', '..');

export function provisionedPaths(): ProvisionedPaths {
  const cache = process.env.PREFLIGHT_VSCODE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'preflight-vscode');
  const file = join(cache, 'paths.json');
  if (!existsSync(file)) throw new Error(`VS Code is not provisioned (${file} is missing): run bash scripts/provision-vscode.sh`);
  return JSON.parse(readFileSync(file, 'utf8')) as ProvisionedPaths;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Fresh user-data and extensions folders, with settings that keep the workbench quiet. */
export function freshProfile(settings: Record<string, unknown> = {}): { userDataDir: string; extensionsDir: string } {
  const base = mkdtempSync(join(tmpdir(), 'preflight-vscode-profile-'));
  const userDataDir = join(base, 'user-data');
  const extensionsDir = join(base, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'security.workspace.trust.enabled': false,
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'chat.disableAIFeatures': true,
        'git.openRepositoryInParentFolders': 'never',
        'workbench.colorTheme': 'Default Dark Modern',
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        ...settings,
      },
      null,
      2,
    ),
  );
  return { userDataDir, extensionsDir };
}

/** Installs a .vsix into an extensions folder the way a user would, with code-server's CLI. */
export function installExtension(vsix: string, extensionsDir: string, userDataDir: string): void {
  const paths = provisionedPaths();
  const result = spawnSync(
    paths.node,
    [
      join(paths.codeServer, 'out', 'node', 'entry.js'),
      '--extensions-dir',
      extensionsDir,
      '--user-data-dir',
      userDataDir,
      '--install-extension',
      vsix,
    ],
    {
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  if (result.status !== 0) throw new Error(`installing ${vsix} failed:\n${result.stdout}\n${result.stderr}`);
}

export interface RunningServer {
  port: number;
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** code-server: the full web VS Code, as a user of `npm start` gets it. */
export async function startCodeServer(options: {
  folder?: string;
  userDataDir: string;
  extensionsDir: string;
  port?: number;
  env?: NodeJS.ProcessEnv;
}): Promise<RunningServer> {
  const paths = provisionedPaths();
  const port = options.port ?? (await freePort());
  const args = [
    join(paths.codeServer, 'out', 'node', 'entry.js'),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--user-data-dir',
    options.userDataDir,
    '--extensions-dir',
    options.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    ...(options.folder ? [options.folder] : []),
  ];
  return launch(paths.node, args, port, '/healthz', options.env);
}

/**
 * The VS Code server inside code-server, started directly: unlike code-server's own CLI it
 * accepts --enable-smoke-test-driver, without which the workbench ignores a test payload.
 */
export async function startVscodeServer(options: {
  userDataDir: string;
  extensionsDir: string;
  env?: NodeJS.ProcessEnv;
}): Promise<RunningServer> {
  const paths = provisionedPaths();
  const port = await freePort();
  const agentFolder = mkdtempSync(join(tmpdir(), 'preflight-vscode-agent-'));
  const args = [
    join(paths.codeServer, 'lib', 'vscode', 'out', 'server-main.js'),
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--disable-telemetry',
    '--enable-smoke-test-driver',
    '--enable-proposed-api',
    '--user-data-dir',
    options.userDataDir,
    '--extensions-dir',
    options.extensionsDir,
  ];
  return launch(paths.node, args, port, '/version', { ...options.env, VSCODE_AGENT_FOLDER: agentFolder });
}

async function launch(node: string, args: string[], port: number, readyPath: string, env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  const child = spawn(node, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const server: RunningServer = { port, url, output: () => output, stop: () => stopGroup(child) };
  try {
    await waitForHttp(`${url}${readyPath}`, child, 90_000);
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n--- server output ---\n${output}`, { cause: error });
  }
  return server;
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the server did not answer ${url} within ${timeoutMs / 1000} s`);
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
  signal('SIGKILL'); // helpers that ignored SIGTERM
}
