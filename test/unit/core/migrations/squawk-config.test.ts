import assert from 'node:assert/strict';
import { defaultConfig, type PreflightConfig } from '../../../../src/core/config/types';
import { parseConfig } from '../../../../src/core/engine/registry';
import { analyzeFile } from '../../../../src/core/engine/analyze-file';
import { builtinAnalyzers } from '../../../../src/core/engine/registry';
import { forgetProjectCaches } from '../../../../src/core/migrations/project/freshness';
import { TempRepo } from '../../../helpers/temp-repo';

const SQL_PATH = 'db/migrations/schema_change.sql';

/** A squawk team's .squawk.toml, read where .preflight.yml says nothing of the same thing. */
describe('.squawk.toml', () => {
  let repo: TempRepo;
  beforeEach(() => (repo = new TempRepo('preflight-squawk-', { git: false })));
  afterEach(() => repo.remove());

  async function findings(path: string, text: string, config: PreflightConfig = defaultConfig()) {
    forgetProjectCaches(); // the test rewrites project files and reads them again at once
    return analyzeFile({ path, text }, builtinAnalyzers(), { config, root: repo.dir });
  }
  const ROBUST = 'migration/prefer-robust-stmts';
  // prefer-robust-stmts (a plain SQL file runs outside a transaction, so it asks for IF [NOT] EXISTS) is beside the point here.
  const ids = async (path: string, text: string, config?: PreflightConfig) =>
    (await findings(path, text, config)).filter((f) => f.ruleId !== ROBUST).map((f) => `${f.ruleId.replace('migration/', '')}:${f.line}`);

  const TIMEOUTS = "SET lock_timeout = '5s';\nSET statement_timeout = '15min';\n";

  it('turns off the excluded_rules, the umbrella require-timeout-settings included', async () => {
    repo.write('.squawk.toml', 'excluded_rules = ["ban-drop-column", "require-timeout-settings"]\n');
    assert.deepEqual(await ids(SQL_PATH, 'ALTER TABLE orders DROP COLUMN legacy;\nALTER TABLE orders RENAME COLUMN a TO b;'), [
      'renaming-column:2',
    ]);
  });

  it('leaves a rule .preflight.yml configures to .preflight.yml', async () => {
    repo.write('.squawk.toml', 'excluded_rules = ["ban-drop-column"]\n');
    const config = parseConfig('migrations:\n  rules:\n    ban-drop-column: error\n', '.preflight.yml').config;
    const found = await findings(SQL_PATH, TIMEOUTS + 'ALTER TABLE orders DROP COLUMN legacy;', config);
    assert.deepEqual(
      found.filter((f) => f.ruleId !== ROBUST).map((f) => [f.ruleId, f.severity]),
      [['migration/ban-drop-column', 'error']],
    );
  });

  it('uses pg_version when .preflight.yml sets no postgres.version, and says where the version came from', async () => {
    repo.write('.squawk.toml', 'pg_version = "10.4"\n');
    const sql = TIMEOUTS + "ALTER TABLE orders ADD COLUMN channel text DEFAULT 'web';";
    const [finding] = (await findings(SQL_PATH, sql)).filter((f) => f.ruleId === 'migration/adding-field-with-default');
    assert.equal(
      finding?.message,
      "On PostgreSQL 10 (pg_version in .squawk.toml), adding 'channel' with a default rewrites every row of 'orders' (PostgreSQL 11+ does not).",
    );
    const own = parseConfig('postgres:\n  version: 15\n', '.preflight.yml').config;
    assert.deepEqual(await ids(SQL_PATH, sql, own), []);
  });

  it('assume_in_transaction makes a plain SQL file run in a transaction, and says so', async () => {
    repo.write('.squawk.toml', 'assume_in_transaction = true\n');
    const [finding] = (await findings(SQL_PATH, 'CREATE INDEX CONCURRENTLY i ON orders (a);')).filter(
      (f) => f.ruleId === 'migration/ban-concurrent-index-creation-in-transaction',
    );
    assert.equal(
      finding?.message,
      'Your runner (assume_in_transaction = true in .squawk.toml) runs this migration in a transaction, where CONCURRENTLY fails; run it in a migration your runner does not wrap in a transaction, or after a COMMIT.',
    );
    // squawk's own workaround: COMMIT first (transaction-nesting and ban-uncommitted-transaction still say what squawk says of it).
    assert.deepEqual(await ids(SQL_PATH, 'COMMIT;\nCREATE INDEX CONCURRENTLY i ON orders (a);\nBEGIN;'), [
      'transaction-nesting:1',
      'ban-uncommitted-transaction:3',
      'transaction-nesting:3',
    ]);
  });

  it('skips the excluded_paths, by path or by file name', async () => {
    repo.write('.squawk.toml', 'excluded_paths = ["legacy/**", "*_backfill.sql"]\n');
    assert.deepEqual(await ids('legacy/migrations/001.sql', 'ALTER TABLE orders DROP COLUMN a;'), []);
    assert.deepEqual(await ids('db/migrations/002_backfill.sql', 'ALTER TABLE orders DROP COLUMN a;'), []);
    assert.deepEqual(await ids(SQL_PATH, TIMEOUTS + 'ALTER TABLE orders DROP COLUMN a;'), ['ban-drop-column:3']);
  });

  it('reports its problems on .squawk.toml itself, at their position, and applies the rest', async () => {
    const toml = [
      'excluded_rules = ["ban-drop-colum", "renaming-column", 3]',
      'pg_version = 11',
      'assume_in_transaction = "yes"',
      'exclude_paths = ["x"]',
      '',
    ].join('\n');
    repo.write('.squawk.toml', toml);
    const problems = await findings('.squawk.toml', toml);
    assert.deepEqual(
      problems.map((f) => [f.ruleId, f.line, f.column, f.endColumn, f.message, f.help]),
      [
        [
          'migration/squawk-config',
          1,
          19,
          35,
          "'ban-drop-colum' is not a rule Preflight has, so excluding it changes nothing here.",
          "Did you mean 'ban-drop-column'?",
        ],
        ['migration/squawk-config', 1, 56, 57, 'excluded_rules must list strings; Preflight ignores this entry.', undefined],
        [
          'migration/squawk-config',
          2,
          14,
          16,
          'pg_version must be a version string such as "15" or "11.2"; Preflight ignores it.',
          undefined,
        ],
        ['migration/squawk-config', 3, 25, 30, 'assume_in_transaction must be true or false; Preflight ignores it.', undefined],
        ['migration/squawk-config', 4, 1, 14, "'exclude_paths' is not a .squawk.toml setting.", "Did you mean 'excluded_paths'?"],
      ],
    );
    // The valid entry still applies.
    assert.deepEqual(await ids(SQL_PATH, TIMEOUTS + 'ALTER TABLE orders RENAME COLUMN a TO b;'), []);
  });

  it('reports a TOML syntax error at its line, and then ignores the file', async () => {
    const toml = 'excluded_rules = ["ban-drop-column"\n';
    repo.write('.squawk.toml', toml);
    const problems = await findings('.squawk.toml', toml);
    assert.deepEqual(
      problems.map((f) => [f.ruleId, f.line]),
      [['migration/squawk-config', 2]],
    );
    assert.match(problems[0].message, /^TOML syntax error: .+; Preflight ignores \.squawk\.toml\.$/);
    assert.deepEqual(await ids(SQL_PATH, TIMEOUTS + 'ALTER TABLE orders DROP COLUMN a;'), ['ban-drop-column:3']);
  });

  it('honours squawk-ignore-file, for every rule or for the rules it names', async () => {
    const sql = 'ALTER TABLE orders DROP COLUMN a;\nALTER TABLE orders RENAME COLUMN b TO c;';
    assert.deepEqual(await ids(SQL_PATH, `-- squawk-ignore-file\n${TIMEOUTS}${sql}`), []);
    assert.deepEqual(await ids(SQL_PATH, `-- squawk-ignore-file ban-drop-column\n${TIMEOUTS}${sql}`), ['renaming-column:5']);
  });
});
