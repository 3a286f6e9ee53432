import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { encodeFrame, FRAME, FrameReader } from '../../src/cli/server/frames';
import { BUILT_CLI } from '../helpers/built-cli';
import { RepoWithRemote } from '../helpers/remote-repo';

const EXAMPLE_PACK = readFileSync(join(__dirname, '..', '..', 'examples', 'rules', 'preflight.yml'), 'utf8');
const CREATE_ORDERS = (totalType: string) =>
  `class CreateOrders < ActiveRecord::Migration[7.1]\n  def change\n    create_table :orders do |t|\n      t.${totalType} :total\n    end\n  end\nend\n`;
const WIDEN_TOTAL =
  'class WidenTotal < ActiveRecord::Migration[7.1]\n  def change\n    execute "SET lock_timeout = \'5s\'"\n    change_column :orders, :total, :bigint\n  end\nend\n';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `preflight serve` of the built CLI, and the runs that scan, check and the hook hand to it (src/cli/commands/serve.ts). */
describe('preflight serve', function () {
  this.timeout(60_000);
  let repo: RepoWithRemote;
  let runtime: string;
  let server: ChildProcess | undefined;
  let serverLog = '';

  beforeEach(() => {
    runtime = mkdtempSync(join(tmpdir(), 'preflight-runtime-'));
    repo = new RepoWithRemote();
    repo.clone.write('.preflight.yml', EXAMPLE_PACK).write('db/migrate/20240101000000_create_orders.rb', CREATE_ORDERS('integer'));
    repo.clone.commitAll('history');
    repo.clone.git('push', '-q');
    repo.clone
      .write('db/migrate/20240201000000_widen_total.rb', WIDEN_TOTAL)
      .write('src/client.ts', 'export const load = () => fetch("http://example.com");\nconsole.log(load);\n')
      .commitAll('the push');
  });
  afterEach(() => {
    server?.kill();
    server = undefined;
    repo.remove();
    rmSync(runtime, { recursive: true, force: true });
  });

  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    ...process.env,
    XDG_RUNTIME_DIR: runtime,
    PREFLIGHT_SERVER: '',
    NO_COLOR: '1',
    GITHUB_TOKEN: '',
    GH_TOKEN: '',
    ...extra,
  });
  const alone = { PREFLIGHT_SERVER: 'off' };

  function cli(args: string[], extra: NodeJS.ProcessEnv = {}, input?: string): Run {
    const run = spawnSync(process.execPath, [BUILT_CLI, ...args], { cwd: repo.clone.dir, env: env(extra), encoding: 'utf8', input });
    return { code: run.status, stdout: run.stdout.replace(/"checkedAt": "[^"]*"/, '"checkedAt": "…"'), stderr: run.stderr };
  }

  /** The same, asynchronously: for a fake server in this process, which must answer while the client runs. */
  function cliAsync(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<Run> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [BUILT_CLI, ...args], { cwd: repo.clone.dir, env: env(extra) });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  /** Starts the server; resolves with its socket once it listens. */
  function startServer(): Promise<string> {
    const child = spawn(process.execPath, [BUILT_CLI, 'serve', '--until-stdin-closes'], { env: env(), stdio: ['pipe', 'pipe', 'pipe'] });
    server = child;
    serverLog = '';
    return new Promise((resolve, reject) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        serverLog += chunk.toString();
        const listening = /listening at (\S+)/.exec(serverLog);
        if (listening) resolve(listening[1]);
      });
      child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${serverLog}`)));
    });
  }

  const servedLines = () => serverLog.split('\n').filter((line) => line.startsWith('served: '));
  /** The server's log lines of served runs, once `count` are there (the clients ran synchronously: its output waits in the pipe). */
  async function served(count = 0): Promise<string[]> {
    for (let waited = 0; servedLines().length < count && waited < 5_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 50));
    return servedLines();
  }

  it('gives scan, check and the hook the same output and exit code as a run of their own, and serves each', async () => {
    const socket = await startServer();
    assert.equal(statSync(dirname(socket)).mode & 0o777, 0o700);
    assert.equal(statSync(socket).mode & 0o777, 0o600);
    const refs = `refs/heads/main ${repo.clone.git('rev-parse', 'HEAD').trim()} refs/heads/main ${repo.clone.git('rev-parse', 'origin/main').trim()}\n`;
    const runs: Array<[string[], string?]> = [
      [['scan']],
      [['scan', '--format', 'json', 'db']],
      [['check', '--offline']],
      [['check', '--offline', '--format', 'json']],
      [['hook', 'run', 'origin', repo.bare], refs],
    ];
    for (const [args, input] of runs) {
      const own = cli(args, alone, input);
      const handed = cli(args, {}, input);
      assert.deepEqual(handed, own, args.join(' '));
    }
    assert.equal(cli(['check', '--offline']).code, 1, 'the widened column blocks the push');
    assert.deepEqual(
      (await served(6)).map((line) => line.replace(/ in .*/, '')),
      [
        'served: preflight scan',
        'served: preflight scan --format json db',
        'served: preflight check --offline',
        'served: preflight check --offline --format json',
        `served: preflight hook run origin ${repo.bare}`,
        'served: preflight check --offline',
      ],
    );
  });

  it('runs a push through the installed hook the same way', async () => {
    await startServer();
    assert.equal(cli(['hook', 'install'], alone).code, 0);
    const own = repo.push(['-q', 'origin', 'main'], env(alone));
    const handed = repo.push(['-q', 'origin', 'main'], env());
    assert.equal(own.code, 1);
    assert.deepEqual(handed, own);
    const lines = await served(1);
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^served: preflight hook run origin /);
  });

  it('serves clients that come at once, one run after the other, each with its own output', async () => {
    await startServer();
    const args = [
      ['scan', '--format', 'json'],
      ['check', '--offline'],
      ['scan', 'src'],
    ];
    const own = args.map((a) => cli(a, alone));
    const handed = await Promise.all(args.map((a) => cliAsync(a)));
    assert.deepEqual(
      handed.map((run) => ({ ...run, stdout: run.stdout.replace(/"checkedAt": "[^"]*"/, '"checkedAt": "…"') })),
      own,
    );
    assert.equal((await served(3)).length, 3);
  });

  it('sees a file changed a moment ago, as a run of its own does', async () => {
    await startServer();
    const before = cli(['scan', '--format', 'json', 'db']);
    // At once (within the second for which a scan trusts what it read): the column is already a bigint.
    repo.clone.write('db/migrate/20240101000000_create_orders.rb', CREATE_ORDERS('bigint'));
    const after = cli(['scan', '--format', 'json', 'db']);
    assert.notDeepEqual(after, before, 'the earlier migration decides whether widening the column rewrites the table');
    assert.deepEqual(after, cli(['scan', '--format', 'json', 'db'], alone));
    assert.equal((await served(2)).length, 2);
  });

  it('refuses a request from another build, and the client then runs on its own', async () => {
    const socket = await startServer();
    const frames = await exchange(
      socket,
      encodeFrame(FRAME.request, JSON.stringify({ build: 'another', argv: ['scan'], cwd: repo.clone.dir, env: {}, stdoutIsTTY: false })),
    );
    assert.deepEqual(
      frames.map((f) => f.type),
      [FRAME.refused],
    );
    assert.deepEqual(await served(), []);
  });

  it('runs on its own when the server refuses, stops mid-run or sits in a folder others can open', async () => {
    const socket = await startServer();
    const own = cli(['check', '--offline'], alone);
    server!.kill();
    await waitForExit(server!);
    server = undefined;
    for (const behaviour of ['refuse', 'stop'] as const) {
      const fake = await fakeServer(socket, behaviour);
      const run = await cliAsync(['check', '--offline']);
      fake.server.close();
      assert.equal(fake.connections(), 1, behaviour);
      assert.equal(run.code, own.code);
      assert.equal(run.stdout, own.stdout);
      assert.equal(
        run.stderr,
        behaviour === 'stop'
          ? `partial\npreflight: the Preflight server stopped during the run; running it here\n${own.stderr}`
          : own.stderr,
      );
    }
    chmodSync(dirname(socket), 0o755);
    const fake = await fakeServer(socket, 'refuse');
    const run = await cliAsync(['check', '--offline']);
    fake.server.close();
    assert.equal(fake.connections(), 0, 'the environment (a token may be in it) is never sent there');
    assert.deepEqual(run, own);
  });

  it('says so when a server of this build already runs, and stops when its stdin closes', async () => {
    const socket = await startServer();
    const second = spawnSync(process.execPath, [BUILT_CLI, 'serve'], { env: env(), encoding: 'utf8' });
    assert.equal(second.status, 3);
    assert.equal(second.stderr, `preflight serve: a server of this build is already running at ${socket}\n`);
    const first = server!;
    first.stdin!.end();
    assert.equal(await waitForExit(first), 0);
    server = undefined;
    assert.throws(() => statSync(socket), /ENOENT/);
  });
});

function waitForExit(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

/** Sends one frame and collects what comes back until the server closes. */
function exchange(socket: string, frame: Buffer): Promise<Array<{ type: number; payload: Buffer }>> {
  return new Promise((resolve, reject) => {
    const reader = new FrameReader();
    const frames: Array<{ type: number; payload: Buffer }> = [];
    const connection = connect(socket, () => connection.write(frame));
    connection.on('data', (chunk: Buffer) => frames.push(...reader.push(chunk)));
    connection.on('close', () => resolve(frames));
    connection.on('error', reject);
  });
}

/** A server at the socket that refuses every run, or accepts it, writes a line and goes away. */
async function fakeServer(socket: string, behaviour: 'refuse' | 'stop'): Promise<{ server: Server; connections: () => number }> {
  rmSync(socket, { force: true });
  let connections = 0;
  const server = createServer((connection) => {
    connections++;
    connection.once('data', () => {
      if (behaviour === 'refuse') connection.end(encodeFrame(FRAME.refused, 'no'));
      else {
        connection.write(encodeFrame(FRAME.accepted));
        connection.write(encodeFrame(FRAME.err, 'partial\n'));
        setTimeout(() => connection.destroy(), 50);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return { server, connections: () => connections };
}
