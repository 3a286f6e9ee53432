import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import type { CommandIo } from '../../src/cli/io';
import { defaultConfig } from '../../src/core/config/types';
import { traceMigration, type StatementTrace, type TraceReport } from '../../src/core/trace/tracer';
import { TempRepo } from '../helpers/temp-repo';
import { requirePostgres, ThrowawayPostgres } from '../support/postgres';

const ORDERS = 'CREATE TABLE orders (id bigserial PRIMARY KEY, status text, total int);\n';

/** What `rails db:schema:dump` writes for structure.sql: pg_dump --schema-only, then the versions it includes. */
function railsStructure(dump: string, versions: string[]): string {
  return `${dump}\nSET search_path TO "$user", public;\n\nINSERT INTO "schema_migrations" (version) VALUES\n${versions.map((v) => `('${v}')`).join(',\n')};\n\n`;
}

/** tablesOnly: a concurrent build's lock on its new index is seen only when a sample lands while it holds it. */
function observed(statement: StatementTrace, tablesOnly = false) {
  return {
    line: statement.line,
    source: statement.source,
    sql: statement.sql,
    locks: statement.locks
      .filter((l) => !tablesOnly || !statement.created.some((c) => c.name === l.relation))
      .map((l) => `${l.mode} on ${l.relation} since ${l.since}`),
    rewrites: statement.rewrites,
    inTransaction: statement.inTransaction,
    ...(statement.skipped ? { skipped: statement.skipped } : {}),
    ...(statement.error ? { error: statement.error.message } : {}),
  };
}

function verdicts(report: TraceReport): string[] {
  return report.findings.map((f) => `${f.line} ${f.ruleId} ${f.trace ?? ''}`.trim());
}

function captureIo(cwd: string): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { cwd, env: {}, color: false, stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), readStdin: async () => '' };
}

describe('preflight trace of framework migrations against a real PostgreSQL', function () {
  this.timeout(180_000);
  let repo: TempRepo;
  /** pg_dump --schema-only of a database holding ORDERS and schema_migrations, taken once. */
  let dump: string;

  before(async function () {
    await requirePostgres(this);
    const source = (await ThrowawayPostgres.start())!;
    try {
      source.query(`${ORDERS}CREATE TABLE schema_migrations (version character varying NOT NULL PRIMARY KEY);\n`);
      dump = source.dump();
    } finally {
      source.stop();
    }
  });
  beforeEach(() => (repo = new TempRepo()));
  afterEach(() => repo.remove());

  /** rows: enough for a concurrent index build to last while its locks are sampled. */
  async function trace(path: string, text: string, schema?: string, rows?: number) {
    repo.write(path, text);
    return traceMigration({ root: repo.dir, path, text, config: defaultConfig(), target: { kind: 'throwaway-cluster' }, schema, rows });
  }

  it('Rails: runs execute SQL as written and add_column as Rails renders it, in one transaction, on db/structure.sql', async () => {
    repo.write('db/structure.sql', railsStructure(dump, ['20240101000000']));
    const report = await trace(
      'db/migrate/20240202000000_change_orders.rb',
      [
        'class ChangeOrders < ActiveRecord::Migration[8.0]',
        '  def up',
        `    execute "SET lock_timeout = '5s'"`,
        '    add_column :orders, :note, :text, default: "none"',
        '    execute <<~SQL',
        '      ALTER TABLE orders ALTER COLUMN total TYPE bigint;',
        '    SQL',
        '    create_table :refunds do |t|',
        '      t.references :order',
        '    end',
        `    execute "UPDATE orders SET note = 'x'"`,
        '  end',
        '',
        '  def down',
        '    execute "DROP TABLE refunds"',
        '  end',
        'end',
        '',
      ].join('\n'),
    );
    assert.equal(report.runner, 'Rails');
    assert.equal(report.runnerTransaction, true);
    assert.deepEqual(report.baseline, { kind: 'schema-dump', files: ['db/structure.sql'] });
    assert.deepEqual(
      report.statements.map((s) => observed(s)),
      [
        { line: 3, source: 'migration-sql', sql: "SET lock_timeout = '5s'", locks: [], rewrites: [], inTransaction: true },
        {
          line: 4,
          source: 'framework-rendered',
          sql: `ALTER TABLE "orders" ADD "note" text DEFAULT 'none'`,
          locks: ['AccessExclusiveLock on orders since 4'],
          rewrites: [],
          inTransaction: true,
        },
        {
          line: 6,
          source: 'migration-sql',
          sql: 'ALTER TABLE orders ALTER COLUMN total TYPE bigint',
          locks: ['AccessExclusiveLock on orders since 4', 'ShareLock on orders since 6', 'AccessExclusiveLock on orders_pkey since 6'],
          rewrites: ['orders'],
          inTransaction: true,
        },
        {
          line: 11,
          source: 'migration-sql',
          sql: "UPDATE orders SET note = 'x'",
          locks: [],
          rewrites: [],
          inTransaction: true,
          skipped: 'not run: line 8 before it (create_table :refunds do |t|) could not be traced, so the schema it would run on is unknown',
        },
      ],
    );
    assert.deepEqual(
      report.untraceable.map(({ line, endLine, written, reason, changesSchema }) => ({ line, endLine, written, reason, changesSchema })),
      [
        {
          line: 8,
          endLine: 10,
          written: 'create_table :refunds do |t|',
          reason: 'Rails generates its SQL, and Preflight does not reproduce that SQL exactly yet',
          changesSchema: true,
        },
      ],
    );
    assert.deepEqual(verdicts(report), [
      '4 migration/require-statement-timeout confirmed',
      '4 trace/held-access-exclusive',
      '6 migration/changing-column-type confirmed',
      '11 migration/backfill-with-schema-change not-observable',
    ]);
    const changed = report.findings.find((f) => f.ruleId === 'migration/changing-column-type')!;
    assert.match(changed.traceDetail!, /^PostgreSQL 15 rewrote orders \(a new relfilenode\), holding AccessExclusiveLock on orders/);
  });

  it('Rails: disable_ddl_transaction! runs add_index algorithm: :concurrently alone; without it, PostgreSQL refuses it as Rails would see', async () => {
    repo.write('db/structure.sql', railsStructure(dump, ['20240101000000']));
    const migration = (disable: boolean) =>
      [
        'class IndexOrders < ActiveRecord::Migration[8.0]',
        ...(disable ? ['  disable_ddl_transaction!'] : []),
        '  def change',
        '    add_index :orders, :status, algorithm: :concurrently',
        '  end',
        'end',
        '',
      ].join('\n');
    const alone = await trace('db/migrate/20240202000000_index_orders.rb', migration(true), undefined, 50_000);
    assert.equal(alone.runnerTransaction, false);
    assert.deepEqual(
      alone.statements.map((s) => observed(s, true)),
      [
        {
          line: 4,
          source: 'framework-rendered',
          sql: 'CREATE INDEX CONCURRENTLY "index_orders_on_status" ON "orders" ("status")',
          locks: ['ShareUpdateExclusiveLock on orders since 4'],
          rewrites: [],
          inTransaction: false,
        },
      ],
    );
    assert.deepEqual(alone.statements[0].created, [{ kind: 'index', name: 'index_orders_on_status', table: 'orders', valid: true }]);

    const inTransaction = await trace('db/migrate/20240202000000_index_orders.rb', migration(false));
    assert.equal(inTransaction.runnerTransaction, true);
    assert.equal(inTransaction.statements[0].error?.message, 'CREATE INDEX CONCURRENTLY cannot run inside a transaction block');
    const failed = inTransaction.findings.find((f) => f.ruleId === 'trace/statement-failed')!;
    assert.equal(failed.line, 3);
    assert.equal(failed.column, 5);
    assert.equal(
      failed.message,
      'PostgreSQL 15 rejected this statement: CREATE INDEX CONCURRENTLY cannot run inside a transaction block (SQLSTATE 25001). The migration would fail here.',
    );
    assert.equal(
      inTransaction.findings.find((f) => f.ruleId === 'migration/ban-concurrent-index-creation-in-transaction')?.trace,
      'confirmed',
    );
  });

  it('Rails: a structure.sql that already lists the migration is not run a second time, and says why', async () => {
    repo.write('db/structure.sql', railsStructure(dump, ['20240202000000', '20240101000000']));
    const report = await trace(
      'db/migrate/20240202000000_note.rb',
      'class Note < ActiveRecord::Migration[8.0]\n  def change\n    add_column :orders, :note, :text\n  end\nend\n',
    );
    assert.deepEqual(report.statements, []);
    const finding = report.findings.find((f) => f.ruleId === 'trace/baseline-failed')!;
    assert.equal(finding.file, 'db/structure.sql');
    assert.equal(
      finding.message,
      'db/structure.sql already includes this migration (its schema_migrations lists version 20240202000000), so tracing it there would run it a second time: trace it before the dump is updated, or name a dump taken before it with --schema FILE.',
    );
  });

  it('Django: RunSQL statements on a --schema dump kept outside the repository; atomic = False runs them one by one; AddField is not traced', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'preflight-dump-'));
    try {
      writeFileSync(join(outside, 'before.sql'), dump.replace(/\borders\b/g, 'shop_order'));
      const report = await trace(
        'shop/migrations/0002_status_index.py',
        [
          'from django.db import migrations, models',
          '',
          '',
          'class Migration(migrations.Migration):',
          '    atomic = False',
          '    dependencies = [("shop", "0001_initial")]',
          '    operations = [',
          '        migrations.RunSQL(',
          '            "CREATE INDEX CONCURRENTLY shop_order_status ON shop_order (status);",',
          '            reverse_sql="DROP INDEX shop_order_status;",',
          '        ),',
          '        migrations.RunSQL(["ALTER TABLE shop_order ADD COLUMN code text;"]),',
          '        migrations.AddField("order", "note", models.TextField(default="")),',
          `        migrations.RunSQL("UPDATE shop_order SET note = 'x';"),`,
          '    ]',
          '',
        ].join('\n'),
        join(outside, 'before.sql'),
        50_000,
      );
      assert.equal(report.runner, 'Django');
      assert.equal(report.runnerTransaction, false);
      assert.deepEqual(report.baseline, { kind: 'schema-dump', files: [join(outside, 'before.sql')] });
      assert.deepEqual(
        report.statements.map((s) => observed(s, true)),
        [
          {
            line: 9,
            source: 'migration-sql',
            sql: 'CREATE INDEX CONCURRENTLY shop_order_status ON shop_order (status)',
            locks: ['ShareUpdateExclusiveLock on shop_order since 9'],
            rewrites: [],
            inTransaction: false,
          },
          {
            line: 12,
            source: 'migration-sql',
            sql: 'ALTER TABLE shop_order ADD COLUMN code text',
            locks: ['AccessExclusiveLock on shop_order since 12'],
            rewrites: [],
            inTransaction: false,
          },
          {
            line: 14,
            source: 'migration-sql',
            sql: "UPDATE shop_order SET note = 'x'",
            locks: [],
            rewrites: [],
            inTransaction: false,
            skipped:
              'not run: line 13 before it (migrations.AddField("order", "note", models.TextField(default=""))) could not be traced, so the schema it would run on is unknown',
          },
        ],
      );
      assert.deepEqual(
        report.untraceable.map((u) => `${u.line} ${u.reason}`),
        ['13 Django generates its SQL, and Preflight does not reproduce that SQL exactly yet'],
      );
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('TypeORM: queryRunner.query SQL runs in the migration transaction; SQL built from ${...} is not traced, and says so', async () => {
    repo.write('schema.sql', dump);
    const report = await trace(
      'src/migrations/1700000000000-OrdersStatus.ts',
      [
        "import { MigrationInterface, QueryRunner } from 'typeorm';",
        '',
        'export class OrdersStatus1700000000000 implements MigrationInterface {',
        '  public async up(queryRunner: QueryRunner): Promise<void> {',
        '    await queryRunner.query(`CREATE INDEX "orders_status" ON "orders" ("status")`);',
        '    await queryRunner.query(`ALTER TABLE ${this.table} ADD "note" text`);',
        '  }',
        '',
        '  public async down(queryRunner: QueryRunner): Promise<void> {',
        '    await queryRunner.query(`DROP INDEX "orders_status"`);',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    assert.equal(report.runner, 'TypeORM');
    assert.equal(report.runnerTransaction, true);
    assert.deepEqual(report.baseline, { kind: 'schema-dump', files: ['schema.sql'] });
    assert.deepEqual(
      report.statements.map((s) => observed(s)),
      [
        {
          line: 5,
          source: 'migration-sql',
          sql: 'CREATE INDEX "orders_status" ON "orders" ("status")',
          locks: ['ShareLock on orders since 5'],
          rewrites: [],
          inTransaction: true,
        },
      ],
    );
    assert.deepEqual(
      report.untraceable.map((u) => `${u.line} ${u.written}: ${u.reason}`),
      [
        '6 ALTER TABLE ${this.table} ADD "note" text: its SQL has parts filled in when the migration runs (${...}), so Preflight cannot know the exact SQL',
      ],
    );
  });

  it('the CLI traces a Rails migration, names a missing --schema file, asks for a dump for a Django migration without one, and refuses a file that is no migration', async () => {
    repo.write('db/structure.sql', railsStructure(dump, ['20240101000000']));
    repo.write(
      'db/migrate/20240202000000_note.rb',
      'class Note < ActiveRecord::Migration[8.0]\n  def change\n    add_column :orders, :note, :text\n  end\nend\n',
    );
    repo.write('app/models/order.rb', 'class Order < ApplicationRecord\nend\n');
    const io = captureIo(repo.dir);
    assert.equal(await main(['trace', 'db/migrate/20240202000000_note.rb'], io), 0);
    const text = io.stdout.join('\n');
    assert.match(text, /^Traced in a throwaway PostgreSQL 15\.\d+, after loading db\/structure\.sql; in one transaction, as Rails runs it/);
    assert.match(
      text,
      /\nline 3 {2}ALTER TABLE "orders" ADD "note" text {2}\(Rails's SQL, as Preflight renders it\)\n {8}holds AccessExclusiveLock on orders for [\d.]+ ms; no rewrite; [\d.]+ ms\n/,
    );

    const missing = captureIo(repo.dir);
    assert.equal(await main(['trace', 'db/migrate/20240202000000_note.rb', '--schema', 'db/nope.sql'], missing), 2);
    assert.match(missing.stderr.join('\n'), /--schema db\/nope\.sql: no such file\./);

    // a repository with no dump at all
    const bare = new TempRepo();
    try {
      const django = 'shop/migrations/0002_drop_legacy.py';
      bare.write(
        django,
        'from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    operations = [migrations.RunSQL("DROP TABLE legacy;")]\n',
      );
      const noDump = captureIo(bare.dir);
      assert.equal(await main(['trace', django], noDump), 2);
      assert.equal(
        noDump.stderr.join('\n'),
        'preflight: shop/migrations/0002_drop_legacy.py is a Django migration, and a trace needs the schema it runs on: name a pg_dump --schema-only file of the database before it with --schema FILE (or keep one at db/schema.sql or schema.sql).',
      );
    } finally {
      bare.remove();
    }

    const model = captureIo(repo.dir);
    assert.equal(await main(['trace', 'app/models/order.rb'], model), 2);
    assert.match(
      model.stderr.join('\n'),
      /app\/models\/order\.rb is not a migration Preflight can trace: SQL migrations and Rails, Django, Alembic, Knex, TypeORM and Sequelize migrations can be \(see docs\/trace\.md\)\./,
    );
  });
});
