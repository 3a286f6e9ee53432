import assert from 'node:assert/strict';
import { analyze, hitsOf, TIMEOUTS } from './helpers';

/** Each case: SQL after the timeouts (line 3 onwards) and the lines the rule reports. */
const CASES: Record<string, Array<[sql: string, lines: number[]]>> = {
  'adding-field-with-default': [
    // PostgreSQL 11+ stores a non-volatile default in the catalog: no rewrite.
    ["ALTER TABLE orders ADD COLUMN placed timestamptz DEFAULT now() - interval '1 day';", []],
    ['ALTER TABLE orders ADD COLUMN placed timestamptz DEFAULT CURRENT_TIMESTAMP;', []],
    ['ALTER TABLE orders ADD COLUMN n int DEFAULT 2 + 2;', []],
    ["ALTER TABLE orders ADD COLUMN tags text[] DEFAULT ARRAY['a']::text[];", []],
    ["ALTER TABLE orders ADD COLUMN code text DEFAULT upper(md5('x'));", []],
    // Computed per row: a rewrite.
    ['ALTER TABLE orders ADD COLUMN placed timestamptz DEFAULT clock_timestamp();', [3]],
    ["ALTER TABLE orders ADD COLUMN n bigint DEFAULT nextval('orders_n_seq');", [3]],
    ['ALTER TABLE orders ADD COLUMN code text DEFAULT md5(random()::text);', [3]],
    ['ALTER TABLE orders ADD COLUMN n bigserial;', [3]],
    ['ALTER TABLE orders ADD COLUMN n int GENERATED ALWAYS AS IDENTITY;', [3]],
    // A function PostgreSQL does not ship is the project's own: VOLATILE unless declared otherwise.
    ['ALTER TABLE orders ADD COLUMN code text DEFAULT app.new_code();', [3]],
  ],
  'disallowed-unique-constraint': [
    ['ALTER TABLE orders ADD COLUMN number int UNIQUE;', [3]],
    ['ALTER TABLE orders ADD COLUMN id2 bigint PRIMARY KEY;', [3]],
    ['CREATE TABLE orders (id int);\nALTER TABLE orders ADD COLUMN number int UNIQUE;', []],
  ],
  'require-concurrent-index-creation': [
    ['CREATE TABLE totals AS SELECT customer_id, sum(total) FROM orders GROUP BY 1;\nCREATE INDEX i ON totals (customer_id);', []],
    ['CREATE MATERIALIZED VIEW totals AS SELECT 1 AS a;\nCREATE INDEX i ON totals (a);', []],
    ['SELECT * INTO TEMP recent FROM orders;\nCREATE INDEX i ON recent (id);', []],
    ['CREATE TEMPORARY TABLE recent (id int);\nCREATE INDEX i ON recent (id);', []],
  ],
  'renaming-table': [
    ['ALTER INDEX index_orders_on_number RENAME TO index_orders_on_code;', []],
    ['ALTER SEQUENCE orders_id_seq RENAME TO purchases_id_seq;', []],
    ['ALTER TABLE index_orders_on_number RENAME TO index_orders_on_code;', []],
    ['ALTER TABLE orders_pkey RENAME TO purchases_pkey;', []],
    ['ALTER TABLE api_key RENAME TO api_keys;', [3]],
  ],
};

describe("PostgreSQL's own semantics", () => {
  for (const [rule, cases] of Object.entries(CASES)) {
    describe(`migration/${rule}`, () => {
      for (const [sql, lines] of cases) {
        it(`${lines.length ? 'reports' : 'accepts'}: ${sql.replace(/\n/g, ' ')}`, async () => {
          assert.deepEqual(await hitsOf(rule, TIMEOUTS + sql), lines);
        });
      }
    });
  }

  it('reports an inline UNIQUE of ADD COLUMN at its action, with the constraint message', async () => {
    const findings = await analyze(TIMEOUTS + 'ALTER TABLE orders\n  ADD COLUMN note text,\n  ADD COLUMN number int UNIQUE;');
    const unique = findings.filter((f) => f.ruleId === 'migration/disallowed-unique-constraint');
    assert.deepEqual(
      unique.map((f) => [f.line, f.column, f.endLine, f.endColumn, f.message]),
      [
        [
          5,
          3,
          5,
          31,
          "Adding a UNIQUE constraint to 'orders' builds its index while blocking all reads and writes; build it CONCURRENTLY and attach it with USING INDEX.",
        ],
      ],
    );
  });

  it('reports DROP TABLE a, b once, naming both tables', async () => {
    const findings = await analyze(TIMEOUTS + 'DROP TABLE orders, legacy_orders;');
    assert.deepEqual(
      findings.filter((f) => f.ruleId === 'migration/ban-drop-table').map((f) => [f.line, f.column, f.endColumn, f.message]),
      [[3, 1, 33, "Dropping tables 'orders', 'legacy_orders' breaks code that still uses them and deletes their data."]],
    );
  });

  describe('statements that lock a table: the timeout rules apply', () => {
    const TIMEOUT_CASES: Array<[sql: string, lines: number[]]> = [
      ['LOCK TABLE orders;', [1]],
      ['LOCK TABLE orders IN SHARE MODE;', [1]],
      ['LOCK TABLE orders IN ACCESS SHARE MODE;', []],
      ['LOCK TABLE orders IN ROW EXCLUSIVE MODE;', []],
      ['REINDEX TABLE orders;', [1]],
      ['REINDEX INDEX orders_pkey;', [1]],
      ['REINDEX INDEX CONCURRENTLY orders_pkey;', []],
      ['VACUUM FULL orders;', [1]],
      ['VACUUM (FULL, ANALYZE) orders;', [1]],
      ['VACUUM ANALYZE orders;', []],
      ['CLUSTER orders USING orders_pkey;', [1]],
      ['ALTER TABLE events DETACH PARTITION events_2020;', [1]],
      ['ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;', []],
      // The same statements as squawk's rules read them (reindex, rewrite-table, detach-partition): one operation each.
      ['REINDEX (CONCURRENTLY false) TABLE orders;', [1]],
      ['REINDEX (CONCURRENTLY) TABLE orders;', []],
      ['REINDEX SCHEMA public;', []],
      ['VACUUM FULL;', [1]],
      ['VACUUM (FULL false) orders;', []],
      ['CREATE TABLE scratch (id int);\nVACUUM FULL scratch;\nCLUSTER scratch;', []],
      ['CLUSTER;', []],
      ['ALTER TABLE events DETACH PARTITION events_2020 FINALIZE;', []],
      ['CREATE TABLE events (id int) PARTITION BY RANGE (id);\nALTER TABLE events DETACH PARTITION events_2020;', []],
      ["ALTER TYPE mood ADD VALUE 'calm';", []],
      // Only statements that block no reads or writes: no timeout needed...
      ["CREATE TYPE mood AS ENUM ('happy');\nCREATE INDEX CONCURRENTLY i ON orders (a);\nDROP INDEX CONCURRENTLY j;", []],
      ["ALTER TYPE mood RENAME VALUE 'happy' TO 'glad';\nALTER SCHEMA billing RENAME TO invoicing;", []],
      // ...and the other way round, one that does still needs it, wherever it is.
      ["CREATE INDEX CONCURRENTLY i ON orders (a);\nCREATE TYPE mood AS ENUM ('happy');\nALTER TABLE orders ADD COLUMN note text;", [3]],
    ];
    for (const [sql, lines] of TIMEOUT_CASES) {
      it(`${lines.length ? 'reports' : 'accepts'}: ${sql.replace(/\n/g, ' ')}`, async () => {
        assert.deepEqual(await hitsOf('require-lock-timeout', sql, 'db/migrations/schema.sql'), lines);
        assert.deepEqual(await hitsOf('require-statement-timeout', sql, 'db/migrations/schema.sql'), lines);
      });
    }
  });

  describe('what runs in a transaction', () => {
    const CONCURRENT = 'migration/ban-concurrent-index-creation-in-transaction';
    async function concurrentInTransaction(path: string, sql: string): Promise<number[]> {
      return (await analyze(sql, path)).filter((f) => f.ruleId === CONCURRENT).map((f) => f.line);
    }

    it('goose: an explicit COMMIT ends its transaction until the next BEGIN (squawk’s workaround)', async () => {
      const sql = '-- +goose Up\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON orders (a);\nBEGIN;\nCREATE INDEX CONCURRENTLY j ON orders (b);';
      assert.deepEqual(await concurrentInTransaction('db/migrations/00002_add.sql', sql), [5]);
    });

    it('golang-migrate and Prisma send one query string, where PostgreSQL keeps the rest in a transaction after COMMIT', async () => {
      const sql = 'ALTER TABLE orders ADD COLUMN a int;\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON orders (a);';
      assert.deepEqual(await concurrentInTransaction('db/migrations/000002_add.up.sql', sql), [3]);
      assert.deepEqual(await concurrentInTransaction('prisma/migrations/20240101_add/migration.sql', sql), [3]);
    });

    it('Flyway runs a migration made only of non-transactional statements outside a transaction', async () => {
      const path = 'db/migration/V3__index.sql';
      assert.deepEqual(await concurrentInTransaction(path, 'CREATE INDEX CONCURRENTLY i ON orders (a);'), []);
      assert.deepEqual(await concurrentInTransaction(path, 'CREATE INDEX CONCURRENTLY i ON orders (a);\nDROP INDEX CONCURRENTLY j;'), []);
      // Mixed with a transactional statement, Flyway runs it in its transaction (or refuses the migration without mixed=true).
      assert.deepEqual(
        await concurrentInTransaction(path, 'ALTER TABLE orders ADD COLUMN a int;\nCREATE INDEX CONCURRENTLY i ON orders (a);'),
        [2],
      );
      // Its JDBC driver opens the next transaction itself after an explicit COMMIT.
      assert.deepEqual(
        await concurrentInTransaction(path, 'ALTER TABLE orders ADD COLUMN a int;\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON orders (a);'),
        [3],
      );
    });
  });
});
