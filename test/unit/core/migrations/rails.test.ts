import assert from 'node:assert/strict';
import { analyze } from './helpers';

const PATH = 'db/migrate/20261120093000_change_orders.rb';
const TIMEOUTS = `    execute "SET lock_timeout = '5s'"\n    execute "SET statement_timeout = '15min'"\n`;

/** A Rails migration with `body` inside `def change`, after the timeouts (body starts on line 5). */
function migration(body: string, { transaction = true } = {}): string {
  return `class ChangeOrders < ActiveRecord::Migration[7.1]\n${transaction ? '' : '  disable_ddl_transaction!\n'}  def change\n${TIMEOUTS}${body
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n')}\n  end\nend\n`;
}

async function rules(text: string): Promise<Array<[string, number]>> {
  return (await analyze(text, PATH))
    .map((f): [string, number] => [f.ruleId.replace('migration/', ''), f.line])
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
}

describe('Rails migrations (Ruby syntax tree)', () => {
  it('reports add_index without algorithm: :concurrently, and accepts it with disable_ddl_transaction!', async () => {
    assert.deepEqual(await rules(migration('add_index :orders, :customer_id')), [['require-concurrent-index-creation', 5]]);
    assert.deepEqual(await rules(migration('add_index :orders, :customer_id, algorithm: :concurrently', { transaction: false })), []);
  });

  it('reports a concurrent index inside the migration transaction', async () => {
    assert.deepEqual(await rules(migration('add_index :orders, :customer_id, algorithm: :concurrently')), [
      ['ban-concurrent-index-creation-in-transaction', 5],
    ]);
  });

  it('offers the fix: algorithm: :concurrently plus disable_ddl_transaction!', async () => {
    const text = migration('add_index :orders, :customer_id');
    const [finding] = (await analyze(text, PATH)).filter((f) => f.ruleId === 'migration/require-concurrent-index-creation');
    assert.match(finding.help ?? '', /disable_ddl_transaction!/);
    const edits = finding.fix!.edits;
    assert.deepEqual(
      edits.map((e) => [e.range.start.line, e.range.start.column, e.newText]),
      [
        [2, 1, '  disable_ddl_transaction!\n\n'],
        [5, 36, ', algorithm: :concurrently'],
      ],
    );
  });

  it('maps the schema helpers to the same rules as SQL', async () => {
    const body = [
      'add_foreign_key :orders, :customers',
      'add_foreign_key :orders, :shops, validate: false',
      'add_check_constraint :orders, "total >= 0"',
      'change_column :orders, :total, :bigint',
      'change_column_null :orders, :status, false',
      'change_column_null :orders, :note, true',
      'add_column :orders, :channel, :string, null: false',
      'add_column :orders, :token, :uuid, default: -> { "gen_random_uuid()" }',
      'add_column :orders, :kind, :string, default: "web"',
      'rename_column :orders, :placed, :placed_at',
      'rename_table :orders, :purchases',
      'remove_column :orders, :legacy',
      'drop_table :old_orders',
    ].join('\n');
    assert.deepEqual(await rules(migration(body)), [
      ['adding-foreign-key-constraint', 5],
      ['constraint-missing-not-valid', 7],
      ['changing-column-type', 8],
      ['adding-not-nullable-field', 9],
      ['adding-required-field', 11],
      ['adding-field-with-default', 12],
      ['renaming-column', 14],
      ['renaming-table', 15],
      ['ban-drop-column', 16],
      ['ban-drop-table', 17],
    ]);
  });

  it('indexes add_reference by default', async () => {
    assert.deepEqual(await rules(migration('add_reference :orders, :shop, foreign_key: true')), [
      ['adding-foreign-key-constraint', 5],
      ['require-concurrent-index-creation', 5],
      ['slow-statement-while-table-locked', 5],
    ]);
    assert.deepEqual(await rules(migration('add_reference :orders, :shop, index: false')), []);
  });

  it('exempts tables created in the same migration', async () => {
    assert.deepEqual(
      await rules(migration('create_table :shops do |t|\n  t.string :name\nend\nadd_index :shops, :name\nadd_foreign_key :shops, :owners')),
      [],
    );
  });

  it('reads SQL in execute strings and heredocs, at its place in the Ruby file', async () => {
    const body = 'execute "ALTER TABLE orders DROP COLUMN a"\nexecute <<~SQL\n  CREATE INDEX idx ON orders (b);\nSQL';
    assert.deepEqual(await rules(migration(body)), [
      ['ban-drop-column', 5],
      ['require-concurrent-index-creation', 7],
      ['slow-statement-while-table-locked', 7],
    ]);
  });

  it('finds the timeouts set with execute', async () => {
    const text = 'class A < ActiveRecord::Migration[7.1]\n  def change\n    remove_column :orders, :legacy\n  end\nend\n';
    assert.deepEqual(await rules(text), [
      ['ban-drop-column', 3],
      ['require-lock-timeout', 3],
      ['require-statement-timeout', 3],
    ]);
  });

  it('reports a backfill beside a schema change, but not a loop building the schema', async () => {
    assert.deepEqual(
      await rules(migration('add_column :orders, :channel, :string\nOrder.where(channel: nil).update_all(channel: "web")')),
      [['backfill-with-schema-change', 6]],
    );
    assert.deepEqual(await rules(migration('%i[a b].each { |c| add_column :orders, c, :string }')), []);
    assert.deepEqual(await rules(migration('add_column :orders, :kind, :string\nKINDS.each { |k| add_column :orders, k, :string }')), []);
  });

  it('reports the writes inside a loop over a query at their own lines, not the loop once more', async () => {
    const body = [
      'add_column :merchants, :kind, :string',
      'Merchant.where(kind: nil).pluck(:id).each do |id|',
      '  Transaction.where(merchant_id: id).update_all(merchant_id: nil)',
      '  Merchant.where(id: id).delete_all',
      'end',
      'Order.find_each { |order| order.update!(kind: "web") }',
    ].join('\n');
    assert.deepEqual(await rules(migration(body)), [
      ['backfill-with-schema-change', 7],
      ['backfill-with-schema-change', 8],
      ['backfill-with-schema-change', 10],
    ]);
  });

  it('ignores def down, where dropping things is the point', async () => {
    const text = `class A < ActiveRecord::Migration[7.1]\n  def up\n${TIMEOUTS}    create_table :shops\n  end\n\n  def down\n    drop_table :shops\n  end\nend\n`;
    assert.deepEqual(await rules(text), []);
  });

  it('reads change_table blocks: each t.<helper> on the block table, at its own line', async () => {
    const body = [
      'change_table :orders, bulk: true do |t|',
      '  t.references :shop, foreign_key: true',
      '  t.index :placed_at',
      '  t.change :total, :bigint',
      '  t.virtual :search, type: :tsvector, as: "to_tsvector(note)", stored: true',
      '  t.remove :legacy, :older',
      '  t.string :channel, :source, null: false',
      '  t.column :token, :uuid, default: "gen_random_uuid()"',
      '  t.rename :placed, :placed_at',
      '  t.remove_timestamps',
      '  t.timestamps',
      '  t.check_constraint "total >= 0"',
      '  t.change_null :status, false',
      '  t.index :kind, algorithm: :concurrently if t.index_exists?(:kind) == false',
      'end',
    ].join('\n');
    assert.deepEqual(await rules(migration(body, { transaction: false })), [
      ['adding-foreign-key-constraint', 7],
      ['require-concurrent-index-creation', 7],
      ['require-concurrent-index-creation', 8],
      ['changing-column-type', 9],
      ['adding-field-with-default', 10],
      ['ban-drop-column', 11],
      ['ban-drop-column', 11],
      ['adding-required-field', 12],
      ['adding-required-field', 12],
      ['adding-field-with-default', 13],
      ['renaming-column', 14],
      ['ban-drop-column', 15],
      ['ban-drop-column', 15],
      ['adding-required-field', 16],
      ['adding-required-field', 16],
      ['constraint-missing-not-valid', 17],
      ['adding-not-nullable-field', 18],
    ]);
  });

  it('reads the rest of the schema vocabulary', async () => {
    const body = [
      'remove_columns :orders, :a, :b',
      'remove_timestamps :orders',
      'remove_reference :orders, :shop, polymorphic: true',
      'add_unique_constraint :orders, [:number]',
      'add_unique_constraint :orders, [:code], using_index: "orders_code_idx"',
      'change_column_null :orders, :status, false, "new"',
      'add_column :orders, :seq, :bigserial',
      'add_reference :orders, :owner, index: false, foreign_key: { to_table: :users, validate: false }',
      'add_column :orders, :seen_at, :datetime, default: -> { "CURRENT_TIMESTAMP" }',
      'add_column :orders, :uid, :uuid, default: "gen_random_uuid()"',
      'add_column :orders, :label, :string, default: "gen_random_uuid()"',
    ].join('\n');
    assert.deepEqual(await rules(migration(body)), [
      ['ban-drop-column', 5],
      ['ban-drop-column', 5],
      ['ban-drop-column', 6],
      ['ban-drop-column', 6],
      ['ban-drop-column', 7],
      ['ban-drop-column', 7],
      ['disallowed-unique-constraint', 8],
      ['adding-not-nullable-field', 10],
      ['backfill-with-schema-change', 10],
      ['adding-field-with-default', 11],
      ['adding-field-with-default', 14],
    ]);
  });

  it('reports create_table force:, which drops the table first', async () => {
    const findings = await analyze(migration('create_table :orders, force: :cascade do |t|\n  t.string :number\nend'), PATH);
    const drop = findings.find((f) => f.ruleId === 'migration/ban-drop-table');
    assert.deepEqual(
      [drop?.line, drop?.message],
      [5, "'force:' drops any existing table 'orders', with its data, before creating it again."],
    );
    assert.deepEqual(await rules(migration('create_table :orders, force: false do |t|\nend')), []);
  });

  it('reports the lock a new table takes on the tables its foreign keys reference', async () => {
    const text =
      'class A < ActiveRecord::Migration[7.1]\n  def change\n    create_table :refunds do |t|\n      t.references :category, foreign_key: true\n      t.references :payer, foreign_key: { to_table: :users }\n    end\n  end\nend\n';
    const findings = await analyze(text, PATH);
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.line]),
      [
        ['migration/require-lock-timeout', 3],
        ['migration/require-statement-timeout', 3],
      ],
    );
    assert.match(findings[0].message, /locks 'categories' without a lock_timeout/);
    assert.deepEqual(
      await rules(
        'class A < ActiveRecord::Migration[7.1]\n  def change\n    create_table :notes do |t|\n      t.references :category\n    end\n  end\nend\n',
      ),
      [],
    );
  });

  it('reports a check constraint validated in the transaction that added it NOT VALID', async () => {
    const add = 'add_check_constraint :orders, "total >= 0", name: "total_positive", validate: false';
    assert.deepEqual(await rules(migration(`${add}\nvalidate_check_constraint :orders, name: "total_positive"`)), [
      ['constraint-missing-not-valid', 6],
    ]);
    assert.deepEqual(
      await rules(migration(`${add}\nvalidate_check_constraint :orders, name: "total_positive"`, { transaction: false })),
      [],
    );
  });

  it('reads SQL in execute <<~SQL.squish', async () => {
    assert.deepEqual(await rules(migration('execute <<~SQL.squish\n  ALTER TABLE orders DROP COLUMN a\nSQL')), [['ban-drop-column', 6]]);
  });

  it('honours preflight-ignore in Ruby comments', async () => {
    const body = '# preflight-ignore migration/ban-drop-column -- unused since 2024\nremove_column :orders, :legacy';
    assert.deepEqual(await rules(migration(body)), []);
  });

  it('survives Ruby that does not parse', async () => {
    const findings = await analyze('class A < ActiveRecord::Migration[7.1]\n  def change\n    add_index :orders,\n', PATH);
    assert.ok(
      findings.every((f) => f.ruleId !== 'preflight/analyzer-failed'),
      JSON.stringify(findings),
    );
  });
});
