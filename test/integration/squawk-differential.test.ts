import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../../src/core/config/types';
import { analyzeFile } from '../../src/core/engine/analyze-file';
import { builtinAnalyzers } from '../../src/core/engine/registry';
import { ensureSquawk, SQUAWK_BIN } from '../support/squawk';

/**
 * Runs the squawk binary and Preflight on the same generated migrations, covering every squawk
 * rule with shapes that must and must not be reported, and fails on any finding (rule and line)
 * that one reports and the other does not, unless it is in DELIBERATE below with its reason.
 *
 * Each file starts with both timeouts set: which statements need a timeout is judged differently
 * on purpose (squawk counts every DDL statement; Preflight only those that lock an existing table)
 * and belongs to the timeout rules' own tests; here both tools see the same SET first.
 *
 * Two runs: files named like plain migrations, which no runner wraps in a transaction (squawk's
 * default, --no-assume-in-transaction), and Flyway files (V1__*.sql), which Flyway runs in one
 * (squawk's --assume-in-transaction).
 */
const TIMEOUTS = "SET lock_timeout = '5s';\nSET statement_timeout = '15min';\n";

const CASES: Record<string, string[]> = {
  'adding-serial-primary-key-field': [
    'ALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY (id);',
    'ALTER TABLE items ADD PRIMARY KEY (id);',
    'ALTER TABLE items ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;',
    'ALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX items_pkey_idx;',
    'CREATE TABLE IF NOT EXISTS items (id bigint PRIMARY KEY);',
    'CREATE TABLE IF NOT EXISTS items (id bigint NOT NULL);\nALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY (id);',
  ],
  'ban-alter-domain-with-add-constraint': [
    'ALTER DOMAIN positive_int ADD CONSTRAINT positive CHECK (VALUE > 0);',
    'ALTER DOMAIN positive_int\n  ADD CHECK (VALUE > 0) NOT VALID;',
    'ALTER DOMAIN positive_int DROP CONSTRAINT positive;',
    'ALTER DOMAIN positive_int SET DEFAULT 1;',
  ],
  'ban-char-field': [
    'CREATE TABLE IF NOT EXISTS countries (code char(2), name text);',
    'ALTER TABLE countries ADD COLUMN IF NOT EXISTS iso3 CHARACTER(3);',
    'CREATE TABLE IF NOT EXISTS flags (a bpchar, b character, c char(1)[], d nchar(2));',
    'CREATE TABLE IF NOT EXISTS ok_texts (a varchar(10), b text, c char varying(5), d character varying);',
    'CREATE TABLE IF NOT EXISTS flags (state "char");',
  ],
  'ban-create-domain-with-constraint': [
    'CREATE DOMAIN positive_int AS bigint CHECK (VALUE > 0);',
    "CREATE DOMAIN email AS text\n  NOT NULL\n  CHECK (VALUE ~ '@');",
    'CREATE DOMAIN plain_email AS text;',
    "CREATE DOMAIN with_default AS text DEFAULT 'x';",
  ],
  'ban-drop-database': ['DROP DATABASE legacy;', 'DROP DATABASE IF EXISTS legacy;', 'DROP SCHEMA legacy;'],
  'ban-drop-not-null': [
    'ALTER TABLE users ALTER COLUMN phone DROP NOT NULL;',
    'ALTER TABLE users\n  ALTER COLUMN phone SET DEFAULT 1,\n  ALTER COLUMN email DROP NOT NULL;',
    'ALTER TABLE users ALTER COLUMN phone SET NOT NULL;',
  ],
  'ban-duplicate-column-assignments': [
    "UPDATE accounts SET plan = 'pro', plan = 'free' WHERE id = 1;",
    'INSERT INTO accounts (id, plan, id) VALUES (1, 2, 3);',
    'CREATE TABLE IF NOT EXISTS dupes (id bigint, id bigint);',
    "UPDATE accounts SET tags[1] = 'a', tags[2] = 'b';",
    "UPDATE accounts SET plan = 'pro', renewed_at = now();",
  ],
  'ban-uncommitted-transaction': [
    'BEGIN;\nALTER TABLE users ADD COLUMN IF NOT EXISTS nickname text;',
    'BEGIN;\nALTER TABLE users ADD COLUMN IF NOT EXISTS nickname text;\nCOMMIT;',
    'BEGIN;\nCOMMIT;\nBEGIN;\nSELECT 1;',
    'BEGIN;\nROLLBACK;',
  ],
  'identifier-too-long': [
    'CREATE INDEX CONCURRENTLY IF NOT EXISTS index_orders_on_customer_id_and_created_at_and_status_and_region ON orders (customer_id);',
    'ALTER TABLE orders ADD COLUMN IF NOT EXISTS "a_very_long_quoted_column_name_that_goes_on_and_on_past_the_limit_x" text;',
    'CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_created_idx ON orders (customer_id);',
    "SELECT 'a string that is longer than sixty-three bytes is not an identifier at all, of course';",
  ],
  'prefer-bigint-over-int': [
    'CREATE TABLE IF NOT EXISTS counters (id bigint, hits int, views integer, other int4);',
    'ALTER TABLE counters ADD COLUMN IF NOT EXISTS clicks INT;',
    'ALTER TABLE counters ALTER COLUMN hits TYPE integer;',
    'CREATE TABLE IF NOT EXISTS arrays (a int[], b pg_catalog.int4, c "int");',
    'CREATE TABLE IF NOT EXISTS fine (a bigint, b int8, c numeric(10, 2));',
  ],
  'prefer-bigint-over-smallint': [
    'CREATE TABLE IF NOT EXISTS levels (a smallint, b int2, c smallserial, d serial2);',
    'ALTER TABLE levels ADD COLUMN IF NOT EXISTS e SMALLINT;',
    'CREATE TABLE IF NOT EXISTS fine_levels (a bigint);',
  ],
  'prefer-identity': [
    'CREATE TABLE IF NOT EXISTS ids (a serial, b bigserial, c serial8, d smallserial, e serial4, f Serial);',
    'ALTER TABLE ids ADD COLUMN IF NOT EXISTS g bigserial;',
    'CREATE TABLE IF NOT EXISTS identity_ids (id bigint GENERATED BY DEFAULT AS IDENTITY);',
  ],
  'prefer-repack': [
    'VACUUM FULL orders;',
    'CLUSTER orders USING orders_pkey;',
    'VACUUM orders;',
    'VACUUM (FULL false) orders;',
    'CLUSTER;',
    'VACUUM (ANALYZE) orders;',
  ],
  'prefer-robust-stmts': [
    'CREATE TABLE accounts (id bigint);',
    'ALTER TABLE accounts ADD COLUMN billing_email text;',
    'ALTER TABLE accounts DROP COLUMN legacy;',
    'ALTER TABLE accounts\n  ADD COLUMN IF NOT EXISTS a text,\n  ALTER COLUMN b SET NOT NULL,\n  DROP COLUMN IF EXISTS c;',
    'CREATE INDEX CONCURRENTLY accounts_email_idx ON accounts (billing_email);',
    'CREATE INDEX CONCURRENTLY ON accounts (billing_email);',
    'DROP INDEX CONCURRENTLY accounts_email_idx;',
    'DROP TABLE legacy_accounts;',
    'DROP TYPE legacy_status;',
    'DROP TYPE IF EXISTS legacy_status;',
    "ALTER TABLE accounts DROP CONSTRAINT IF EXISTS accounts_email_check;\nALTER TABLE accounts ADD CONSTRAINT accounts_email_check CHECK (billing_email <> '') NOT VALID;",
    "ALTER TABLE accounts ADD CONSTRAINT accounts_email_check CHECK (billing_email <> '') NOT VALID;",
    'ALTER TABLE accounts VALIDATE CONSTRAINT accounts_email_check;',
    'CREATE TEMP TABLE scratch (id bigint) ON COMMIT DROP;',
    'CREATE TEMP TABLE scratch (id bigint);',
    'BEGIN;\nCREATE TABLE accounts (id bigint);\nALTER TABLE accounts ADD COLUMN billing_email text;\nCOMMIT;',
    'CREATE TABLE IF NOT EXISTS accounts (id bigint);\nDROP TABLE IF EXISTS legacy;\nDROP INDEX CONCURRENTLY IF EXISTS legacy_idx;',
    'ALTER TABLE accounts RENAME COLUMN a TO b;',
    'ALTER TABLE accounts ALTER COLUMN b SET DEFAULT 0;',
    'CREATE TABLE account_totals AS SELECT 1 AS total;',
    'LOCK TABLE accounts;',
  ],
  'prefer-text-field': [
    'CREATE TABLE IF NOT EXISTS people (name varchar(100), nick VARCHAR, bio text);',
    'ALTER TABLE people ADD COLUMN IF NOT EXISTS email character varying(255);',
    'ALTER TABLE people ALTER COLUMN name TYPE varchar(200);',
    'CREATE TABLE IF NOT EXISTS tags (names varchar(20)[], other char varying(3));',
    'CREATE TABLE IF NOT EXISTS qualified (a pg_catalog.varchar(5), b "varchar"(3));',
  ],
  'prefer-timestamptz': [
    'CREATE TABLE IF NOT EXISTS events (at timestamp, b timestamp without time zone, c TIMESTAMP(3), d timestamptz, e timestamp with time zone);',
    'ALTER TABLE events ADD COLUMN IF NOT EXISTS seen_at timestamp;',
    'ALTER TABLE events ALTER COLUMN at TYPE timestamp(6);',
    'CREATE TABLE IF NOT EXISTS times (a time, b date, c timestamp[], d interval);',
  ],
  'require-concurrent-partition-detach': [
    'ALTER TABLE measurements DETACH PARTITION measurements_2023;',
    'ALTER TABLE measurements DETACH PARTITION measurements_2023 CONCURRENTLY;',
    'ALTER TABLE measurements DETACH PARTITION measurements_2023 FINALIZE;',
  ],
  'require-concurrent-reindex': [
    'REINDEX INDEX orders_customer_id_idx;',
    'REINDEX TABLE orders;',
    'REINDEX SCHEMA public;',
    'REINDEX (VERBOSE) TABLE orders;',
    'REINDEX INDEX CONCURRENTLY orders_customer_id_idx;',
    'REINDEX (CONCURRENTLY) TABLE orders;',
    'REINDEX SYSTEM app;',
    'REINDEX (CONCURRENTLY false) TABLE orders;',
  ],
  'require-enum-value-ordering': [
    "ALTER TYPE order_status ADD VALUE 'paused';",
    "ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'paused';",
    "ALTER TYPE order_status ADD VALUE 'paused' AFTER 'active';",
    "ALTER TYPE order_status ADD VALUE 'draft' BEFORE 'active';",
    "ALTER TYPE order_status RENAME VALUE 'paused' TO 'on_hold';",
  ],
  'transaction-nesting': [
    'BEGIN;\nBEGIN;\nSELECT 1;\nCOMMIT;',
    'COMMIT;',
    'BEGIN;\nSELECT 1;\nCOMMIT;',
    'BEGIN;\nSELECT 1;\nROLLBACK;\nROLLBACK;',
  ],
  'require-table-schema': [
    'CREATE TABLE public.invoices (id bigint);',
    'CREATE TABLE IF NOT EXISTS invoices (id bigint);',
    'ALTER TABLE billing.invoices ADD COLUMN IF NOT EXISTS total bigint;',
    'ALTER TABLE invoices ADD COLUMN IF NOT EXISTS total bigint, DROP COLUMN IF EXISTS legacy;',
    'DROP TABLE IF EXISTS invoices;',
    'CREATE TEMP TABLE scratch (id bigint) ON COMMIT DROP;',
    'CREATE TABLE IF NOT EXISTS invoice_totals AS SELECT 1 AS total;',
    'CREATE MATERIALIZED VIEW invoice_totals AS SELECT 1 AS total;',
    'SELECT 1 AS total INTO invoice_totals;',
    'LOCK TABLE invoices IN SHARE MODE;',
  ],
  // Preflight's rules of the same name as squawk's, a few shapes each (squawk-parity.test.ts has one example each).
  'require-concurrent-index-creation': [
    'CREATE INDEX orders_customer_idx ON orders (customer_id);',
    'CREATE UNIQUE INDEX IF NOT EXISTS orders_number_idx ON orders (number);',
    'CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_idx ON orders (customer_id);',
    'CREATE TABLE IF NOT EXISTS fresh (id bigint);\nCREATE INDEX IF NOT EXISTS fresh_id_idx ON fresh (id);',
  ],
  'require-concurrent-index-deletion': [
    'DROP INDEX IF EXISTS orders_customer_idx;',
    'DROP INDEX CONCURRENTLY IF EXISTS orders_customer_idx;',
  ],
  'adding-field-with-default': [
    'ALTER TABLE orders ADD COLUMN IF NOT EXISTS token uuid DEFAULT gen_random_uuid();',
    "ALTER TABLE orders ADD COLUMN IF NOT EXISTS status text DEFAULT 'new';",
    'ALTER TABLE orders ADD COLUMN IF NOT EXISTS total bigint GENERATED ALWAYS AS (1 + 1) STORED;',
  ],
  'adding-not-nullable-field': ['ALTER TABLE orders ALTER COLUMN status SET NOT NULL;'],
  'adding-required-field': [
    'ALTER TABLE orders ADD COLUMN IF NOT EXISTS channel text NOT NULL;',
    "ALTER TABLE orders ADD COLUMN IF NOT EXISTS channel text NOT NULL DEFAULT 'web';",
  ],
  'ban-concurrent-index-creation-in-transaction': [
    'BEGIN;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_idx ON orders (customer_id);\nCOMMIT;',
  ],
  'ban-drop-column': ['ALTER TABLE orders DROP COLUMN IF EXISTS legacy;'],
  'ban-drop-table': ['DROP TABLE IF EXISTS legacy_orders;', 'DROP TABLE IF EXISTS a, b;'],
  'ban-truncate-cascade': ['TRUNCATE orders CASCADE;', 'TRUNCATE orders;'],
  'changing-column-type': ['ALTER TABLE orders ALTER COLUMN note TYPE text;', 'ALTER TABLE orders ALTER COLUMN total TYPE numeric(12, 2);'],
  'disallowed-unique-constraint': [
    'ALTER TABLE orders ADD CONSTRAINT orders_number_key UNIQUE (number);',
    'ALTER TABLE orders ADD CONSTRAINT orders_number_key UNIQUE USING INDEX orders_number_idx;',
    'ALTER TABLE orders ADD COLUMN IF NOT EXISTS number bigint UNIQUE;',
  ],
  'renaming-column': ['ALTER TABLE orders RENAME COLUMN placed TO placed_at;'],
  'renaming-table': ['ALTER TABLE orders RENAME TO purchases;'],
  'adding-foreign-key-constraint': ['ALTER TABLE orders ADD COLUMN IF NOT EXISTS shop_id bigint REFERENCES shops (id);'],
  'constraint-missing-not-valid (squawk also covers foreign keys)': [
    'ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);',
    'ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;',
    'ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total_cents >= 0);',
  ],
};

/** squawk's reported name for prefer-timestamptz. */
const SQUAWK_NAMES: Record<string, string> = { 'prefer-timestamp-tz': 'prefer-timestamptz' };

type Run = 'plain' | 'flyway' | 'pg19' | 'opt-in';

interface Difference {
  /** The case (`<rule>#<index>`), the rule, the 1-based line, and who reports it. */
  file: string;
  rule: string;
  line: number;
  only: 'squawk' | 'preflight';
  /** The runs it happens in (all of them when absent). */
  runs?: Run[];
  why: string;
}

const PK_NOT_VALID =
  'PostgreSQL cannot add a PRIMARY KEY NOT VALID ("PRIMARY KEY constraints cannot be marked NOT VALID"); the fix that works is USING INDEX, which disallowed-unique-constraint and adding-serial-primary-key-field say.';
const PK_UNIQUE =
  "Preflight's disallowed-unique-constraint covers PRIMARY KEY as well as UNIQUE: both build a unique index under ACCESS EXCLUSIVE, and both have the same USING INDEX fix (squawk says it for a primary key only under adding-serial-primary-key-field).";
const DROP_CONCURRENTLY = 'DROP INDEX CONCURRENTLY cannot run inside a transaction block either; squawk checks only CREATE INDEX.';
const NEW_TABLE_PK =
  'A primary key added to a table created earlier in the same migration locks a table nobody uses yet; pg_dump writes every primary key this way.';

const INLINE_PK =
  "An inline PRIMARY KEY of ADD COLUMN builds its unique index under the ALTER TABLE's ACCESS EXCLUSIVE lock, as ADD CONSTRAINT ... PRIMARY KEY does: Preflight reads it as that constraint, and its disallowed-unique-constraint covers PRIMARY KEY too; squawk says it only under adding-serial-primary-key-field.";
const SERIAL_REWRITES =
  "A serial column fills the existing rows from nextval() of its new sequence, one value per row: PostgreSQL rewrites the table (postgres-default-rewrites.test.ts asks it). squawk's adding-field-with-default looks only at a written DEFAULT.";

const UNIQUE_NOT_VALID =
  'PostgreSQL cannot add a UNIQUE constraint NOT VALID; the fix that works is USING INDEX, which disallowed-unique-constraint says.';
const NEW_TABLE_INDEX =
  'The table was created earlier in the same migration: no running code uses it yet, so a plain CREATE INDEX blocks nobody (squawk exempts it only inside a transaction).';

/** Where Preflight deliberately differs from squawk 2.66, each with its reason (the rule's docs page says it too). */
const DELIBERATE: Difference[] = [
  { file: 'disallowed-unique-constraint#0', rule: 'constraint-missing-not-valid', line: 3, only: 'squawk', why: UNIQUE_NOT_VALID },
  {
    file: 'require-concurrent-index-creation#3',
    rule: 'require-concurrent-index-creation',
    line: 4,
    only: 'squawk',
    runs: ['plain', 'pg19', 'opt-in'],
    why: NEW_TABLE_INDEX,
  },
  {
    file: 'require-concurrent-index-deletion#1',
    rule: 'ban-concurrent-index-creation-in-transaction',
    line: 3,
    only: 'preflight',
    runs: ['flyway'],
    why: DROP_CONCURRENTLY,
  },
  { file: 'adding-serial-primary-key-field#0', rule: 'constraint-missing-not-valid', line: 3, only: 'squawk', why: PK_NOT_VALID },
  { file: 'adding-serial-primary-key-field#1', rule: 'constraint-missing-not-valid', line: 3, only: 'squawk', why: PK_NOT_VALID },
  { file: 'adding-serial-primary-key-field#0', rule: 'disallowed-unique-constraint', line: 3, only: 'preflight', why: PK_UNIQUE },
  { file: 'adding-serial-primary-key-field#1', rule: 'disallowed-unique-constraint', line: 3, only: 'preflight', why: PK_UNIQUE },
  { file: 'adding-serial-primary-key-field#2', rule: 'disallowed-unique-constraint', line: 3, only: 'preflight', why: INLINE_PK },
  { file: 'adding-serial-primary-key-field#5', rule: 'adding-serial-primary-key-field', line: 4, only: 'squawk', why: NEW_TABLE_PK },
  {
    file: 'adding-serial-primary-key-field#5',
    rule: 'constraint-missing-not-valid',
    line: 4,
    only: 'squawk',
    runs: ['plain', 'pg19', 'opt-in'],
    why: PK_NOT_VALID,
  },
  {
    file: 'prefer-robust-stmts#6',
    rule: 'ban-concurrent-index-creation-in-transaction',
    line: 3,
    only: 'preflight',
    runs: ['flyway'],
    why: DROP_CONCURRENTLY,
  },
  {
    file: 'prefer-robust-stmts#16',
    rule: 'ban-concurrent-index-creation-in-transaction',
    line: 5,
    only: 'preflight',
    runs: ['flyway'],
    why: DROP_CONCURRENTLY,
  },
  { file: 'prefer-identity#1', rule: 'adding-field-with-default', line: 3, only: 'preflight', why: SERIAL_REWRITES },
  {
    file: 'ban-char-field#4',
    rule: 'ban-char-field',
    line: 3,
    only: 'squawk',
    why: 'The quoted "char" is PostgreSQL\'s one-byte internal type: it is not blank-padded, which is what the rule is about.',
  },
  {
    file: 'prefer-text-field#4',
    rule: 'prefer-timestamptz',
    line: 3,
    only: 'squawk',
    why: 'squawk 2.66 reports prefer-timestamp-tz on a schema-qualified or quoted varchar(n) (twice here); neither is a timestamp.',
  },
  {
    file: 'ban-create-domain-with-constraint#3',
    rule: 'ban-create-domain-with-constraint',
    line: 3,
    only: 'squawk',
    why: "A domain's DEFAULT constrains nothing: no later change of it checks any row.",
  },
  {
    file: 'require-concurrent-reindex#7',
    rule: 'require-concurrent-reindex',
    line: 3,
    only: 'preflight',
    why: '(CONCURRENTLY false) turns the option off: the reindex blocks writes. squawk 2.66 takes the written option for concurrent.',
  },
];

type Finding = { file: string; rule: string; line: number };

/** How each run names its files and tells both tools the same thing. */
const RUNS: Record<Run, { file: (n: number) => string; squawkArgs: string[]; postgres: number; optIn?: string[] }> = {
  plain: {
    file: (n) => `${String(n).padStart(4, '0')}_case.sql`,
    squawkArgs: ['--pg-version', '15', '--no-assume-in-transaction'],
    postgres: 15,
  },
  flyway: { file: (n) => `V${n}__case.sql`, squawkArgs: ['--pg-version', '15', '--assume-in-transaction'], postgres: 15 },
  pg19: {
    file: (n) => `${String(n).padStart(4, '0')}_case.sql`,
    squawkArgs: ['--pg-version', '19', '--no-assume-in-transaction'],
    postgres: 19,
  },
  /** squawk's opt-in rule, turned on in both (squawk --include, Preflight a severity in .preflight.yml). */
  'opt-in': {
    file: (n) => `${String(n).padStart(4, '0')}_case.sql`,
    squawkArgs: ['--pg-version', '15', '--no-assume-in-transaction', '--include=require-table-schema'],
    postgres: 15,
    optIn: ['require-table-schema'],
  },
};

describe('squawk differential: every squawk rule, on the same generated migrations', function () {
  this.timeout(120_000);
  let dir: string;
  const files: Array<{ id: string; path: string; relative: string; run: Run; text: string }> = [];

  before(function () {
    if (!ensureSquawk({ install: process.env.CI === 'true' || process.env.PREFLIGHT_INSTALL_SQUAWK === '1' })) {
      console.log('    (squawk-cli is not installed: run npm run bench once, or set PREFLIGHT_INSTALL_SQUAWK=1)');
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), 'preflight-squawk-diff-'));
    for (const run of Object.keys(RUNS) as Run[]) {
      mkdirSync(join(dir, run, 'db', 'migrations'), { recursive: true });
      let n = 0;
      for (const [rule, sqls] of Object.entries(CASES)) {
        sqls.forEach((sql, index) => {
          const relative = `db/migrations/${RUNS[run].file(++n)}`;
          const path = join(dir, run, relative);
          const text = TIMEOUTS + sql + '\n';
          writeFileSync(path, text);
          files.push({ id: `${rule.split(' ')[0]}#${index}`, path, relative, run, text });
        });
      }
    }
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  function squawkFindings(run: Run): Finding[] {
    const paths = files.filter((f) => f.run === run).map((f) => f.path);
    // squawk walks up from its working directory for a .squawk.toml: run it where there is none.
    const result = spawnSync(SQUAWK_BIN, ['--reporter', 'json', ...RUNS[run].squawkArgs, ...paths], { encoding: 'utf8', cwd: dir });
    const byPath = new Map(files.map((f) => [f.path, f.id]));
    assert.ok(result.stdout.startsWith('['), `squawk printed no report: ${result.stderr}`);
    return (JSON.parse(result.stdout) as Array<{ file: string; rule_name: string; line: number }>).map((v) => ({
      file: byPath.get(v.file) ?? v.file,
      rule: SQUAWK_NAMES[v.rule_name] ?? v.rule_name,
      line: v.line + 1,
    }));
  }

  async function preflightFindings(run: Run): Promise<Finding[]> {
    const config = defaultConfig();
    config.postgres.version = RUNS[run].postgres;
    for (const rule of RUNS[run].optIn ?? []) config.migrations.rules[rule] = 'warning';
    const found: Finding[] = [];
    for (const file of files.filter((f) => f.run === run)) {
      const findings = await analyzeFile({ path: file.relative, text: file.text }, builtinAnalyzers(), { config, root: join(dir, run) });
      for (const f of findings) {
        const rule = f.ruleId.replace(/^migration\//, '');
        if (SQUAWK_RULES.has(rule)) found.push({ file: file.id, rule, line: f.line });
      }
    }
    return found;
  }

  it('has cases for every squawk rule', () => {
    const covered = new Set(Object.keys(CASES).map((k) => k.split(' ')[0]));
    const uncovered = [...SQUAWK_RULES].filter((rule) => !covered.has(rule) && !TIMEOUT_RULES.includes(rule));
    assert.deepEqual(uncovered, []);
  });

  it('agrees with squawk on every finding but the documented differences', async () => {
    let agreed = 0;
    let total = 0;
    let squawkTotal = 0;
    const unexpected: string[] = [];
    const key = (f: Finding) => `${f.file} ${f.rule} ${f.line}`;
    for (const run of Object.keys(RUNS) as Run[]) {
      const theirs = new Set(squawkFindings(run).map(key));
      const ours = new Set((await preflightFindings(run)).map(key));
      assert.ok(theirs.size > 50, `squawk found only ${theirs.size} problems in the ${run} run`);
      squawkTotal += theirs.size;
      for (const k of new Set([...theirs, ...ours])) {
        total++;
        if (theirs.has(k) && ours.has(k)) {
          agreed++;
          continue;
        }
        const [file, rule, line] = k.split(' ');
        const only = theirs.has(k) ? 'squawk' : 'preflight';
        const documented = DELIBERATE.some(
          (d) => d.file === file && d.rule === rule && d.line === Number(line) && d.only === only && (d.runs ?? [run]).includes(run),
        );
        if (!documented) unexpected.push(`${run}: ${k} (only ${only})`);
      }
    }
    const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;
    console.log(
      `    squawk agreement: ${agreed} of ${total} findings of either tool (${percent(agreed, total)}); Preflight reports ${agreed} of squawk's ${squawkTotal} (${percent(agreed, squawkTotal)}); every other difference is one of the ${DELIBERATE.length} documented`,
    );
    assert.deepEqual(unexpected, []);
  });

  it('lists no difference that no longer happens', async () => {
    const stale: string[] = [];
    for (const run of Object.keys(RUNS) as Run[]) {
      const theirs = squawkFindings(run);
      const ours = await preflightFindings(run);
      for (const d of DELIBERATE.filter((d) => (d.runs ?? [run]).includes(run))) {
        const reporter = d.only === 'squawk' ? theirs : ours;
        const other = d.only === 'squawk' ? ours : theirs;
        const at = (f: Finding) => f.file === d.file && f.rule === d.rule && f.line === d.line;
        if (!reporter.some(at) || other.some(at)) stale.push(`${run}: ${d.file} ${d.rule} ${d.line}`);
      }
    }
    assert.deepEqual(stale, []);
  });
});

/** Set at the top of every file (see above): their own tests judge where they are needed. */
const TIMEOUT_RULES = ['require-lock-timeout', 'require-statement-timeout'];

/** Every rule squawk 2.66 has, by the name Preflight reads it under. */
const SQUAWK_RULES: ReadonlySet<string> = new Set([
  'adding-field-with-default',
  'adding-foreign-key-constraint',
  'adding-not-nullable-field',
  'adding-required-field',
  'ban-concurrent-index-creation-in-transaction',
  'ban-drop-column',
  'ban-drop-table',
  'ban-truncate-cascade',
  'changing-column-type',
  'constraint-missing-not-valid',
  'disallowed-unique-constraint',
  'renaming-column',
  'renaming-table',
  'require-concurrent-index-creation',
  'require-concurrent-index-deletion',
  'require-lock-timeout',
  'require-statement-timeout',
  'adding-serial-primary-key-field',
  'ban-alter-domain-with-add-constraint',
  'ban-char-field',
  'ban-create-domain-with-constraint',
  'ban-drop-database',
  'ban-drop-not-null',
  'ban-duplicate-column-assignments',
  'ban-uncommitted-transaction',
  'identifier-too-long',
  'prefer-bigint-over-int',
  'prefer-bigint-over-smallint',
  'prefer-identity',
  'prefer-repack',
  'prefer-robust-stmts',
  'prefer-text-field',
  'prefer-timestamptz',
  'require-concurrent-partition-detach',
  'require-concurrent-reindex',
  'require-enum-value-ordering',
  'require-table-schema',
  'transaction-nesting',
]);
