import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { frameworkTracePlan, type FrameworkFormat } from '../../../../src/core/trace/framework-migrations';

/** The plan in one line per entry: what runs (and whether), and what is not traced with why. */
async function plan(format: FrameworkFormat, path: string, lines: string[]) {
  const result = await frameworkTracePlan(format, tmpdir(), path, lines.join('\n'));
  return {
    runner: result.runner,
    transactional: result.transactional,
    entries: [
      ...result.statements.map((s) => ({ line: s.line, text: `${s.source}: ${s.sql}${s.notRun ? ` [${s.notRun}]` : ''}` })),
      ...result.untraceable.map((u) => ({ line: u.line, text: `not traced: ${u.written}: ${u.reason}` })),
    ]
      .sort((a, b) => a.line - b.line)
      .map((e) => `${e.line} ${e.text}`),
  };
}

describe('what a trace runs of a framework migration', function () {
  // the first test loads the Ruby, Python and TypeScript grammars
  this.timeout(20_000);

  it('Knex: raw SQL as written; a raw fragment, ? bindings and a MySQL-only branch are not run as statements', async () => {
    assert.deepEqual(
      await plan('knex', 'migrations/20240101_orders.js', [
        'exports.up = async (knex) => {',
        "  await knex.raw('CREATE INDEX orders_status ON orders (status)');",
        "  await knex('users').update({ email: knex.raw('LOWER(??)', ['email']) });",
        "  await knex('visits').fromRaw(knex.raw('visits v')).update({ seen: true });",
        "  if (knex.client.config.client === 'mysql') await knex.raw('SHOW COLUMNS FROM orders');",
        '};',
        "exports.down = (knex) => knex.raw('DROP INDEX orders_status');",
      ]),
      {
        runner: 'Knex',
        transactional: true,
        entries: [
          '2 migration-sql: CREATE INDEX orders_status ON orders (status)',
          "3 not traced: knex('users').update({ email: knex.raw('LOWER(??)', ['email']) }): Knex generates its SQL, and Preflight does not reproduce that SQL exactly yet",
          '3 not traced: LOWER(??): Knex fills in its ? and ?? bindings when the migration runs',
          "4 not traced: knex('visits').fromRaw(knex.raw('visits v')).update({ seen: true }): Knex generates its SQL, and Preflight does not reproduce that SQL exactly yet",
          "4 not traced: visits v: Preflight's PostgreSQL parser does not read it as whole statements (a fragment of a query, or a template)",
        ],
      },
    );
  });

  it('Sequelize runs outside a transaction unless the migration opens one', async () => {
    assert.deepEqual(
      await plan('sequelize', 'migrations/20240101-index.js', [
        'module.exports = {',
        '  async up(queryInterface) {',
        "    await queryInterface.sequelize.query('CREATE INDEX CONCURRENTLY orders_status ON orders (status)');",
        '  },',
        '};',
      ]),
      {
        runner: 'Sequelize',
        transactional: false,
        entries: ['3 migration-sql: CREATE INDEX CONCURRENTLY orders_status ON orders (status)'],
      },
    );
  });

  it("Django: RunPython is listed and the RunSQL after it still runs; SeparateDatabaseAndState's state operations run no SQL", async () => {
    assert.deepEqual(
      await plan('django', 'shop/migrations/0003_backfill.py', [
        'from django.db import migrations',
        '',
        '',
        'class Migration(migrations.Migration):',
        '    operations = [',
        '        migrations.RunPython(backfill, migrations.RunPython.noop),',
        '        migrations.RunSQL("ALTER TABLE shop_order ALTER COLUMN code SET NOT NULL;"),',
        '        migrations.SeparateDatabaseAndState(',
        '            database_operations=[migrations.RunSQL("ALTER TABLE shop_item RENAME TO shop_line;")],',
        '            state_operations=[migrations.RenameModel("Item", "Line")],',
        '        ),',
        '        migrations.RunSQL("ALTER TABLE shop_order " "ADD COLUMN note text;"),',
        '    ]',
      ]),
      {
        runner: 'Django',
        transactional: true,
        entries: [
          '6 not traced: migrations.RunPython(backfill, migrations.RunPython.noop): it runs Python (RunPython), not SQL the migration states',
          '7 migration-sql: ALTER TABLE shop_order ALTER COLUMN code SET NOT NULL',
          '9 migration-sql: ALTER TABLE shop_item RENAME TO shop_line',
          '12 not traced: migrations.RunSQL("ALTER TABLE shop_order " "ADD COLUMN note text;"): its SQL is not one string literal (it is built when the migration runs, or joined from parts), so Preflight cannot read it exactly',
        ],
      },
    );
  });

  it('Alembic: op.execute in upgrade() runs; an autocommit_block is not traced, and stops what follows; downgrade() is left out', async () => {
    assert.deepEqual(
      await plan('alembic', 'alembic/versions/abc123_index.py', [
        'from alembic import op',
        '',
        '',
        'def upgrade():',
        '    op.execute("SET lock_timeout = \'5s\'")',
        '    with op.get_context().autocommit_block():',
        '        op.create_index("orders_status", "orders", ["status"])',
        '    op.execute("ANALYZE orders")',
        '',
        '',
        'def downgrade():',
        '    op.execute("DROP INDEX orders_status")',
      ]),
      {
        runner: 'Alembic',
        transactional: true,
        entries: [
          "5 migration-sql: SET lock_timeout = '5s'",
          '7 not traced: op.create_index("orders_status", "orders", ["status"]): it runs in an autocommit_block, outside the migration transaction, which the trace does not do yet',
          '8 migration-sql: ANALYZE orders [not run: line 7 before it (op.create_index("orders_status", "orders", ["status"])) could not be traced, so the schema it would run on is unknown]',
        ],
      },
    );
  });

  it('Rails: interpolated execute SQL is not traced; rollback code is left out', async () => {
    assert.deepEqual(
      await plan('rails', 'db/migrate/20240101000000_orders.rb', [
        'class Orders < ActiveRecord::Migration[8.0]',
        '  def up',
        '    execute "UPDATE #{table} SET note = 1"',
        '    execute "ANALYZE orders"',
        '  end',
        '',
        '  def down',
        '    execute "SELECT 1"',
        '  end',
        'end',
      ]),
      {
        runner: 'Rails',
        transactional: true,
        entries: [
          '3 not traced: execute "UPDATE #{table} SET note = 1": its SQL is not one string literal (it is built when the migration runs, or joined from parts), so Preflight cannot read it exactly',
          '4 migration-sql: ANALYZE orders [not run: line 3 before it (execute "UPDATE #{table} SET note = 1") could not be traced, so the schema it would run on is unknown]',
        ],
      },
    );
  });
});
