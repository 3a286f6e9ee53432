import assert from 'node:assert/strict';
import { analyze, rangesOf, TIMEOUTS } from '../helpers';

type Expected = Array<[number, number, number, number, string]>;

/** A plain .sql migration: no runner wraps it in a transaction (squawk's default). */
const PLAIN = 'db/migrations/001_change.sql';
/** Flyway runs each migration in a transaction (squawk's --assume-in-transaction). */
const FLYWAY = 'db/migrations/V2__change.sql';

const IF_NOT_EXISTS =
  'Without IF NOT EXISTS this statement fails when the migration is run again after failing part-way: what it made is still there.';
const IF_EXISTS =
  'Without IF EXISTS this statement fails when the migration is run again after failing part-way: what it removed is already gone.';
const NO_TRANSACTION =
  'This change runs outside a transaction and has no IF [NOT] EXISTS form: if a later statement fails, the migration cannot simply be run again.';
const PK = (table: string) => `Adding a primary key to '${table}' builds its index while the table is locked against reads and writes.`;

const CASES: Array<[rule: string, path: string, sql: string, expected: Expected]> = [
  ['prefer-robust-stmts', PLAIN, 'CREATE TABLE a (id bigint);', [[3, 1, 3, 27, IF_NOT_EXISTS]]],
  ['prefer-robust-stmts', PLAIN, 'ALTER TABLE a ADD COLUMN b text;', [[3, 15, 3, 32, IF_NOT_EXISTS]]],
  [
    'prefer-robust-stmts',
    PLAIN,
    'ALTER TABLE a ADD COLUMN IF NOT EXISTS b text, ALTER COLUMN c SET NOT NULL, DROP COLUMN d;',
    [
      [3, 48, 3, 75, NO_TRANSACTION],
      [3, 77, 3, 90, IF_EXISTS],
    ],
  ],
  ['prefer-robust-stmts', PLAIN, 'DROP INDEX CONCURRENTLY a_idx;', [[3, 1, 3, 30, IF_EXISTS]]],
  ['prefer-robust-stmts', PLAIN, 'CREATE INDEX CONCURRENTLY a_idx ON a (b);', [[3, 1, 3, 41, IF_NOT_EXISTS]]],
  ['prefer-robust-stmts', PLAIN, 'CREATE INDEX CONCURRENTLY ON a (b);', []],
  ['prefer-robust-stmts', PLAIN, 'DROP TABLE x, y;', [[3, 1, 3, 16, IF_EXISTS]]],
  ['prefer-robust-stmts', PLAIN, 'DROP TYPE e;', [[3, 1, 3, 12, IF_EXISTS]]],
  [
    'prefer-robust-stmts',
    PLAIN,
    "ALTER TABLE a DROP CONSTRAINT IF EXISTS c;\nALTER TABLE a ADD CONSTRAINT c CHECK (b <> '') NOT VALID;\nALTER TABLE a VALIDATE CONSTRAINT c;",
    [],
  ],
  ['prefer-robust-stmts', PLAIN, 'ALTER TABLE a VALIDATE CONSTRAINT c;', [[3, 15, 3, 36, NO_TRANSACTION]]],
  ['prefer-robust-stmts', PLAIN, 'CREATE TEMP TABLE scratch (id bigint) ON COMMIT DROP;', []],
  [
    'prefer-robust-stmts',
    PLAIN,
    'BEGIN;\nCREATE TABLE a (id bigint);\nCOMMIT;\nCREATE TABLE b (id bigint);',
    [[6, 1, 6, 27, IF_NOT_EXISTS]],
  ],
  ['prefer-robust-stmts', FLYWAY, 'CREATE TABLE a (id bigint);\nALTER TABLE a ADD COLUMN b text;', []],
  // An inline UNIQUE is guarded by its ADD COLUMN's IF NOT EXISTS; CREATE TABLE ... AS and LOCK TABLE are not judged (as in squawk).
  ['prefer-robust-stmts', PLAIN, 'ALTER TABLE a ADD COLUMN IF NOT EXISTS b text UNIQUE;', []],
  ['prefer-robust-stmts', PLAIN, 'ALTER TABLE a ADD COLUMN b text UNIQUE;', [[3, 15, 3, 39, IF_NOT_EXISTS]]],
  ['prefer-robust-stmts', PLAIN, 'CREATE TABLE totals AS SELECT 1 AS total;\nLOCK TABLE a;', []],
  ['prefer-robust-stmts', FLYWAY, 'CREATE INDEX CONCURRENTLY a_idx ON a (b);', [[3, 1, 3, 41, IF_NOT_EXISTS]]],
  [
    'adding-serial-primary-key-field',
    FLYWAY,
    'ALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY (id);',
    [[3, 23, 3, 61, PK('items')]],
  ],
  [
    'adding-serial-primary-key-field',
    FLYWAY,
    'ALTER TABLE items ADD PRIMARY KEY (id), ADD COLUMN x bigint PRIMARY KEY DEFAULT 1;',
    [
      [3, 23, 3, 39, PK('items')],
      [3, 61, 3, 72, "Adding 'x' as the primary key of 'items' builds its index while the table is locked against reads and writes."],
    ],
  ],
  [
    'adding-serial-primary-key-field',
    FLYWAY,
    'ALTER TABLE items ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;',
    [[3, 69, 3, 80, "Adding 'id' as the primary key of 'items' builds its index while the table is locked against reads and writes."]],
  ],
  ['adding-serial-primary-key-field', FLYWAY, 'ALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX i;', []],
  ['adding-serial-primary-key-field', FLYWAY, 'CREATE TABLE items (id bigint);\nALTER TABLE items ADD PRIMARY KEY (id);', []],
  [
    'identifier-too-long',
    FLYWAY,
    'CREATE INDEX CONCURRENTLY index_orders_on_customer_id_and_created_at_and_status_and_region ON orders (customer_id);',
    [
      [
        3,
        27,
        3,
        91,
        "This name is 64 bytes long; PostgreSQL keeps only the first 63 ('index_orders_on_customer_id_and_created_at_and_status_and_regio'), so the full name never matches.",
      ],
    ],
  ],
  [
    'identifier-too-long',
    FLYWAY,
    'ALTER TABLE o ADD COLUMN "été_été_été_été_été_été_été_été_été_été_été_été_été_été" text;',
    [
      [
        3,
        26,
        3,
        83,
        "This name is 83 bytes long; PostgreSQL keeps only the first 63 ('été_été_été_été_été_été_été_été_été_été_ét'), so the full name never matches.",
      ],
    ],
  ],
  ['identifier-too-long', FLYWAY, "SELECT 'index_orders_on_customer_id_and_created_at_and_status_and_region_x';", []],
  [
    'ban-drop-not-null',
    FLYWAY,
    'ALTER TABLE users ALTER phone SET DEFAULT 1, ALTER COLUMN email DROP NOT NULL;',
    [[3, 65, 3, 78, "Dropping NOT NULL on 'users.email' lets NULLs reach code that assumes the column always has a value."]],
  ],
  [
    'ban-drop-not-null',
    FLYWAY,
    'ALTER TABLE users ALTER COLUMN phone DROP NOT NULL;',
    [[3, 38, 3, 51, "Dropping NOT NULL on 'users.phone' lets NULLs reach code that assumes the column always has a value."]],
  ],
  ['ban-drop-not-null', FLYWAY, 'ALTER TABLE users ALTER COLUMN phone SET NOT NULL;', []],
  [
    'ban-drop-database',
    FLYWAY,
    'DROP DATABASE IF EXISTS legacy;',
    [[3, 1, 3, 31, "Dropping database 'legacy' deletes all of its data, on every environment this migration runs on."]],
  ],
  ['ban-drop-database', FLYWAY, 'DROP SCHEMA legacy;', []],
  [
    'require-concurrent-reindex',
    FLYWAY,
    'REINDEX INDEX orders_customer_idx;',
    [[3, 1, 3, 34, "REINDEX INDEX without CONCURRENTLY blocks writes to the table while 'orders_customer_idx' is rebuilt."]],
  ],
  [
    'require-concurrent-reindex',
    FLYWAY,
    'REINDEX (VERBOSE) SCHEMA app;',
    [[3, 1, 3, 29, "REINDEX SCHEMA without CONCURRENTLY blocks writes to each table of 'app' while its indexes are rebuilt."]],
  ],
  [
    'require-concurrent-reindex',
    FLYWAY,
    'REINDEX (CONCURRENTLY false) TABLE orders;',
    [[3, 1, 3, 42, "REINDEX TABLE without CONCURRENTLY blocks writes to the table while 'orders' is rebuilt."]],
  ],
  ['require-concurrent-reindex', FLYWAY, 'REINDEX TABLE CONCURRENTLY orders;\nREINDEX (CONCURRENTLY) INDEX i;\nREINDEX SYSTEM app;', []],
  [
    'require-concurrent-partition-detach',
    FLYWAY,
    'ALTER TABLE measurements DETACH PARTITION measurements_2023;',
    [
      [
        3,
        1,
        3,
        60,
        "Detaching 'measurements_2023' without CONCURRENTLY locks 'measurements' and all its partitions against reads and writes.",
      ],
    ],
  ],
  [
    'require-concurrent-partition-detach',
    FLYWAY,
    'ALTER TABLE m DETACH PARTITION m_2023 CONCURRENTLY;\nALTER TABLE m DETACH PARTITION m_2023 FINALIZE;',
    [],
  ],
  [
    'require-enum-value-ordering',
    FLYWAY,
    "ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'paused';",
    [[3, 1, 3, 57, "'paused' is added at the end of 'order_status': say where it sorts with BEFORE or AFTER."]],
  ],
  [
    'require-enum-value-ordering',
    FLYWAY,
    "ALTER TYPE order_status ADD VALUE 'paused' AFTER 'active';\nALTER TYPE order_status RENAME VALUE 'a' TO 'b';",
    [],
  ],
  [
    'ban-create-domain-with-constraint',
    FLYWAY,
    "CREATE DOMAIN email AS text\n  NOT NULL\n  CHECK (VALUE ~ '@');",
    [
      [
        4,
        3,
        5,
        22,
        "Domain 'email' has constraints: changing them later checks every column of this type at once; put them on the tables instead.",
      ],
    ],
  ],
  ['ban-create-domain-with-constraint', FLYWAY, "CREATE DOMAIN email AS text;\nCREATE DOMAIN d AS text DEFAULT 'x';", []],
  [
    'ban-alter-domain-with-add-constraint',
    FLYWAY,
    'ALTER DOMAIN positive_int ADD CONSTRAINT positive CHECK (VALUE > 0);',
    [[3, 27, 3, 68, "Adding a constraint to domain 'positive_int' checks every column of that type in every table at once."]],
  ],
  ['ban-alter-domain-with-add-constraint', FLYWAY, 'ALTER DOMAIN positive_int DROP CONSTRAINT positive;', []],
  [
    'ban-uncommitted-transaction',
    PLAIN,
    'BEGIN;\nROLLBACK;\nBEGIN;\nSELECT 1;',
    [[5, 1, 5, 6, 'This transaction is never committed or rolled back in the migration.']],
  ],
  ['ban-uncommitted-transaction', PLAIN, 'BEGIN;\nSELECT 1;\nCOMMIT;', []],
  [
    'transaction-nesting',
    PLAIN,
    'BEGIN;\nBEGIN;\nCOMMIT;\nCOMMIT;',
    [
      [4, 1, 4, 6, 'A transaction is already open here: this BEGIN does not start a new one.'],
      [6, 1, 6, 7, 'No transaction is open here: the statements before it were not in one.'],
    ],
  ],
  ['transaction-nesting', PLAIN, 'BEGIN;\nSELECT 1;\nCOMMIT;', []],
  [
    'transaction-nesting',
    FLYWAY,
    'BEGIN;\nSELECT 1;\nCOMMIT;',
    [
      [3, 1, 3, 6, 'Flyway already runs this migration in a transaction; this BEGIN does not start a new one.'],
      [5, 1, 5, 7, 'This ends the transaction Flyway runs the migration in: what follows runs outside it.'],
    ],
  ],
  [
    'ban-duplicate-column-assignments',
    FLYWAY,
    "UPDATE accounts SET plan = 'pro', plan = 'free' WHERE id = 1;",
    [
      [3, 21, 3, 25, "Column 'plan' is assigned more than once in this statement; PostgreSQL rejects it."],
      [3, 35, 3, 39, "Column 'plan' is assigned more than once in this statement; PostgreSQL rejects it."],
    ],
  ],
  [
    'ban-duplicate-column-assignments',
    FLYWAY,
    'CREATE TABLE dupes (id bigint, "id" bigint);',
    [
      [3, 21, 3, 23, "Column 'id' is defined more than once in this table; PostgreSQL rejects it."],
      [3, 32, 3, 36, "Column 'id' is defined more than once in this table; PostgreSQL rejects it."],
    ],
  ],
  [
    'ban-duplicate-column-assignments',
    FLYWAY,
    "UPDATE accounts SET tags[1] = 'a', tags[2] = 'b';\nINSERT INTO t (a, b) VALUES (1, 2);",
    [],
  ],
];

describe("squawk's statement rules", () => {
  for (const [rule, path, sql, expected] of CASES) {
    it(`${rule} (${path === PLAIN ? 'no transaction' : 'Flyway'}): ${sql}`, async () =>
      assert.deepEqual(await rangesOf(rule, TIMEOUTS + sql, path), expected));
  }

  it('require-table-schema is off by default and reports unqualified names once turned on', async () => {
    const sql =
      'CREATE TABLE invoices (id bigint);\nALTER TABLE ONLY invoices ADD COLUMN IF NOT EXISTS a text, DROP COLUMN b;\nCREATE TABLE public.ok (id bigint);\nCREATE TEMP TABLE t (id bigint);\n' +
      'CREATE TABLE totals AS SELECT 1 AS n;\nCREATE MATERIALIZED VIEW v AS SELECT 1 AS n;\nSELECT 1 AS n INTO s;\nLOCK TABLE invoices;';
    assert.deepEqual(await rangesOf('require-table-schema', sql), []);
    const on = await rangesOf('require-table-schema', sql, undefined, (config) => {
      config.migrations.rules['require-table-schema'] = 'warning';
    });
    const message = "'invoices' has no schema: which table this is depends on the search_path.";
    assert.deepEqual(on, [
      [1, 14, 1, 22, message],
      [2, 18, 2, 26, message],
      [5, 14, 5, 20, "'totals' has no schema: which table this is depends on the search_path."],
    ]);
  });

  it('prefer-repack reports VACUUM FULL and CLUSTER from PostgreSQL 19 on', async () => {
    const sql = 'VACUUM FULL orders;\nCLUSTER;\nVACUUM (FULL false) orders;\nVACUUM (ANALYZE) orders;';
    assert.deepEqual(await rangesOf('prefer-repack', sql), [], 'PostgreSQL 15 has no REPACK');
    assert.deepEqual(
      await rangesOf('prefer-repack', sql, undefined, (config) => {
        config.postgres.version = 19;
      }),
      [
        [1, 1, 1, 19, "VACUUM FULL locks 'orders' against reads and writes until the rewrite is done; use REPACK (CONCURRENTLY)."],
        [
          2,
          1,
          2,
          8,
          'CLUSTER locks every table it rewrites against reads and writes until the rewrite is done; use REPACK (CONCURRENTLY).',
        ],
      ],
    );
  });

  it('constraint-missing-not-valid covers a foreign key written in SQL, as squawk does', async () => {
    const sql = 'ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers (id);';
    assert.deepEqual(await rangesOf('constraint-missing-not-valid', TIMEOUTS + sql), [
      [3, 1, 3, 89, "Adding a foreign key to 'orders' without NOT VALID blocks writes to both tables while every row is checked."],
    ]);
    assert.deepEqual(await rangesOf('constraint-missing-not-valid', TIMEOUTS + sql.replace(';', ' NOT VALID;')), []);
    assert.deepEqual(await rangesOf('constraint-missing-not-valid', TIMEOUTS + 'ALTER TABLE orders ADD CONSTRAINT u UNIQUE (n);'), []);
  });

  it('every rule is total: statements the parser accepts give findings or nothing, never a crash', async () => {
    const odd = [
      'ALTER TABLE t ALTER COLUMN c TYPE int[] USING ARRAY[c];',
      'CREATE TABLE t (LIKE other INCLUDING ALL, CHECK (true));',
      'CREATE TABLE t PARTITION OF p FOR VALUES IN (1);',
      'CREATE TABLE t OF some_type;',
      'REINDEX DATABASE;',
      'ALTER DOMAIN d ADD CHECK (VALUE > 0);',
      'UPDATE t SET (a, b) = (1, 2), a = 3;',
      'CREATE TABLE "x" (x int, "X" int);',
      "ALTER TYPE e ADD VALUE 'x' BEFORE 'y';",
      'DROP TYPE a, b CASCADE;',
    ];
    for (const sql of odd) {
      const findings = await analyze(TIMEOUTS + sql, PLAIN);
      const failures = findings.filter((f) => f.ruleId === 'preflight/analyzer-failed' || f.ruleId === 'migration/parse-error');
      assert.deepEqual(failures, [], sql);
    }
  });
});
