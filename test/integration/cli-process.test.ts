import assert from 'node:assert/strict';
import { runBuiltCli } from '../helpers/built-cli';
import { join } from 'node:path';
import { TempRepo } from '../helpers/temp-repo';

const preflight = runBuiltCli;

describe('the built CLI (dist/cli.js) as a process', () => {
  let repo: TempRepo;
  beforeEach(() => (repo = new TempRepo()));
  afterEach(() => repo.remove());

  it('exits 2 with the file, line and reason for a broken .preflight.yml', () => {
    repo.write('.preflight.yml', 'version: 1\nrules:\n  - id: no-todo\n    mesage: x\n    regex: TODO\n');
    const { code, stdout, stderr } = preflight(repo.dir, 'scan', '--format', 'json');
    assert.equal(code, 2, stderr);
    const report = JSON.parse(stdout);
    assert.equal(report.version, 1);
    const messages = report.findings.map((f: { file: string; line: number; message: string }) => `${f.file}:${f.line} ${f.message}`);
    assert.ok(messages.includes(".preflight.yml:4 Unknown key 'mesage' in 'rules[0]' (did you mean 'message'?)."), messages.join('\n'));
    assert.match(stderr, /configuration has \d+ problem/);
  });

  it('finds the repository root from a subfolder', () => {
    repo.write('.preflight.yml', 'version: 2\n').write('app/src/index.ts', 'export {};\n');
    const { code, stdout } = preflight(join(repo.dir, 'app', 'src'), 'scan', '--format', 'json');
    assert.equal(code, 2);
    assert.equal(JSON.parse(stdout).findings[0].message, "'version' must be 1; it is 2.");
  });

  it('works outside a git repository', () => {
    const plain = new TempRepo('preflight-plain-', { git: false });
    try {
      plain.write('a.sql', 'SELECT 1;\n');
      const { code, stdout } = preflight(plain.dir, 'scan', '--format', 'json');
      assert.equal(code, 0);
      assert.deepEqual(JSON.parse(stdout).findings, []);
    } finally {
      plain.remove();
    }
  });

  it('analyses SQL and Rails migrations with the bundled WebAssembly parsers', () => {
    repo
      .write(
        'db/migrate/20260101000000_add_index.rb',
        'class AddIndex < ActiveRecord::Migration[7.1]\n  def change\n    add_index :orders, :customer_id\n  end\nend\n',
      )
      .write(
        'migrations/V2__status.sql',
        "SET lock_timeout = '5s';\nSET statement_timeout = '1min';\nALTER TABLE orders ALTER COLUMN status SET NOT NULL;\n",
      )
      .write('migrations/V3__broken.sql', 'ALTER TABLE orders ADD COLUMN;\n');
    const { code, stdout, stderr } = preflight(repo.dir, 'scan', '--format', 'json');
    assert.equal(code, 1, stderr);
    const found = JSON.parse(stdout)
      .findings.map((f: { file: string; line: number; ruleId: string }) => `${f.file}:${f.line} ${f.ruleId}`)
      .sort();
    assert.deepEqual(found, [
      'db/migrate/20260101000000_add_index.rb:3 migration/require-concurrent-index-creation',
      'db/migrate/20260101000000_add_index.rb:3 migration/require-lock-timeout',
      'db/migrate/20260101000000_add_index.rb:3 migration/require-statement-timeout',
      'migrations/V2__status.sql:3 migration/adding-not-nullable-field',
      'migrations/V3__broken.sql:1 migration/parse-error',
    ]);
  });

  it('rules test: passes on the shipped example pack (at least 10 rules)', () => {
    const { code, stdout } = preflight(join(__dirname, '..', '..'), 'rules', 'test', '--config', 'examples/rules/preflight.yml');
    assert.equal(code, 0, stdout);
    const summary = /(\d+) passed, 0 failed \((\d+) examples in (\d+) rules\)/.exec(stdout);
    assert.ok(summary && Number(summary[3]) >= 10, stdout);
  });

  it('rules test: fails, showing the example, when a rule misses an invalid example', () => {
    repo.write(
      '.preflight.yml',
      "rules:\n  - id: no-todo\n    message: m\n    regex: 'TODO'\n    tests:\n      valid: ['done']\n      invalid: ['todo lowercase']\n",
    );
    const { code, stdout } = preflight(repo.dir, 'rules', 'test');
    assert.equal(code, 1);
    assert.match(stdout, /✖ team\/no-todo invalid\[0\]: not reported\n {6}todo lowercase/);
    assert.match(stdout, /1 passed, 1 failed/);
  });

  it('prints its version and help', () => {
    assert.match(preflight(repo.dir, '--version').stdout, /^\d+\.\d+\.\d+/);
    assert.match(preflight(repo.dir, 'scan', '--help').stdout, /preflight scan \[paths\.\.\.\]/);
  });
});
