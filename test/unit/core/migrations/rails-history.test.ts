import assert from 'node:assert/strict';
import { defaultConfig } from '../../../../src/core/config/types';
import { analyzeFile } from '../../../../src/core/engine/analyze-file';
import { builtinAnalyzers } from '../../../../src/core/engine/registry';
import { TempRepo } from '../../../helpers/temp-repo';
import { forgetProjectCaches } from '../../../../src/core/migrations/project/freshness';

const CREATE = `class CreateOrders < ActiveRecord::Migration[7.1]
  def change
    create_table :orders do |t|
      t.string :note, limit: 64
      t.integer :total
      t.decimal :price, precision: 10, scale: 2
    end
  end
end
`;
const RENAME = `class RenameOrderNote < ActiveRecord::Migration[7.1]
  def change
    rename_column :orders, :note, :remark
    add_column :orders, :code, :string
  end
end
`;
const PATH = 'db/migrate/20260301000000_change_orders.rb';

/** change_column is judged against the type the earlier migrations gave the column. */
describe('Rails change_column against the column history', () => {
  let repo: TempRepo;
  beforeEach(() => {
    repo = new TempRepo('preflight-rails-history-', { git: false });
    repo.write('db/migrate/20260101000000_create_orders.rb', CREATE).write('db/migrate/20260201000000_rename_order_note.rb', RENAME);
  });
  afterEach(() => repo.remove());

  const rules = async (body: string[]) => {
    forgetProjectCaches(); // the test rewrites project files and reads them again at once
    const text = [
      'class ChangeOrders < ActiveRecord::Migration[7.1]',
      '  def change',
      `    execute "SET lock_timeout = '5s'"`,
      `    execute "SET statement_timeout = '15min'"`,
      ...body.map((line) => `    ${line}`),
      '  end',
      'end',
      '',
    ].join('\n');
    const findings = await analyzeFile({ path: PATH, text }, builtinAnalyzers(), { config: defaultConfig(), root: repo.dir });
    return findings.map((f) => [f.ruleId.replace('migration/', ''), f.line, f.message]);
  };

  it('does not report a change PostgreSQL makes without a rewrite', async () => {
    assert.deepEqual(
      await rules([
        'change_column :orders, :remark, :text',
        'change_column :orders, :code, :text',
        'change_column :orders, :price, :decimal, precision: 12, scale: 2',
      ]),
      [],
    );
  });

  it('reports a real type change with both types, and NOT NULL given to change_column', async () => {
    assert.deepEqual(
      await rules(['change_column :orders, :total, :bigint', 'change_column :orders, :remark, :string, limit: 32, null: false']),
      [
        ['changing-column-type', 5, "Changing 'orders.total' from integer to bigint rewrites the table while blocking reads and writes."],
        [
          'changing-column-type',
          6,
          "Changing 'orders.remark' from varchar(64) to varchar(32) rewrites the table while blocking reads and writes.",
        ],
        ['adding-not-nullable-field', 6, "Setting 'orders.remark' NOT NULL scans the whole table while blocking reads and writes."],
      ],
    );
  });

  it('follows the columns a migration changes before change_column, and reports a column it does not know', async () => {
    assert.deepEqual(
      await rules(['add_column :orders, :channel, :string, limit: 10', 'change_column :orders, :channel, :string, limit: 20']),
      [],
    );
    assert.deepEqual(
      (await rules(['change_column :orders, :unknown, :text'])).map(([rule, line]) => [rule, line]),
      [['changing-column-type', 5]],
    );
  });

  it('knows the recipe spread over migrations: a CHECK (col IS NOT NULL) validated earlier lets SET NOT NULL skip the scan', async () => {
    const check = (body: string) => `class A < ActiveRecord::Migration[7.1]\n  def change\n    ${body}\n  end\nend\n`;
    repo.write(
      'db/migrate/20260210000000_add_total_check.rb',
      check('add_check_constraint :orders, "total IS NOT NULL", name: "orders_total_null", validate: false'),
    );
    assert.deepEqual(
      (await rules(['change_column_null :orders, :total, false'])).map(([rule, line]) => [rule, line]),
      [['adding-not-nullable-field', 5]],
    );
    repo.write('db/migrate/20260220000000_validate_total_check.rb', check('validate_check_constraint :orders, name: "orders_total_null"'));
    assert.deepEqual(await rules(['change_column_null :orders, :total, false']), []);
  });
});
