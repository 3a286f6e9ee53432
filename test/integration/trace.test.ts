import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main';
import type { CommandIo } from '../../src/cli/io';
import { defaultConfig, type PreflightConfig } from '../../src/core/config/types';
import { TraceError } from '../../src/core/trace/cluster';
import { traceMigration, type StatementTrace, type TraceReport } from '../../src/core/trace/tracer';
import { BUILT_CLI } from '../helpers/built-cli';
import { TempRepo } from '../helpers/temp-repo';
import { requirePostgres, ThrowawayPostgres } from '../support/postgres';

const ORDERS = 'CREATE TABLE orders (id bigserial PRIMARY KEY, status text, total int, code varchar(20));\n';

function clusterFolders(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('preflight-trace-'));
}

/** What a statement did, in the report's own terms, without the timings (which vary). */
function observed(statement: StatementTrace) {
  return {
    line: statement.line,
    locks: statement.locks.map((l) => `${l.mode} on ${l.relation} since ${l.since}`),
    rewrites: statement.rewrites,
    scans: statement.scans,
    created: statement.created,
    inTransaction: statement.inTransaction,
  };
}

function verdicts(report: TraceReport): string[] {
  return report.findings.map((f) => `${f.line} ${f.ruleId} ${f.trace ?? ''}`.trim());
}

describe('preflight trace against a real PostgreSQL', function () {
  this.timeout(180_000);
  let repo: TempRepo;
  let foldersBefore: string[];

  before(async function () {
    await requirePostgres(this);
  });
  beforeEach(() => {
    repo = new TempRepo();
    foldersBefore = clusterFolders();
  });
  afterEach(() => {
    repo.remove();
    // every trace removes its cluster, whatever happened in it
    assert.deepEqual(
      clusterFolders().filter((name) => !foldersBefore.includes(name)),
      [],
    );
  });

  async function trace(path: string, text: string, options: { rows?: number; configure?: (c: PreflightConfig) => void } = {}) {
    repo.write(path, text);
    const config = defaultConfig();
    options.configure?.(config);
    return traceMigration({ root: repo.dir, path, text, config, target: { kind: 'throwaway-cluster' }, rows: options.rows });
  }

  it('CREATE INDEX holds ShareLock on the table (writes blocked); CONCURRENTLY, run alone, only ShareUpdateExclusiveLock', async () => {
    repo.write('db/migration/V1__orders.sql', ORDERS);
    const plain = await trace('db/migration/V2__index.sql', 'CREATE INDEX orders_status ON orders (status);\n');
    assert.equal(plain.postgres.split('.')[0], '15');
    assert.deepEqual(plain.baseline, { kind: 'earlier-migrations', files: ['db/migration/V1__orders.sql'] });
    assert.deepEqual(plain.statements.map(observed), [
      {
        line: 1,
        locks: ['ShareLock on orders since 1'],
        rewrites: [],
        scans: ['orders'],
        created: [{ kind: 'index', name: 'orders_status', table: 'orders', valid: true }],
        inTransaction: true,
      },
    ]);
    assert.deepEqual(verdicts(plain), [
      '1 migration/require-concurrent-index-creation confirmed',
      '1 migration/require-lock-timeout confirmed',
      '1 migration/require-statement-timeout confirmed',
    ]);
    assert.equal(
      plain.findings[0].traceDetail,
      `PostgreSQL 15 held ShareLock on orders (${plain.statements[0].locks[0].heldMs} ms), which blocks writes.`,
    );

    // A plain numbered file runs statement by statement; CONCURRENTLY waits out two scans of 50,000 rows, long enough to sample.
    repo.write('migrations/001_orders.sql', ORDERS);
    const concurrent = await trace('migrations/002_index.sql', 'CREATE INDEX CONCURRENTLY orders_status ON orders (status);\n', {
      rows: 50_000,
    });
    assert.equal(concurrent.runnerTransaction, false);
    const [statement] = concurrent.statements;
    assert.equal(statement.inTransaction, false);
    assert.deepEqual(
      statement.locks.filter((l) => l.relation === 'orders').map((l) => l.mode),
      ['ShareUpdateExclusiveLock'],
    );
    assert.deepEqual(statement.created, [{ kind: 'index', name: 'orders_status', table: 'orders', valid: true }]);
    assert.deepEqual(statement.rewrites, []);
    assert.deepEqual(concurrent.notes, ['orders: 50000 synthetic rows added before the migration.']);
  });

  it('the timeout findings are refuted where PostgreSQL took no lock that blocks reads or writes', async () => {
    repo.write('db/migration/V1__orders.sql', ORDERS);
    const run = await trace('db/migration/V2__drop.sql', 'DROP TABLE IF EXISTS legacy_orders;\n');
    const timeouts = run.findings.filter((f) => f.ruleId.endsWith('-timeout'));
    assert.deepEqual(
      timeouts.map((f) => [f.ruleId, f.trace, f.traceDetail]),
      ['lock_timeout', 'statement_timeout'].map((setting) => [
        `migration/require-${setting.replace('_', '-')}`,
        'refuted',
        `${setting} was 0 (no limit), but PostgreSQL 15 took no lock that blocks reads or writes on an existing table (it held no lock on an existing table).`,
      ]),
    );
  });

  it('ADD COLUMN with a constant default is no rewrite on PostgreSQL 11+, with a volatile one it rewrites the table', async () => {
    repo.write('db/migrations/00001_orders.sql', `-- +goose Up\n${ORDERS}`);
    const text = [
      '-- +goose Up',
      "ALTER TABLE orders ADD COLUMN note text DEFAULT 'none';",
      'ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();',
      '-- +goose Down',
      'ALTER TABLE orders DROP COLUMN note, DROP COLUMN token;',
      '',
    ].join('\n');
    // postgres.version 10 makes the rule say the constant default rewrites too: the trace on 15 refutes that.
    const report = await trace('db/migrations/00002_columns.sql', text, { rows: 100, configure: (c) => (c.postgres.version = 10) });
    assert.equal(report.runner, 'goose');
    assert.equal(report.runnerTransaction, true);
    assert.deepEqual(
      report.statements.map((s) => [s.line, s.rewrites]),
      [
        [2, []],
        [3, ['orders']],
      ],
    );
    assert.deepEqual(
      report.statements[0].locks.map((l) => `${l.mode} on ${l.relation}`),
      ['AccessExclusiveLock on orders'],
    );
    const withDefault = report.findings.filter((f) => f.ruleId === 'migration/adding-field-with-default');
    assert.deepEqual(
      withDefault.map((f) => [f.line, f.trace, f.traceDetail]),
      [
        [
          2,
          'refuted',
          `PostgreSQL 15 did not rewrite orders; it held AccessExclusiveLock on orders (${report.statements[0].locks[0].heldMs} ms).`,
        ],
        [
          3,
          'confirmed',
          `PostgreSQL 15 rewrote orders (a new relfilenode), holding AccessExclusiveLock on orders (${report.statements[0].locks[0].heldMs} ms, taken at line 2).`,
        ],
      ],
    );
    assert.match(report.notes[0], /^postgres\.version is 10, which is not installed here; traced with PostgreSQL 15\./);
    // the first ALTER kept its ACCESS EXCLUSIVE lock while the second rewrote the table
    assert.deepEqual(
      report.findings.filter((f) => f.ruleId === 'trace/held-access-exclusive').map((f) => f.line),
      [2],
    );
  });

  it('ALTER COLUMN TYPE: int to bigint rewrites the table, varchar(20) to varchar(50) does not', async () => {
    repo.write('migrations/001_orders.sql', ORDERS);
    const report = await trace(
      'migrations/002_types.sql',
      'ALTER TABLE orders ALTER COLUMN total TYPE bigint;\nALTER TABLE orders ALTER COLUMN code TYPE varchar(50);\n',
    );
    // A plain numbered file runs statement by statement; rebuilding the primary key's index on the new file takes a ShareLock too.
    assert.deepEqual(report.statements.map(observed), [
      {
        line: 1,
        locks: ['AccessExclusiveLock on orders since 1', 'ShareLock on orders since 1', 'AccessExclusiveLock on orders_pkey since 1'],
        rewrites: ['orders'],
        scans: [],
        created: [],
        inTransaction: false,
      },
      { line: 2, locks: ['AccessExclusiveLock on orders since 2'], rewrites: [], scans: [], created: [], inTransaction: false },
    ]);
    assert.deepEqual(
      report.findings.filter((f) => f.ruleId === 'migration/changing-column-type').map((f) => [f.line, f.trace, f.traceDetail]),
      [
        [
          1,
          'confirmed',
          `PostgreSQL 15 rewrote orders (a new relfilenode), holding AccessExclusiveLock on orders (${report.statements[0].locks[0].heldMs} ms).`,
        ],
        // the SQL alone does not say code was varchar(20): the rule says "may rewrite", the trace says it did not
        [
          2,
          'refuted',
          `PostgreSQL 15 did not rewrite orders; it held AccessExclusiveLock on orders (${report.statements[1].locks[0].heldMs} ms).`,
        ],
      ],
    );
  });

  it('SET NOT NULL scans the table, unless a validated CHECK (col IS NOT NULL) already proves it', async () => {
    repo.write('migrations/001_orders.sql', ORDERS);
    repo.write('migrations/002_check.sql', 'ALTER TABLE orders ADD CONSTRAINT total_not_null CHECK (total IS NOT NULL);\n');
    const report = await trace(
      'migrations/003_not_null.sql',
      'ALTER TABLE orders ALTER COLUMN total SET NOT NULL;\nALTER TABLE orders ALTER COLUMN status SET NOT NULL;\n',
      { rows: 1000 },
    );
    assert.deepEqual(report.baseline.files, ['migrations/001_orders.sql', 'migrations/002_check.sql']);
    assert.deepEqual(
      report.statements.map((s) => [s.line, s.scans, s.rewrites, s.locks.map((l) => l.mode)]),
      [
        [1, [], [], ['AccessExclusiveLock']],
        [2, ['orders'], [], ['AccessExclusiveLock']],
      ],
    );
    assert.deepEqual(
      report.findings.filter((f) => f.ruleId === 'migration/adding-not-nullable-field').map((f) => [f.line, f.trace]),
      [
        [1, 'refuted'],
        [2, 'confirmed'],
      ],
    );
  });

  it('a failing migration: the database error at its statement and position, the rest not run, the cluster removed', async () => {
    const text =
      'CREATE TABLE orders (id int);\nALTER TABLE orders ADD COLUMN total int;\nSELECT missing_column FROM orders;\nCREATE INDEX i ON orders (total);\n';
    const report = await trace('migrations/001_broken.sql', text);
    const failure = report.findings.find((f) => f.ruleId === 'trace/statement-failed');
    assert.deepEqual(failure && { line: failure.line, column: failure.column, severity: failure.severity, message: failure.message }, {
      line: 3,
      column: 8,
      severity: 'error',
      message:
        'PostgreSQL 15 rejected this statement: column "missing_column" does not exist (SQLSTATE 42703). The migration would fail here.',
    });
    assert.deepEqual(
      report.statements.map((s) => s.skipped ?? s.error?.code ?? 'ran'),
      ['ran', 'ran', '42703', 'not run: an earlier statement failed'],
    );
  });

  it('CLI: JSON in the shape of the contract; exit 0 when it ran, 1 when it fails, 2 for a remote URL', async () => {
    repo.write('migrations/001_orders.sql', ORDERS);
    repo.write('migrations/002_note.sql', 'ALTER TABLE orders ADD COLUMN note text;\n');
    const io = captureIo(repo.dir);
    assert.equal(await main(['trace', 'migrations/002_note.sql', '--format', 'json'], io), 0);
    const json = JSON.parse(io.stdout.join('\n'));
    assert.deepEqual(Object.keys(json), [
      'version',
      'postgres',
      'target',
      'runner',
      'runnerTransaction',
      'baseline',
      'notes',
      'startupMs',
      'traceMs',
      'statements',
      'findings',
    ]);
    assert.equal(json.version, 1);
    assert.deepEqual(
      json.statements.map((s: Record<string, unknown>) => ({
        ...s,
        ms: 0,
        locks: (s.locks as Array<Record<string, unknown>>).map((l) => ({ ...l, heldMs: 0 })),
      })),
      [
        {
          line: 1,
          endLine: 1,
          sql: 'ALTER TABLE orders ADD COLUMN note text',
          locks: [{ relation: 'orders', mode: 'AccessExclusiveLock', since: 1, heldMs: 0 }],
          rewrites: [],
          scans: [],
          created: [],
          ms: 0,
          inTransaction: false,
        },
      ],
    );
    assert.deepEqual(
      json.findings.map((f: { ruleId: string; trace: string }) => [f.ruleId, f.trace]),
      [
        ['migration/require-lock-timeout', 'confirmed'],
        ['migration/require-statement-timeout', 'confirmed'],
        // squawk's: run outside a transaction, a retry after a failure fails on the column it already added.
        ['migration/prefer-robust-stmts', 'not-observable'],
      ],
    );

    repo.write('migrations/003_bad.sql', 'ALTER TABLE nope ADD COLUMN x int;\n');
    const failing = captureIo(repo.dir);
    assert.equal(await main(['trace', 'migrations/003_bad.sql'], failing), 1);
    assert.match(
      failing.stdout.join('\n'),
      /migrations\/003_bad\.sql:1:1 {2}trace {9} {2}PostgreSQL 15 rejected this statement: relation "nope" does not exist/,
    );

    const remote = captureIo(repo.dir);
    assert.equal(await main(['trace', 'migrations/002_note.sql', '--database-url', 'postgres://u@db.example.com/x'], remote), 2);
    assert.match(remote.stderr.join('\n'), /names db\.example\.com, which is not this machine/);
  });

  it("a schema dump from pg_dump (search_path '', \\restrict) is the baseline when no earlier migration exists", async () => {
    const source = (await ThrowawayPostgres.start())!;
    let dump: string;
    try {
      source.query(ORDERS + 'CREATE INDEX orders_total ON orders (total);\n');
      dump = source.dump();
    } finally {
      source.stop();
    }
    assert.match(dump, /set_config\('search_path', '', false\)/);
    assert.match(dump, /^\\restrict /m);
    repo.write('db/structure.sql', dump);
    const report = await trace('db/migrate/V20240101__status.sql', 'ALTER TABLE orders ALTER COLUMN status SET NOT NULL;\n');
    assert.deepEqual(report.baseline, { kind: 'schema-dump', files: ['db/structure.sql'] });
    assert.deepEqual(report.statements.map(observed), [
      { line: 1, locks: ['AccessExclusiveLock on orders since 1'], rewrites: [], scans: ['orders'], created: [], inTransaction: true },
    ]);
  });

  it("the file's own BEGIN/COMMIT: a lock taken early is held while the later statements run; a rewrite no rule predicted", async () => {
    repo.write('migrations/001_orders.sql', ORDERS);
    const text =
      'BEGIN;\nALTER TABLE orders ADD COLUMN paid boolean;\nUPDATE orders SET paid = false;\nCOMMIT;\nALTER TABLE orders SET UNLOGGED;\n';
    const report = await trace('migrations/002_paid.sql', text, { rows: 100 });
    assert.deepEqual(
      report.statements.map((s) => [s.line, s.inTransaction, s.rewrites]),
      [
        [1, false, []],
        [2, true, []],
        [3, true, []],
        [4, true, []],
        [5, false, ['orders']],
      ],
    );
    const held = report.findings.find((f) => f.ruleId === 'trace/held-access-exclusive');
    assert.equal(held?.line, 2);
    assert.match(
      held!.message,
      /^PostgreSQL 15 took AccessExclusiveLock on orders here and held it while the next 1 statement ran \(lines 3–3\), [\d.]+ ms in all/,
    );
    const unpredicted = report.findings.filter((f) => f.ruleId === 'trace/unpredicted-rewrite');
    assert.deepEqual(
      unpredicted.map((f) => f.line),
      [5],
    );
    assert.match(
      unpredicted[0].message,
      /^PostgreSQL 15 rewrote orders here \(a new relfilenode: every row copied\) under AccessExclusiveLock, which no static rule predicted/,
    );
  });

  it("an ignore comment silences the trace's own finding, and is a known rule id to the static analysis", async () => {
    repo.write('db/migration/V1__orders.sql', ORDERS);
    const text =
      '-- preflight-ignore trace/held-access-exclusive -- orders is tiny\nALTER TABLE orders ADD COLUMN a int;\nALTER TABLE orders ADD COLUMN b int;\n';
    const report = await trace('db/migration/V2__columns.sql', text);
    assert.deepEqual(
      report.statements[0].locks.map((l) => l.mode),
      ['AccessExclusiveLock'],
    );
    assert.deepEqual(
      report.findings.filter((f) => f.ruleId.startsWith('trace/') || f.ruleId.startsWith('preflight/')),
      [],
    );
  });

  it('Ctrl+C during a statement: the server is stopped and its folder removed, exit 130', async function () {
    if (!existsSync(BUILT_CLI)) this.skip();
    repo.write('migrations/001_slow.sql', 'CREATE TABLE t (id int);\nSELECT pg_sleep(60);\n');
    const child = spawn(process.execPath, [BUILT_CLI, 'trace', 'migrations/001_slow.sql'], { cwd: repo.dir, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const folder = await waitFor('the cluster folder', () => clusterFolders().find((name) => !foldersBefore.includes(name)));
    const pidFile = join(tmpdir(), folder, 'data', 'postmaster.pid');
    const postmaster = await waitFor('the server', () =>
      existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : undefined,
    );
    // wait until the migration is in its pg_sleep, then press Ctrl+C
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill('SIGINT');
    assert.equal(await exited, 130);
    assert.equal(existsSync(join(tmpdir(), folder)), false);
    assert.equal(isRunning(postmaster), false);
  });

  it("Cancel (the editor's button) during a statement: a cancelled trace, not a failed migration, and the cluster removed", async () => {
    const text = 'SELECT pg_sleep(60);\n';
    repo.write('migrations/001_slow.sql', text);
    const controller = new AbortController();
    const tracing = traceMigration({
      root: repo.dir,
      path: 'migrations/001_slow.sql',
      text,
      config: defaultConfig(),
      target: { kind: 'throwaway-cluster' },
      signal: controller.signal,
      progress: (message) => {
        if (message.startsWith('Line 1:')) setTimeout(() => controller.abort(), 300);
      },
    });
    const started = Date.now();
    await assert.rejects(tracing, (error: Error) => error instanceof TraceError && error.message === 'The trace was cancelled.');
    assert.ok(Date.now() - started < 30_000, 'the statement was cancelled, not waited for');
  });

  it('--database-url: a disposable database taken as it is, the migration rolled back, CONCURRENTLY not run', async () => {
    const postgres = (await ThrowawayPostgres.start())!;
    try {
      postgres.query(ORDERS);
      const url = `postgres://postgres@/postgres?host=${encodeURIComponent(postgres.socketDir)}`;
      const text = 'ALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX CONCURRENTLY orders_note ON orders (note);\n';
      repo.write('migrations/002_note.sql', text);
      const report = await traceMigration({
        root: repo.dir,
        path: 'migrations/002_note.sql',
        text,
        config: defaultConfig(),
        target: { kind: 'database-url', url, allowRemote: false },
      });
      assert.equal(report.target, 'database-url');
      assert.deepEqual(report.baseline, { kind: 'empty', files: [] });
      assert.deepEqual(
        report.statements[0].locks.map((l) => `${l.mode} on ${l.relation}`),
        ['AccessExclusiveLock on orders'],
      );
      assert.equal(report.statements[1].skipped, 'not run: it cannot run inside a transaction block, and the trace rolls everything back');
      assert.deepEqual(
        report.findings.filter((f) => f.ruleId === 'trace/not-run').map((f) => f.line),
        [2],
      );
      // rolled back: the column is not there
      assert.deepEqual(
        postgres.query("SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'note'"),
        ['0'],
      );
    } finally {
      postgres.stop();
    }
  });
});

async function waitFor<T>(what: string, probe: () => T | undefined, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function captureIo(cwd: string): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { cwd, env: {}, color: false, stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), readStdin: async () => '' };
}
