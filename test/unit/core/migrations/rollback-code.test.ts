import assert from 'node:assert/strict';
import { defaultConfig } from '../../../../src/core/config/types';
import { migrationFormatOf } from '../../../../src/core/migrations/formats';
import { forwardSql } from '../../../../src/core/migrations/sql/sections';
import { analyze } from './helpers';

const TIMEOUTS = "SET lock_timeout = '5s';\nSET statement_timeout = '15min';\n";

async function rules(text: string, path: string): Promise<Array<[string, number]>> {
  return (await analyze(text, path))
    .map((f): [string, number] => [f.ruleId.replace('migration/', ''), f.line])
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
}

/** Only code that runs on deploy is judged: a rollback drops what the migration created, by design. */
describe('rollback code is not judged as if it ran on deploy', () => {
  describe('goose and dbmate: one file, two sections', () => {
    it('judges the goose Up section only, at the lines where the statements are', async () => {
      const text = `-- +goose Up\n${TIMEOUTS}CREATE INDEX i ON orders (customer_id);\n\n-- +goose Down\nDROP INDEX i;\nDROP TABLE orders;\n`;
      assert.deepEqual(await rules(text, 'db/migrations/20260101120000_index.sql'), [['require-concurrent-index-creation', 4]]);
    });

    it('does not count a table created in the Down section as new for the Up section', async () => {
      const text = `-- +goose Up\n${TIMEOUTS}ALTER TABLE orders ADD COLUMN total bigint NOT NULL;\n-- +goose Down\nDROP TABLE orders;\nCREATE TABLE orders (id bigint);\n`;
      assert.deepEqual(await rules(text, 'db/migrations/00002_total.sql'), [['adding-required-field', 4]]);
    });

    it('returns to the Up section after a Down one, and keeps positions', async () => {
      const text = `-- +goose Down\nDROP TABLE a;\n-- +goose Up\n${TIMEOUTS}DROP TABLE orders;\n`;
      assert.deepEqual(await rules(text, 'db/migrations/00003_drop.sql'), [['ban-drop-table', 6]]);
      assert.equal(forwardSql(text).length, text.length);
      assert.equal(forwardSql(text).split('\n')[1], '             ');
    });

    it('judges the dbmate migrate:up section only, inside its transaction unless transaction:false', async () => {
      const up = `-- migrate:up\n${TIMEOUTS}CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON orders (customer_id);\n-- migrate:down\nDROP INDEX i;\nDROP TABLE orders;\n`;
      assert.deepEqual(await rules(up, 'db/migrations/20260101120000_index.sql'), [['ban-concurrent-index-creation-in-transaction', 4]]);
      assert.deepEqual(
        await rules(up.replace('-- migrate:up', '-- migrate:up transaction:false'), 'db/migrations/20260101120000_index.sql'),
        [],
      );
    });

    it('finds nothing in a file whose only content is a rollback section', async () => {
      assert.deepEqual(await rules('-- +goose Down\nDROP TABLE orders;\n', 'db/migrations/00004_x.sql'), []);
    });
  });

  it("does not treat Diesel's or Hasura's down.sql as a migration, and does treat their up.sql", () => {
    const config = defaultConfig();
    assert.equal(migrationFormatOf('migrations/2026-01-01-000000_create_orders/down.sql', config), undefined);
    assert.equal(migrationFormatOf('hasura/migrations/default/1700000000000_create_orders/down.sql', config), undefined);
    assert.equal(migrationFormatOf('migrations/2026-01-01-000000_create_orders/up.sql', config), 'sql');
    assert.equal(migrationFormatOf('hasura/migrations/default/1700000000000_create_orders/up.sql', config), 'sql');
  });

  describe('Rails', () => {
    const PATH = 'db/migrate/20261120093000_change_orders.rb';
    const T = `    execute "SET lock_timeout = '5s'"\n    execute "SET statement_timeout = '15min'"\n`;

    it('skips def self.down and keeps def self.up', async () => {
      const text = `class ChangeOrders < ActiveRecord::Migration\n  def self.up\n${T}    remove_column :orders, :legacy\n  end\n\n  def self.down\n    drop_table :orders\n  end\nend\n`;
      assert.deepEqual(await rules(text, PATH), [['ban-drop-column', 5]]);
    });

    it('skips dir.down inside reversible and keeps dir.up and up_only', async () => {
      const text = `class ChangeOrders < ActiveRecord::Migration[7.1]\n  def change\n${T}    add_column :orders, :total, :integer\n    reversible do |dir|\n      dir.up { execute "UPDATE orders SET total = 0" }\n      dir.down do\n        drop_table :orders\n        remove_column :orders, :total\n      end\n    end\n    up_only { remove_column :orders, :legacy }\n  end\nend\n`;
      assert.deepEqual(await rules(text, PATH), [
        ['backfill-with-schema-change', 7],
        ['ban-drop-column', 13],
      ]);
    });

    it('skips a revert block and revert of another migration', async () => {
      const text = `class ChangeOrders < ActiveRecord::Migration[7.1]\n  def change\n${T}    revert do\n      remove_column :orders, :legacy\n    end\n    revert AddLegacyToOrders\n    drop_table :archive\n  end\nend\n`;
      assert.deepEqual(await rules(text, PATH), [['ban-drop-table', 9]]);
    });
  });
});
