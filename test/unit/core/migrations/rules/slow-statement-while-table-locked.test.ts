import assert from 'node:assert/strict';
import { analyze, hitsOf, TIMEOUTS } from '../helpers';

const RULE = 'slow-statement-while-table-locked';

/** Each case: SQL after the timeouts (line 3 onwards) and the lines migration/slow-statement-while-table-locked reports. */
const CASES: Array<[sql: string, lines: number[]]> = [
  // Flyway files: one transaction for the whole file.
  ['ALTER TABLE orders ADD COLUMN customer_id bigint;\nCREATE INDEX orders_customer_idx ON orders (customer_id);', [4]],
  ['ALTER TABLE orders DROP COLUMN legacy;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;', [4]],
  ['LOCK TABLE orders;\nCREATE INDEX i ON customers (email);', [4]],
  // REINDEX, VACUUM FULL and CLUSTER (squawk's reindex and rewrite-table statements) are slow; DETACH PARTITION and DROP NOT NULL lock.
  ['LOCK TABLE orders;\nREINDEX TABLE customers;', [4]],
  ['ALTER TABLE orders DROP COLUMN legacy;\nVACUUM FULL customers;', [4]],
  ['ALTER TABLE orders ALTER COLUMN note DROP NOT NULL;\nCLUSTER customers USING customers_pkey;', [4]],
  ['ALTER TABLE events DETACH PARTITION events_2020;\nCREATE INDEX i ON customers (email);', [4]],
  ['ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;\nCREATE INDEX i ON customers (email);', []],
  ['LOCK TABLE orders IN SHARE MODE;\nCREATE INDEX i ON customers (email);', []],
  ['ALTER TABLE orders RENAME COLUMN a TO b;\nALTER TABLE customers ADD CONSTRAINT c CHECK (x > 0);', [4]],
  // Quick statements after the lock: nothing waits long.
  ['ALTER TABLE orders ADD COLUMN a int;\nALTER TABLE orders ADD COLUMN b int;', []],
  // The slow statement locks the same table ACCESS EXCLUSIVE itself: its own rule reports it.
  ['ALTER TABLE orders ADD COLUMN a int;\nALTER TABLE orders ALTER COLUMN b SET NOT NULL;', []],
  // A foreign key takes SHARE ROW EXCLUSIVE: reads of orders go on during the index build.
  ['ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES customers (id) NOT VALID;\nCREATE INDEX i ON orders (c);', []],
  // Index first, then the lock: the index build did not run under it.
  ['CREATE INDEX i ON orders (c);\nALTER TABLE orders ADD COLUMN a int;', []],
  // A new table: nobody reads it yet.
  ['CREATE TABLE refunds (id int);\nALTER TABLE refunds ADD COLUMN a int;\nCREATE INDEX i ON refunds (a);', []],
  // A table emptied earlier in the transaction has nothing to index.
  ['DELETE FROM orders;\nALTER TABLE orders ADD COLUMN a int;\nCREATE INDEX i ON orders (a);', []],
  // A COMMIT in between ends the transaction (and its locks).
  ['BEGIN;\nALTER TABLE orders ADD COLUMN a int;\nCOMMIT;\nBEGIN;\nCREATE INDEX i ON orders (a);\nCOMMIT;', []],
];

describe('migration/slow-statement-while-table-locked', () => {
  for (const [sql, lines] of CASES) it(sql.replace(/\n/g, ' '), async () => assert.deepEqual(await hitsOf(RULE, TIMEOUTS + sql), lines));

  it('names the lock and the line that took it', async () => {
    const sql = TIMEOUTS + 'ALTER TABLE orders ADD COLUMN customer_id bigint;\nCREATE INDEX orders_customer_idx ON orders (customer_id);';
    const [finding] = (await analyze(sql)).filter((f) => f.ruleId === `migration/${RULE}`);
    assert.deepEqual(
      [finding.line, finding.column, finding.endLine, finding.endColumn, finding.message],
      [
        4,
        1,
        4,
        57,
        "This statement builds an index on 'orders' while 'orders' is still locked ACCESS EXCLUSIVE by line 3 in the same transaction: no query can read or write 'orders' until it finishes and the transaction commits.",
      ],
    );
  });

  it('reports a lock once, at the first slow statement under it, and counts the others', async () => {
    const sql =
      TIMEOUTS +
      'ALTER TABLE orders DROP COLUMN legacy;\nCREATE INDEX a ON orders (a);\nCREATE INDEX b ON customers (b);\nALTER TABLE refunds VALIDATE CONSTRAINT c;';
    const findings = (await analyze(sql)).filter((f) => f.ruleId === `migration/${RULE}`);
    assert.deepEqual(
      findings.map((f) => [f.line, f.message]),
      [
        [
          4,
          "This statement builds an index on 'orders' (and 2 more slow statements after it) while 'orders' is still locked ACCESS EXCLUSIVE by line 3 in the same transaction: no query can read or write 'orders' until it finishes and the transaction commits.",
        ],
      ],
    );
  });

  it('takes a type change for slow only when both types are known (varchar(50) to varchar(100) is no rewrite)', async () => {
    const sql = TIMEOUTS + 'ALTER TABLE orders ADD COLUMN a int;\nALTER TABLE customers ALTER COLUMN name TYPE varchar(100);';
    assert.deepEqual(await hitsOf(RULE, sql), []);
  });

  it('does not apply outside a transaction (a plain SQL file)', async () => {
    const sql = 'ALTER TABLE orders ADD COLUMN a int;\nCREATE INDEX i ON orders (a);';
    assert.deepEqual(await hitsOf(RULE, TIMEOUTS + sql, 'db/migrations/schema.sql'), []);
  });

  it("reports Django's AddField(db_index=True): ADD COLUMN, then CREATE INDEX, in one atomic migration", async () => {
    const text = [
      'from django.db import migrations, models',
      '',
      'class Migration(migrations.Migration):',
      "    dependencies = [('shop', '0006_previous')]",
      '    operations = [',
      "        migrations.AddField(model_name='order', name='code', field=models.CharField(max_length=10, null=True, db_index=True)),",
      '    ]',
      '',
    ].join('\n');
    const findings = (await analyze(text, 'shop/migrations/0007_order_code.py')).filter((f) => f.ruleId === `migration/${RULE}`);
    assert.deepEqual(
      findings.map((f) => [f.line, f.column, f.message]),
      [
        [
          6,
          9,
          "This operation builds an index on 'order' while 'order' is still locked ACCESS EXCLUSIVE by its own first step in the same transaction: no query can read or write 'order' until it finishes and the transaction commits.",
        ],
      ],
    );
  });
});
