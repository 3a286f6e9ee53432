import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL cluster for tests that ask PostgreSQL itself (the oracle for what
 * rewrites a table): initdb into a temporary folder, listening on a Unix socket only. As root,
 * the server runs as the `postgres` user (PostgreSQL refuses to run as root).
 */
export class ThrowawayPostgres {
  private constructor(
    private readonly dir: string,
    private readonly bin: string,
    private readonly asUser: string | undefined,
  ) {}

  /** Undefined when no PostgreSQL server binaries are installed (the Debian package `postgresql`). */
  static start(): ThrowawayPostgres | undefined {
    const bin = serverBinaries();
    if (!bin) return undefined;
    const asUser = process.getuid?.() === 0 ? 'postgres' : undefined;
    const dir = mkdtempSync(join(tmpdir(), 'preflight-pg-'));
    if (asUser) {
      const { uid, gid } = idsOf(asUser);
      chownSync(dir, uid, gid);
      chmodSync(dir, 0o700);
    }
    const server = new ThrowawayPostgres(dir, bin, asUser);
    server.run('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
    const options = `-k ${dir} -c listen_addresses='' -c fsync=off -p 5432`;
    server.run('pg_ctl', ['start', '-D', join(dir, 'data'), '-w', '-s', '-l', join(dir, 'log'), '-o', options]);
    return server;
  }

  /** Runs SQL through psql and returns its unaligned, tuples-only output lines. */
  query(sql: string): string[] {
    const out = this.run(
      'psql',
      ['-h', this.dir, '-p', '5432', '-U', 'postgres', '-d', 'postgres', '-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1'],
      sql,
    );
    return out.split('\n').filter((line) => line !== '');
  }

  stop(): void {
    spawnSync(...this.command('pg_ctl', ['stop', '-D', join(this.dir, 'data'), '-m', 'immediate', '-s']), { stdio: 'ignore' });
    rmSync(this.dir, { recursive: true, force: true });
  }

  private run(tool: string, args: string[], input?: string): string {
    const [file, argv] = this.command(tool, args);
    return execFileSync(file, argv, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], cwd: tmpdir() });
  }

  private command(tool: string, args: string[]): [string, string[]] {
    const path = join(this.bin, tool);
    return this.asUser ? ['runuser', ['-u', this.asUser, '--', path, ...args]] : [path, args];
  }
}

function serverBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.map((version) => join(root, version, 'bin')).find((bin) => existsSync(join(bin, 'initdb')));
}

function idsOf(user: string): { uid: number; gid: number } {
  const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, user], { encoding: 'utf8' }).trim()));
  return { uid, gid };
}
