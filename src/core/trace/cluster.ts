import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PostgresBinaries } from './binaries';

/** A problem that stops a trace before it starts, said in words for the user (no stack trace). */
export class TraceError extends Error {}

/** How a client reaches a cluster: a Unix socket folder, never a network port. */
export interface SocketConnection {
  host: string;
  port: number;
  user: string;
  database: string;
}

const PORT = 5432;
/** PostgreSQL refuses to run as root; as root the cluster belongs to this user instead. */
const SERVER_USER = 'postgres';

/** Clusters not yet removed, so that an exit or Ctrl+C still removes them. */
const running = new Set<ThrowawayCluster>();
let exitHookInstalled = false;

/**
 * A PostgreSQL cluster of its own for one trace: `initdb` into a fresh temporary folder, the
 * server listening on a Unix socket in that folder and on no network address, with fsync off
 * (nothing in it is worth keeping). `stop()` removes the folder; so does the process exiting.
 */
export class ThrowawayCluster {
  private stopped = false;

  private constructor(
    readonly dir: string,
    readonly binaries: PostgresBinaries,
    private readonly asUser: string | undefined,
  ) {}

  get connection(): SocketConnection {
    return { host: this.dir, port: PORT, user: 'postgres', database: 'postgres' };
  }

  static async start(binaries: PostgresBinaries, signal?: AbortSignal): Promise<ThrowawayCluster> {
    const asUser = process.getuid?.() === 0 ? SERVER_USER : undefined;
    const ids = asUser ? userIds(asUser) : undefined;
    const dir = mkdtempSync(join(tmpdir(), 'preflight-trace-'));
    const cluster = new ThrowawayCluster(dir, binaries, asUser);
    running.add(cluster);
    installExitHook();
    try {
      if (ids) {
        chownSync(dir, ids.uid, ids.gid);
        chmodSync(dir, 0o700);
      }
      const data = join(dir, 'data');
      await cluster.run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'], signal);
      // Settings go in the file rather than on pg_ctl's command line, which a shell splits.
      appendFileSync(
        join(data, 'postgresql.conf'),
        [
          "listen_addresses = ''",
          `unix_socket_directories = '${dir.replace(/'/g, "''")}'`,
          `port = ${PORT}`,
          'fsync = off',
          'synchronous_commit = off',
          'full_page_writes = off',
          // autovacuum would take locks of its own on the tables being traced
          'autovacuum = off',
          'shared_buffers = 32MB',
          'max_connections = 20',
          '',
        ].join('\n'),
      );
      await cluster.run('pg_ctl', ['start', '-D', data, '-w', '-t', '60', '-s', '-l', join(dir, 'server.log')], signal);
      return cluster;
    } catch (error) {
      const log = cluster.serverLog();
      cluster.stop();
      if (signal?.aborted) throw new TraceError('The trace was cancelled.');
      const reason = error instanceof Error ? error.message.split('\n').slice(0, 6).join(' ') : String(error);
      throw new TraceError(
        `Could not start a throwaway PostgreSQL ${binaries.version} from ${binaries.bin}: ${reason}${log ? ` (server log: ${log})` : ''}`,
      );
    }
  }

  /** Stops the server at once and removes its folder; safe to call twice, and synchronous so that it also works on exit. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    running.delete(this);
    const data = join(this.dir, 'data');
    if (existsSync(join(data, 'postmaster.pid'))) {
      const [file, args] = this.command('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-s', '-w', '-t', '10']);
      spawnSync(file, args, { stdio: 'ignore', cwd: this.dir, timeout: 15_000 });
      killLeftoverPostmaster(data);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private serverLog(): string {
    try {
      return readFileSync(join(this.dir, 'server.log'), 'utf8').trim().split('\n').slice(-3).join(' ');
    } catch {
      return '';
    }
  }

  private run(tool: string, args: string[], signal?: AbortSignal): Promise<void> {
    const [file, argv] = this.command(tool, args);
    return new Promise((resolve, reject) => {
      execFile(file, argv, { cwd: this.dir, signal, timeout: 120_000, encoding: 'utf8' }, (error, _stdout, stderr) => {
        if (error) reject(new Error(stderr.trim() || error.message));
        else resolve();
      });
    });
  }

  private command(tool: string, args: string[]): [string, string[]] {
    const path = join(this.binaries.bin, tool);
    return this.asUser ? ['runuser', ['-u', this.asUser, '--', path, ...args]] : [path, args];
  }
}

/** Removes every cluster still running: for a Ctrl+C handler, which then ends the process. */
export function stopAllClusters(): void {
  for (const cluster of [...running]) cluster.stop();
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', stopAllClusters);
}

/** pg_ctl may fail to stop a server it cannot signal; the postmaster's pid is in its pid file. */
function killLeftoverPostmaster(data: string): void {
  try {
    const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (Number.isInteger(pid) && pid > 1) process.kill(pid, 'SIGKILL');
  } catch {
    // no pid file: the server has stopped
  }
}

function userIds(user: string): { uid: number; gid: number } {
  try {
    const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, user], { encoding: 'utf8', stdio: 'pipe' }).trim()));
    return { uid, gid };
  } catch {
    throw new TraceError(
      `PostgreSQL refuses to run as root, and this machine has no '${user}' user to run the throwaway cluster as (the postgresql package creates one); run Preflight as another user.`,
    );
  }
}
