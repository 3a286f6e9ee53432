import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { applicableAnalyzers } from '../../src/core/engine/analyze-file';
import { builtinAnalyzers, loadConfig } from '../../src/core/engine/registry';
import { analyseListedFile } from '../../src/core/engine/scan-file';
import { analyseOnThreads } from '../../src/core/engine/scan-threads';
import { listRepositoryFiles } from '../../src/core/git/repository-files';
import { BUILT_CLI } from '../helpers/built-cli';
import { TempRepo } from '../helpers/temp-repo';

const DEEP = 3000;

/**
 * A repository of every kind a scan reads: SQL of several runners (one that does not parse, one
 * nested too deeply for the parser's stack, one with ignore comments), Rails, Django and Knex
 * migrations, team rules (regex, pattern, forbid-import) on TypeScript and Python, a binary
 * file and a broken .squawk.toml setting; the SQL repeated so that every thread gets files.
 */
function multiFormatRepository(copies: number): TempRepo {
  const repo = new TempRepo('preflight-threads-');
  repo.write(
    '.preflight.yml',
    [
      'rules:',
      '  - id: no-console',
      '    message: No console.log in shipped code.',
      '    language: typescript',
      '    files: "src/**/*.ts"',
      '    pattern: console.log($X)',
      '  - id: no-todo',
      '    message: A TODO needs an issue number.',
      '    regex: "\\\\bTODO\\\\b"',
      '    files: "src/**"',
      '  - id: no-requests',
      '    message: Use the shared HTTP client.',
      '    forbid-import: requests',
      '    files: "**/*.py"',
      '',
    ].join('\n'),
  );
  repo.write('.squawk.toml', 'excluded_rules = ["prefer-robust-stmts"]\npg_version = "eleven"\n');
  repo.write('src/service.ts', 'export function run(): void {\n  console.log("started"); // TODO tidy\n}\n');
  repo.write('src/client.py', 'import requests\n\nrequests.get("https://example.com")  # TODO(#12)\n');
  repo.write('src/generated.ts', Buffer.from('export const data = "\0\0";\n'));
  repo.write(
    'db/migrate/20240101000000_add_status.rb',
    'class AddStatus < ActiveRecord::Migration[7.1]\n  def change\n    add_column :orders, :status, :string, null: false, default: "new"\n    add_index :orders, :status\n    execute "ALTER TABLE orders ALTER COLUMN total TYPE bigint"\n  end\nend\n',
  );
  repo.write(
    'shop/migrations/0002_order_note.py',
    'from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    dependencies = [("shop", "0001_initial")]\n    operations = [\n        migrations.AddField("order", "note", models.TextField(db_index=True, null=True)),\n        migrations.RunSQL("CREATE INDEX order_placed ON shop_order (placed_at)"),\n    ]\n',
  );
  repo.write(
    'migrations/20240102_add_total.js',
    "exports.up = async (knex) => {\n  await knex.schema.alterTable('orders', (t) => t.integer('total').notNullable());\n  await knex.raw('CREATE INDEX orders_total ON orders (total)');\n};\nexports.down = async () => {};\n",
  );
  repo.write('db/migration/V9000__broken.sql', 'ALTER TABLE orders ADD COLUMN;\nCREATE INDEX broken_next ON orders (id);\n');
  repo.write('db/migration/V9001__deep.sql', `SELECT ${'(SELECT '.repeat(DEEP)}1${')'.repeat(DEEP)};\n`);
  repo.write(
    'db/migration/V9002__ignored.sql',
    '-- preflight-ignore migration/require-concurrent-index-creation -- the table is empty\nCREATE INDEX quiet ON orders (id);\n-- squawk-ignore ban-drop-column\nALTER TABLE orders DROP COLUMN legacy;\n-- preflight-ignore migration/no-such-rule -- typo\nALTER TABLE orders RENAME COLUMN a TO b;\n',
  );
  for (let i = 1; i <= copies; i++) {
    const table = ['orders', 'customers', 'invoices'][i % 3];
    const statements = [
      i % 2 ? "SET lock_timeout = '5s';" : '',
      `CREATE INDEX${i % 4 ? '' : ' CONCURRENTLY'} idx_${table}_${i} ON ${table} (customer_id);`,
      `ALTER TABLE ${table} ADD COLUMN c${i} integer NOT NULL DEFAULT ${i};`,
      `ALTER TABLE ${table} ADD CONSTRAINT fk_${i} FOREIGN KEY (customer_id) REFERENCES customers (id);`,
      i % 5 ? '' : `ALTER TABLE ${table} RENAME TO ${table}_old;`,
    ].filter(Boolean);
    const path = i % 3 ? `db/migration/V${i}__change_${table}.sql` : `migrations/${String(i).padStart(6, '0')}_change.up.sql`;
    repo.write(path, `${statements.join('\n')}\n`);
  }
  return repo;
}

function runCli(cli: string, cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [cli, 'scan', '--format', 'json', ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
}

describe('a scan spread over worker threads', function () {
  this.timeout(120_000);
  let repo: TempRepo;
  before(() => (repo = multiFormatRepository(300)));
  after(() => repo.remove());

  it('gives, for every file a worker analyses, exactly what this thread gives it', async () => {
    const analyzers = builtinAnalyzers();
    const { config } = await loadConfig(repo.dir);
    const context = { config, root: repo.dir };
    const files = (await listRepositoryFiles(repo.dir)).filter((file) => applicableAnalyzers(file, analyzers, context).length > 0);
    const here = [];
    for (const file of files) here.push(await analyseListedFile(repo.dir, file, analyzers, context));
    // here: false, so the two workers analyse every file, the deeply nested one included.
    const threaded = await analyseOnThreads(files, analyzers, context, { threads: 2, here: false });
    assert.deepEqual(threaded.workerProblems, []);
    assert.deepEqual(threaded.outcomes, here);
    const deep = here[files.indexOf('db/migration/V9001__deep.sql')];
    assert.ok('findings' in deep);
    assert.deepEqual(
      deep.findings.map((f) => [f.ruleId, f.line, f.column, f.message]),
      [
        [
          'migration/parse-error',
          1,
          1,
          "Preflight's PostgreSQL parser cannot read this statement (it nests too deeply for the PostgreSQL parser (stack overflow)); the runner may accept it, so the rest of the migration is still checked.",
        ],
      ],
    );
    assert.deepEqual(here[files.indexOf('src/generated.ts')], { skipped: 'binary' });
  });

  it('writes the same JSON, byte for byte, with -j 1, -j 2, -j 3 and the default', () => {
    const one = runCli(BUILT_CLI, repo.dir, '-j', '1');
    assert.equal(one.stderr, '');
    assert.equal(one.status, 1);
    const findings = (JSON.parse(one.stdout) as { findings: Array<{ file: string; ruleId: string }> }).findings;
    const files = new Set(findings.map((f) => f.file));
    for (const file of [
      '.squawk.toml',
      'db/migrate/20240101000000_add_status.rb',
      'shop/migrations/0002_order_note.py',
      'migrations/20240102_add_total.js',
      'src/service.ts',
      'src/client.py',
      'db/migration/V9000__broken.sql',
      'db/migration/V9001__deep.sql',
      'db/migration/V9002__ignored.sql',
    ])
      assert.ok(files.has(file), `${file} has findings`);
    assert.ok(findings.some((f) => f.ruleId === 'team/no-console'));
    assert.ok(findings.some((f) => f.ruleId === 'preflight/unknown-rule-in-ignore'));
    for (const args of [['-j', '2'], ['--jobs', '3'], ['--jobs=auto'], []]) {
      const other = runCli(BUILT_CLI, repo.dir, ...args);
      assert.equal(other.status, one.status, args.join(' '));
      assert.equal(other.stderr, one.stderr, args.join(' '));
      assert.ok(other.stdout === one.stdout, `${args.join(' ') || 'the default'} writes the same bytes as -j 1`);
    }
  });

  it('analyses on the main thread what a crashed worker had taken, with the same findings, and says so on stderr', () => {
    const dist = mkdtempSync(join(tmpdir(), 'preflight-crashing-worker-'));
    try {
      cpSync(dirname(BUILT_CLI), dist, { recursive: true });
      // A worker that takes files from the shared counter, as the real one does, and dies before reporting any.
      writeFileSync(
        join(dist, 'scan-worker.js'),
        "const { workerData } = require('node:worker_threads');\nconst next = new Int32Array(workerData.next);\nfor (let i = 0; i < 50; i++) Atomics.add(next, 0, 1);\nthrow new Error('the worker broke');\n",
      );
      const one = runCli(BUILT_CLI, repo.dir, '-j', '1');
      const crashed = runCli(join(dist, 'cli.js'), repo.dir, '-j', '2');
      assert.equal(crashed.status, one.status);
      assert.ok(crashed.stdout === one.stdout, 'the same bytes as -j 1');
      assert.equal(crashed.stderr, 'preflight: a scan worker failed: the worker broke; its files were analysed on the main thread.\n');
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });

  it('stops, workers and all, on Ctrl+C', async () => {
    const big = multiFormatRepository(1500);
    const threadsOf = (pid: number | undefined) => {
      try {
        return Number(/Threads:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      } catch {
        return 0;
      }
    };
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    try {
      // How many threads Node runs for a scan on one thread: a worker is one more.
      const alone = spawn(process.execPath, [BUILT_CLI, 'scan', '--format', 'json', '-j', '1'], { cwd: big.dir, stdio: 'ignore' });
      let oneThread = 0;
      for (let i = 0; i < 50; i++, await sleep(20)) oneThread = Math.max(oneThread, threadsOf(alone.pid));
      alone.kill('SIGKILL');
      const child = spawn(process.execPath, [BUILT_CLI, 'scan', '--format', 'json', '-j', '2'], { cwd: big.dir, stdio: 'ignore' });
      const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
        child.on('exit', (code, signal) => resolve([code, signal])),
      );
      const started = Date.now();
      while (threadsOf(child.pid) <= oneThread && Date.now() - started < 20_000) await sleep(10);
      assert.ok(threadsOf(child.pid) > oneThread, 'the worker thread started');
      const signalled = Date.now();
      child.kill('SIGINT');
      assert.deepEqual(await exited, [null, 'SIGINT']);
      assert.ok(Date.now() - signalled < 2000, `stopped ${Date.now() - signalled} ms after Ctrl+C`);
    } finally {
      big.remove();
    }
  });
});
