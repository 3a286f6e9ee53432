import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { chooseInstallation, findPostgresInstallations } from '../../src/core/trace/binaries';
import { ThrowawayCluster } from '../../src/core/trace/cluster';

/**
 * A throwaway PostgreSQL cluster for tests that ask PostgreSQL itself (the oracle for what
 * rewrites a table): the product's own `ThrowawayCluster` (initdb into a temporary folder, a Unix
 * socket only, run as `postgres` when the tests run as root), queried through psql.
 */
export class ThrowawayPostgres {
  private constructor(private readonly cluster: ThrowawayCluster) {}

  /** Undefined when no PostgreSQL server binaries are installed (the Debian package `postgresql`). */
  static async start(): Promise<ThrowawayPostgres | undefined> {
    const chosen = chooseInstallation(await findPostgresInstallations(), 15);
    if (!chosen) return undefined;
    return new ThrowawayPostgres(await ThrowawayCluster.start(chosen.binaries));
  }

  /** The folder of its Unix socket: the `host` a client connects to. */
  get socketDir(): string {
    return this.cluster.connection.host;
  }

  /** Where a client (node-postgres) connects: the Unix socket folder, port, user and database. */
  get connection(): { host: string; port: number; user: string; database: string } {
    return this.cluster.connection;
  }

  /** Runs SQL through psql and returns its unaligned, tuples-only output lines. */
  query(sql: string): string[] {
    const { host, port, user, database } = this.cluster.connection;
    const out = execFileSync(
      join(this.cluster.binaries.bin, 'psql'),
      ['-h', host, '-p', String(port), '-U', user, '-d', database, '-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1'],
      { input: sql, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, PGPASSWORD: '' } },
    );
    return out.split('\n').filter((line) => line !== '');
  }

  /** pg_dump --schema-only of the database, as a project keeps it in db/structure.sql. */
  dump(): string {
    const { host, port, user, database } = this.cluster.connection;
    return execFileSync(
      join(this.cluster.binaries.bin, 'pg_dump'),
      ['--schema-only', '-h', host, '-p', String(port), '-U', user, database],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
  }

  stop(): void {
    this.cluster.stop();
  }
}

/** Whether the tests run in CI (`.ci/run` sets CI=true), where what it installs must be there. */
export function runningInCi(): boolean {
  return !['', 'false', '0'].includes(process.env.CI ?? '');
}

/** A cluster for one test file, or the file skipped (see `requirePostgres`). */
export async function postgresOrSkip(context: Mocha.Context): Promise<ThrowawayPostgres> {
  return (await ThrowawayPostgres.start()) ?? noPostgres(context);
}

/**
 * Skips the test file when no PostgreSQL server is installed, with how to install it. In CI a
 * missing PostgreSQL fails instead: `.ci/run` installs it, so its absence is a broken machine.
 */
export async function requirePostgres(context: Mocha.Context): Promise<void> {
  if ((await findPostgresInstallations()).length === 0) noPostgres(context);
}

function noPostgres(context: Mocha.Context): never {
  if (runningInCi()) throw new Error('PostgreSQL server binaries are not installed (apt-get install postgresql), and CI runs these tests');
  console.log('    (PostgreSQL server binaries are not installed: apt-get install postgresql)');
  context.skip();
}
