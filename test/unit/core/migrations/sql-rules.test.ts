import assert from 'node:assert/strict';
import { analyze, hitsOf, TIMEOUTS } from './helpers';

/** Each case: SQL after the timeouts (line 3 onwards) and the lines the rule reports. */
const CASES: Record<string, Array<[sql: string, lines: number[]]>> = {
  'require-concurrent-index-creation': [
    ['CREATE INDEX i ON orders (customer_id);', [3]],
    ['CREATE UNIQUE INDEX i ON orders (number);', [3]],
    ['CREATE INDEX CONCURRENTLY i ON orders (customer_id);', []],
    ['CREATE TABLE orders (id bigint);\nCREATE INDEX i ON orders (id);', []],
  ],
  'require-concurrent-index-deletion': [
    ['DROP INDEX i;', [3]],
    ['DROP INDEX CONCURRENTLY i;', []],
  ],
  'adding-foreign-key-constraint': [
    ['ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers (id);', [3]],
    ['ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;', []],
    ['ALTER TABLE orders ADD COLUMN customer_id bigint REFERENCES customers (id);', [3]],
    ['CREATE TABLE orders (id bigint);\nALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (id) REFERENCES customers (id);', []],
  ],
  'constraint-missing-not-valid': [
    ['ALTER TABLE orders ADD CONSTRAINT positive CHECK (total >= 0);', [3]],
    ['ALTER TABLE orders ADD CONSTRAINT positive CHECK (total >= 0) NOT VALID;', []],
    ['ALTER TABLE orders VALIDATE CONSTRAINT positive;', []],
    // NOT VALID then VALIDATE in one transaction holds the ADD's lock during the scan; in separate ones it does not.
    [
      'BEGIN;\nALTER TABLE orders ADD CONSTRAINT positive CHECK (total >= 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT positive;\nCOMMIT;',
      [5],
    ],
    // These cases are Flyway files: Flyway runs the whole file in one transaction.
    ['ALTER TABLE orders ADD CONSTRAINT positive CHECK (total >= 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT positive;', [4]],
    [
      'BEGIN;\nALTER TABLE orders ADD CONSTRAINT positive CHECK (total >= 0) NOT VALID;\nCOMMIT;\nALTER TABLE orders VALIDATE CONSTRAINT positive;',
      [],
    ],
    ['BEGIN;\nALTER TABLE orders ADD CONSTRAINT a CHECK (x > 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT b;\nCOMMIT;', []],
  ],
  'disallowed-unique-constraint': [
    ['ALTER TABLE orders ADD CONSTRAINT number_key UNIQUE (number);', [3]],
    ['ALTER TABLE orders ADD PRIMARY KEY (id);', [3]],
    ['ALTER TABLE orders ADD CONSTRAINT number_key UNIQUE USING INDEX number_idx;', []],
  ],
  'adding-not-nullable-field': [
    ['ALTER TABLE orders ALTER COLUMN status SET NOT NULL;', [3]],
    ['ALTER TABLE orders ALTER COLUMN status DROP NOT NULL;', []],
    // The recipe's last step: a validated CHECK (status IS NOT NULL) lets PostgreSQL 12+ skip the scan.
    ['ALTER TABLE orders VALIDATE CONSTRAINT orders_status_not_null;\nALTER TABLE orders ALTER COLUMN status SET NOT NULL;', []],
    ['ALTER TABLE other VALIDATE CONSTRAINT other_status_not_null;\nALTER TABLE orders ALTER COLUMN status SET NOT NULL;', [4]],
  ],
  'adding-required-field': [
    ['ALTER TABLE orders ADD COLUMN channel text NOT NULL;', [3]],
    ["ALTER TABLE orders ADD COLUMN channel text NOT NULL DEFAULT 'web';", []],
    // Emptied earlier in the same transaction (Flyway wraps the file): no row to fail on.
    ['DELETE FROM orders;\nALTER TABLE orders ADD COLUMN channel text NOT NULL;', []],
    ['TRUNCATE orders;\nALTER TABLE orders ADD COLUMN channel text NOT NULL;', []],
    ["DELETE FROM orders WHERE status = 'draft';\nALTER TABLE orders ADD COLUMN channel text NOT NULL;", [4]],
    ['DELETE FROM orders;\nINSERT INTO orders SELECT * FROM old_orders;\nALTER TABLE orders ADD COLUMN channel text NOT NULL;', [5]],
    ['DELETE FROM orders;\nCOMMIT;\nBEGIN;\nALTER TABLE orders ADD COLUMN channel text NOT NULL;', [6]],
    ['DELETE FROM customers;\nALTER TABLE orders ADD COLUMN channel text NOT NULL;', [4]],
    ['ALTER TABLE orders ADD COLUMN channel text;', []],
  ],
  'adding-field-with-default': [
    ['ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();', [3]],
    ['ALTER TABLE orders ADD COLUMN total2 int GENERATED ALWAYS AS (total * 2) STORED;', [3]],
    ["ALTER TABLE orders ADD COLUMN channel text DEFAULT 'web';", []],
    ['ALTER TABLE orders ADD COLUMN created_at timestamptz DEFAULT now();', []],
    ["ALTER TABLE orders ADD COLUMN meta jsonb DEFAULT '{}'::jsonb;", []],
  ],
  'changing-column-type': [
    ['ALTER TABLE orders ALTER COLUMN total TYPE bigint;', [3]],
    ['CREATE TABLE orders (total int);\nALTER TABLE orders ALTER COLUMN total TYPE bigint;', []],
  ],
  'renaming-column': [
    ['ALTER TABLE orders RENAME COLUMN placed TO placed_at;', [3]],
    ['ALTER TABLE orders ADD COLUMN placed_at timestamptz;', []],
  ],
  'renaming-table': [
    ['ALTER TABLE orders RENAME TO purchases;', [3]],
    ['ALTER TABLE orders ADD COLUMN note text;', []],
    ['ALTER TABLE orders RENAME TO all_orders;\nCREATE VIEW orders AS SELECT * FROM all_orders WHERE NOT is_template;', []],
    ['CREATE VIEW orders_v AS SELECT * FROM orders;\nALTER TABLE orders RENAME TO purchases;', [4]],
  ],
  'ban-drop-column': [
    ['ALTER TABLE orders DROP COLUMN legacy;', [3]],
    ['ALTER TABLE orders ADD COLUMN legacy text;', []],
  ],
  'ban-drop-table': [
    ['DROP TABLE orders, legacy_orders;', [3]],
    ['CREATE TABLE scratch (id int);\nDROP TABLE scratch;', []],
  ],
  'ban-truncate-cascade': [
    ['TRUNCATE orders CASCADE;', [3]],
    ['TRUNCATE orders;', []],
  ],
  'backfill-with-schema-change': [
    ["ALTER TABLE orders ADD COLUMN channel text;\nUPDATE orders SET channel = 'web';", [4]],
    ["UPDATE orders SET channel = 'web' WHERE channel IS NULL;", []],
  ],
};

describe('SQL migration rules', () => {
  for (const [rule, cases] of Object.entries(CASES)) {
    describe(`migration/${rule}`, () => {
      for (const [sql, lines] of cases) {
        it(`${lines.length ? 'reports' : 'accepts'}: ${sql.replace(/\n/g, ' ')}`, async () => {
          assert.deepEqual(await hitsOf(rule, TIMEOUTS + sql), lines);
        });
      }
    });
  }

  describe('migration/require-lock-timeout and require-statement-timeout', () => {
    it('reports the first locking statement when no timeout is set', async () => {
      const sql = 'CREATE TABLE audit (id int);\nALTER TABLE orders ADD COLUMN note text;\nALTER TABLE orders ADD COLUMN memo text;';
      assert.deepEqual(await hitsOf('require-lock-timeout', sql), [2]);
      assert.deepEqual(await hitsOf('require-statement-timeout', sql), [2]);
    });

    it('accepts SET and SET LOCAL before the lock', async () => {
      const sql = "BEGIN;\nSET LOCAL lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;";
      assert.deepEqual(await hitsOf('require-lock-timeout', sql), []);
      assert.deepEqual(await hitsOf('require-statement-timeout', sql), [3]);
    });

    it('reports a timeout set only after the lock is taken', async () => {
      const sql = "ALTER TABLE orders ADD COLUMN note text;\nSET lock_timeout = '5s';";
      assert.deepEqual(await hitsOf('require-lock-timeout', sql), [1]);
    });

    it('ignores migrations that only create new things', async () => {
      assert.deepEqual(await hitsOf('require-lock-timeout', 'CREATE TABLE audit (id int);\nCREATE INDEX ON audit (id);'), []);
      assert.deepEqual(await hitsOf('require-lock-timeout', 'CREATE INDEX CONCURRENTLY i ON orders (a);'), []);
      // CONCURRENTLY and SET (fillfactor) block neither reads nor writes.
      assert.deepEqual(await hitsOf('require-lock-timeout', 'DROP INDEX CONCURRENTLY IF EXISTS orders_a;'), []);
      assert.deepEqual(await hitsOf('require-lock-timeout', 'ALTER TABLE orders SET (fillfactor = 85);'), []);
      // A quick ALTER still waits for its ACCESS EXCLUSIVE lock (squawk leaves these out; the wait is the risk).
      assert.deepEqual(await hitsOf('require-lock-timeout', 'ALTER TABLE orders DROP CONSTRAINT orders_total_check;'), [1]);
      assert.deepEqual(await hitsOf('require-lock-timeout', 'ALTER TABLE orders ALTER COLUMN status SET DEFAULT 0;'), [1]);
      // A new table's foreign key locks the referenced table (squawk reports it too); one to a table created here does not.
      assert.deepEqual(await hitsOf('require-lock-timeout', 'CREATE TABLE refunds (id int, order_id int REFERENCES orders (id));'), [1]);
      assert.deepEqual(
        await hitsOf(
          'require-lock-timeout',
          'CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (a_id int, FOREIGN KEY (a_id) REFERENCES a (id));',
        ),
        [],
      );
    });

    it('trusts the runner when the config says it sets timeouts', async () => {
      const lines = await hitsOf(
        'require-lock-timeout',
        'ALTER TABLE orders ADD COLUMN note text;',
        undefined,
        (c) => (c.migrations.runnerSetsTimeouts = true),
      );
      assert.deepEqual(lines, []);
    });
  });

  describe('postgres.version', () => {
    it('reports a constant default only before PostgreSQL 11', async () => {
      const sql = TIMEOUTS + "ALTER TABLE orders ADD COLUMN channel text DEFAULT 'web';";
      assert.deepEqual(await hitsOf('adding-field-with-default', sql, undefined, (c) => (c.postgres.version = 10)), [3]);
      assert.deepEqual(await hitsOf('adding-field-with-default', sql, undefined, (c) => (c.postgres.version = 11)), []);
    });
  });

  describe('severity overrides', () => {
    it('turns a rule off or changes its severity from .preflight.yml', async () => {
      const sql = TIMEOUTS + 'ALTER TABLE orders DROP COLUMN legacy;';
      assert.deepEqual(await hitsOf('ban-drop-column', sql, undefined, (c) => (c.migrations.rules = { 'ban-drop-column': 'off' })), []);
      const findings = await analyze(sql, undefined, (c) => (c.migrations.rules = { 'migration/ban-drop-column': 'error' }));
      assert.equal(findings.find((f) => f.ruleId === 'migration/ban-drop-column')?.severity, 'error');
    });
  });
});

describe('migration/backfill-with-schema-change and the catalog', () => {
  it("does not take an update of PostgreSQL's own catalog for a backfill", async () => {
    const sql =
      TIMEOUTS +
      'ALTER TABLE comment ALTER COLUMN post_id SET NOT NULL;\nUPDATE pg_index SET indisready = true WHERE indrelid = 1;\nUPDATE comment SET a = 1;';
    assert.deepEqual(await hitsOf('backfill-with-schema-change', sql), [5]);
  });
});

describe('findings of a multi-action ALTER TABLE', () => {
  it('point at each action, as squawk does, and the timeout fix goes before the statement', async () => {
    const sql = [
      'ALTER TABLE orders',
      '  ADD COLUMN note text DEFAULT gen_random_uuid()::text,',
      "  ADD CONSTRAINT positive CHECK (total >= 0 AND label <> 'a,b'),",
      '  ALTER COLUMN status SET NOT NULL;',
    ].join('\n');
    const findings = await analyze(sql);
    assert.deepEqual(
      findings.map((f) => [f.ruleId.replace('migration/', ''), f.line, f.column]),
      [
        ['adding-field-with-default', 2, 3],
        ['require-lock-timeout', 2, 3],
        ['require-statement-timeout', 2, 3],
        ['constraint-missing-not-valid', 3, 3],
        ['adding-not-nullable-field', 4, 3],
      ],
    );
    const timeout = findings.find((f) => f.ruleId === 'migration/require-lock-timeout');
    assert.deepEqual(
      timeout?.fix?.edits.map((e) => [e.range.start.line, e.range.start.column]),
      [[1, 1]],
    );
  });
});
