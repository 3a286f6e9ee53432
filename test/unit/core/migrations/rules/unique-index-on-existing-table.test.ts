import assert from 'node:assert/strict';
import { analyze, hitsOf, TIMEOUTS } from '../helpers';

const RULE = 'unique-index-on-existing-table';

/** Each case: SQL (a plain file, outside a transaction) and the lines migration/unique-index-on-existing-table reports. */
const CASES: Array<[sql: string, lines: number[]]> = [
  ['CREATE UNIQUE INDEX CONCURRENTLY orders_number_key ON orders (number);', [3]],
  ['CREATE UNIQUE INDEX orders_number_key ON orders (number);', [3]],
  ['CREATE INDEX CONCURRENTLY orders_number_idx ON orders (number);', []],
  ['CREATE TABLE refunds (id int);\nCREATE UNIQUE INDEX refunds_id_key ON refunds (id);', []],
  ['ALTER TABLE orders ADD CONSTRAINT orders_number_key UNIQUE USING INDEX orders_number_key;', []],
  // Emptied in the same transaction: no rows to collide; outside one, writes may come in between.
  ['BEGIN;\nTRUNCATE orders;\nCREATE UNIQUE INDEX orders_number_key ON orders (number);\nCOMMIT;', []],
  ['TRUNCATE orders;\nCREATE UNIQUE INDEX orders_number_key ON orders (number);', [4]],
  // Columns this migration adds: no deployed code writes them yet.
  ['ALTER TABLE orders ADD COLUMN code text;\nCREATE UNIQUE INDEX CONCURRENTLY orders_code_key ON orders (code);', []],
  ['ALTER TABLE orders ADD COLUMN code text;\nCREATE UNIQUE INDEX CONCURRENTLY orders_code_key ON orders (shop_id, code);', []],
  // Replacing a unique index by a wider one: nothing the old one accepted is rejected.
  ['CREATE UNIQUE INDEX CONCURRENTLY orders_number_shop_key ON orders (number, shop_id);\nDROP INDEX CONCURRENTLY orders_number_key;', []],
  // A default fills every row with the same value: duplicates over the other columns still collide.
  [
    "ALTER TABLE orders ADD COLUMN code text DEFAULT 'x';\nCREATE UNIQUE INDEX CONCURRENTLY orders_code_key ON orders (shop_id, code);",
    [4],
  ],
  ['ALTER TABLE orders ADD COLUMN code text;\nCREATE UNIQUE INDEX CONCURRENTLY orders_code_key ON orders (lower(code));', [4]],
];

describe('migration/unique-index-on-existing-table', () => {
  for (const [sql, lines] of CASES)
    it(sql.replace(/\n/g, ' '), async () => assert.deepEqual(await hitsOf(RULE, TIMEOUTS + sql, 'db/migrations/schema.sql'), lines));

  it('is information, and says what starts failing', async () => {
    const sql = TIMEOUTS + 'CREATE UNIQUE INDEX CONCURRENTLY orders_number_key ON orders (number);';
    const [finding] = (await analyze(sql, 'db/migrations/schema.sql')).filter((f) => f.ruleId === `migration/${RULE}`);
    assert.deepEqual(
      [finding.severity, finding.line, finding.column, finding.endColumn, finding.message],
      [
        'info',
        3,
        1,
        70,
        "From the start of this build, writes of a duplicate to 'orders' fail with a unique violation, and the build itself fails if duplicates exist; make sure the running code cannot write one.",
      ],
    );
  });

  it("leaves out Django's AddField(unique=True) of a nullable column, which every row has as NULL, but not of one Django fills with ''", async () => {
    const django = (field: string) =>
      [
        'from django.db import migrations, models',
        '',
        'class Migration(migrations.Migration):',
        "    dependencies = [('shop', '0006_previous')]",
        '    operations = [',
        `        migrations.AddField(model_name='order', name='key', field=${field}),`,
        '    ]',
        '',
      ].join('\n');
    const lines = async (field: string) =>
      (await analyze(django(field), 'shop/migrations/0007_order_key.py'))
        .filter((f) => f.ruleId === `migration/${RULE}`)
        .map((f) => f.line);
    assert.deepEqual(await lines('models.CharField(blank=True, max_length=128, null=True, unique=True)'), []);
    assert.deepEqual(await lines('models.CharField(blank=True, max_length=128, unique=True)'), [6]);
  });
});
