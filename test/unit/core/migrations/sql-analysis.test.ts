import assert from 'node:assert/strict';
import { defaultConfig } from '../../../../src/core/config/types';
import { analyzeFile } from '../../../../src/core/engine/analyze-file';
import { builtinAnalyzers } from '../../../../src/core/engine/registry';
import { TempRepo } from '../../../helpers/temp-repo';
import { migrationFormatOf } from '../../../../src/core/migrations/formats';
import { analyze, hitsOf, TIMEOUTS } from './helpers';

const IN_TX = 'ban-concurrent-index-creation-in-transaction';

describe('SQL migrations: runners and transactions', () => {
  it('Flyway runs each script in a transaction unless executeInTransaction=false', async () => {
    const sql = TIMEOUTS + 'CREATE INDEX CONCURRENTLY i ON orders (a);';
    assert.deepEqual(await hitsOf(IN_TX, sql, 'db/migration/V3__index.sql'), [3]);
    assert.deepEqual(await hitsOf(IN_TX, '-- flyway:executeInTransaction=false\n' + sql, 'db/migration/V3__index.sql'), []);
    const [finding] = (await analyze(sql, 'db/migration/V3__index.sql')).filter((f) => f.ruleId === `migration/${IN_TX}`);
    assert.match(finding.message, /^Flyway runs this migration in a transaction/);
  });

  it('goose wraps migrations unless -- +goose NO TRANSACTION', async () => {
    const body = '-- +goose Up\nCREATE INDEX CONCURRENTLY i ON orders (a);\n';
    assert.deepEqual(await hitsOf(IN_TX, body, 'migrations/20260101_index.sql'), [2]);
    assert.deepEqual(await hitsOf(IN_TX, '-- +goose NO TRANSACTION\n' + body, 'migrations/20260101_index.sql'), []);
  });

  it('golang-migrate and Prisma run a multi-statement file as one implicit transaction', async () => {
    const alone = 'CREATE INDEX CONCURRENTLY i ON orders (a);';
    assert.deepEqual(await hitsOf(IN_TX, alone, 'migrations/000002_index.up.sql'), []);
    assert.deepEqual(await hitsOf(IN_TX, TIMEOUTS + alone, 'migrations/000002_index.up.sql'), [3]);
    assert.deepEqual(await hitsOf(IN_TX, TIMEOUTS + alone, 'prisma/migrations/20260101_index/migration.sql'), [3]);
  });

  it('Diesel runs each up.sql in a transaction unless metadata.toml says run_in_transaction = false', async () => {
    const sql = TIMEOUTS + 'CREATE INDEX CONCURRENTLY i ON orders (a);';
    const path = 'migrations/2026-01-02-030405_add_index/up.sql';
    assert.deepEqual(await hitsOf(IN_TX, sql, path), [3]);
    const repo = new TempRepo('preflight-diesel-', { git: false }).write(
      path.replace('up.sql', 'metadata.toml'),
      'run_in_transaction = false\n',
    );
    try {
      const findings = await analyzeFile({ path, text: sql }, builtinAnalyzers(), { config: defaultConfig(), root: repo.dir });
      assert.deepEqual(
        findings.filter((f) => f.ruleId === `migration/${IN_TX}`),
        [],
      );
    } finally {
      repo.remove();
    }
  });

  it('Hasura runs each up.sql in a transaction, with no switch to turn it off, and says so in the finding', async () => {
    const sql = TIMEOUTS + 'CREATE INDEX CONCURRENTLY i ON orders (a);';
    const findings = await analyze(sql, 'hasura/migrations/default/1654696186008_add_index/up.sql');
    assert.deepEqual(
      findings.filter((f) => f.ruleId === `migration/${IN_TX}`).map((f) => [f.line, f.message]),
      [
        [
          3,
          "Hasura runs this migration in a transaction, where CONCURRENTLY fails; run the statement outside Hasura's migrations (Hasura has no per-migration switch for its transaction).",
        ],
      ],
    );
    assert.deepEqual(
      await hitsOf('prefer-robust-stmts', TIMEOUTS + 'CREATE TABLE t (id bigint);', 'migrations/1654696186008_t/up.sql'),
      [],
    );
  });

  it('plain SQL files are in a transaction only between BEGIN and COMMIT', async () => {
    const sql =
      'CREATE INDEX CONCURRENTLY a ON orders (a);\nBEGIN;\nCREATE INDEX CONCURRENTLY b ON orders (b);\nCOMMIT;\nDROP INDEX CONCURRENTLY c;';
    assert.deepEqual(await hitsOf(IN_TX, sql, 'db/migrations/2026_index.sql'), [3]);
  });
});

describe('SQL migrations: analysis', () => {
  it('reports a parse error as a warning at the error, and still checks the statements around it', async () => {
    const sql = [
      TIMEOUTS.trimEnd(),
      'DROP INDEX orders_a;',
      'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;',
      'ALTER TABLE orders ADD COLUMN;',
      "SELECT 'a;b' AS semicolon_in_a_string;",
      'ALTER TABLE orders DROP COLUMN legacy;',
    ].join('\n');
    const findings = await analyze(sql);
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.severity, f.line, f.column]),
      [
        ['migration/require-concurrent-index-deletion', 'warning', 3, 1],
        ['migration/parse-error', 'warning', 5, 30],
        ['migration/ban-drop-column', 'warning', 7, 1],
      ],
    );
    assert.equal(
      findings[1].message,
      `Preflight's PostgreSQL parser cannot read this statement (syntax error at or near ";"); the runner may accept it, so the rest of the migration is still checked.`,
    );
  });

  it('reports each statement it cannot parse, once', async () => {
    const findings = await analyze('ALTER TABLE orders ADD COLUMN;\nSELECT 1;\nCREATE TABLEX t ();\n');
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.line]),
      [
        ['migration/parse-error', 1],
        ['migration/parse-error', 3],
      ],
    );
  });

  it("honours diesel-guard's safety-assured blocks for the statements inside them, but not an unclosed one", async () => {
    const sql = [
      '-- Safety-Assured:Start',
      '-- The previous release stopped reading `checksum`.',
      'ALTER TABLE versions DROP COLUMN checksum;',
      '-- safety-assured:end',
      'ALTER TABLE versions DROP COLUMN legacy;',
      '-- safety-assured:start',
      'DROP TABLE old_versions;',
    ].join('\n');
    assert.deepEqual(
      (await analyze(sql)).map((f) => [f.ruleId, f.line]),
      [
        ['migration/require-lock-timeout', 3],
        ['migration/require-statement-timeout', 3],
        ['migration/ban-drop-column', 5],
        ['migration/ban-drop-table', 7],
      ],
    );
  });

  it('places a syntax error after Chinese and emoji comments at its own line, once (the cursor counts characters, not bytes)', async () => {
    const sql =
      "-- 重建 users 为完整认证用户表 🚀\nSET lock_timeout = '1s'; SET statement_timeout = '1min';\nDROP TABLE IF EXISTS users;\nCREATE TABLE users (\n  id integer PRIMARY KEY, total numeric CHECK total > 0\n);\n";
    const errors = (await analyze(sql)).filter((f) => f.ruleId === 'migration/parse-error');
    assert.deepEqual(
      errors.map((f) => [f.line, f.column, f.message]),
      [
        [
          5,
          47,
          'Preflight\'s PostgreSQL parser cannot read this statement (syntax error at or near "total"); the runner may accept it, so the rest of the migration is still checked.',
        ],
      ],
    );
  });

  it('places findings at the statement, after leading comments, with non-ASCII text before it', async () => {
    const sql =
      "-- café: ünïcode comment\nSET lock_timeout = '1s'; SET statement_timeout = '1min';\n/* block */\n  ALTER TABLE orders\n    DROP COLUMN legacy;\n";
    const [finding] = (await analyze(sql)).filter((f) => f.ruleId === 'migration/ban-drop-column');
    assert.deepEqual([finding.line, finding.column, finding.endLine, finding.endColumn], [4, 3, 5, 23]);
  });

  it('gives help, a docs link and a quick fix where one is mechanical', async () => {
    const findings = await analyze('ALTER TABLE orders ADD CONSTRAINT c CHECK (total > 0);\nCREATE INDEX i ON orders (a);\n');
    const check = findings.find((f) => f.ruleId === 'migration/constraint-missing-not-valid')!;
    assert.match(check.help ?? '', /NOT VALID/);
    assert.match(check.docsUrl ?? '', /docs\/rules\/migration\/constraint-missing-not-valid\.md$/);
    assert.deepEqual(check.fix?.edits[0], {
      file: 'db/migrations/V2__change.sql',
      range: { start: { line: 1, column: 54 }, end: { line: 1, column: 54 } },
      newText: ' NOT VALID',
    });
    const index = findings.find((f) => f.ruleId === 'migration/require-concurrent-index-creation')!;
    assert.deepEqual(index.fix?.edits[0].range.start, { line: 2, column: 13 });
    assert.equal(index.fix?.edits[0].newText, ' CONCURRENTLY');
    const lock = findings.find((f) => f.ruleId === 'migration/require-lock-timeout')!;
    assert.equal(lock.fix?.edits[0].newText, "SET lock_timeout = '5s';\n");
  });

  it('honours preflight-ignore and squawk-ignore, and reports an unknown rule in an ignore', async () => {
    const sql =
      TIMEOUTS +
      '-- preflight-ignore migration/ban-drop-column -- unused since v2\nALTER TABLE orders DROP COLUMN legacy;\n-- squawk-ignore renaming-column\nALTER TABLE orders RENAME COLUMN a TO b;\n-- preflight-ignore migration/ban-drop-tabel -- typo\nDROP TABLE old;\n';
    const findings = await analyze(sql);
    assert.deepEqual(findings.map((f) => [f.ruleId, f.line]).sort(), [
      ['migration/ban-drop-table', 8],
      ['preflight/unknown-rule-in-ignore', 7],
    ]);
  });

  it('finds migrations by the conventions of each tool, and by configured paths', () => {
    const config = defaultConfig();
    const sql = [
      'db/migrations/001_init.sql',
      'src/main/resources/db/migration/V1__init.sql',
      'migrations/000001_init.up.sql',
      'prisma/migrations/20260101_init/migration.sql',
      'db/migrate/20260101_x.sql',
    ];
    for (const path of sql) assert.equal(migrationFormatOf(path, config), 'sql', path);
    for (const path of ['migrations/000001_init.down.sql', 'db/structure.sql', 'src/queries/report.sql', 'db/migration/U1__undo.sql'])
      assert.equal(migrationFormatOf(path, config), undefined, path);
    config.migrations.paths = { sql: ['schema/changes/*.sql'] };
    const custom = { ...config };
    assert.equal(migrationFormatOf('schema/changes/1.sql', custom), 'sql');
    assert.equal(migrationFormatOf('db/migrations/001_init.sql', custom), undefined);
  });
});
