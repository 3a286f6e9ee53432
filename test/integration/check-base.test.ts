import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import gateReportSchema from '../../schemas/gate-report.schema.json';
import { runBuiltCli } from '../helpers/built-cli';
import { TempRepo } from '../helpers/temp-repo';

const preflight = runBuiltCli;
const RISKY = 'CREATE INDEX index_orders_on_customer ON orders (customer_id);\n';
const PATHS_RULE = `rules:
  - id: schema-with-migration
    message: A migration must come with db/schema.rb.
    severity: error
    paths:
      changed: db/migrate/**
      requires: db/schema.rb
`;
const PRICE = 'export function priceOf(cents: number): string {\n  return (cents / 100).toFixed(2);\n}\n';
const PRICE_TEST = "import { priceOf } from './price';\n\ndescribe('priceOf', () => {\n  it('formats', () => priceOf(1));\n});\n";

interface Row {
  ruleId: string;
  file: string;
  line: number;
}

describe('preflight check --base: a pull request in CI, on a real repository', () => {
  let repo: TempRepo;
  beforeEach(() => {
    repo = new TempRepo();
    repo.write('db/migrate/001_old.sql', RISKY).write('src/price.ts', PRICE).write('src/price.test.ts', PRICE_TEST);
    repo.write('package.json', JSON.stringify({ devDependencies: { vitest: '^2' } })).commitAll('main');
    repo.git('checkout', '-q', '-b', 'feature');
  });
  afterEach(() => repo.remove());

  const rows = (stdout: string): string[] => (JSON.parse(stdout).findings as Row[]).map((f) => `${f.ruleId} ${f.file}:${f.line}`).sort();

  it('judges the commits since the merge base at their committed content, not the base branch or the working tree', () => {
    repo.write('db/migrate/002_index.sql', RISKY).commitAll('index');
    repo.git('checkout', '-q', 'main');
    repo.write('db/migrate/003_on_main.sql', RISKY).commitAll('main moves on');
    repo.git('checkout', '-q', 'feature');
    repo.write('db/migrate/002_index.sql', 'SELECT 1;\n'); // fixed on disk, not committed
    const { code, stdout, stderr } = preflight(repo.dir, 'check', '--base', 'main', '--format', 'json');
    assert.equal(code, 1, stderr);
    const report = JSON.parse(stdout);
    const validate = new Ajv({ strict: false }).compile(gateReportSchema);
    assert.ok(validate(report as object), JSON.stringify(validate.errors));
    assert.deepEqual(report.pushes[0].files, ['db/migrate/002_index.sql']);
    assert.ok(rows(stdout).includes('migration/require-concurrent-index-creation db/migrate/002_index.sql:1'));
    assert.ok(!rows(stdout).some((r) => r.includes('003_on_main') || r.includes('001_old')));
    assert.equal(report.review.base, 'main');
    assert.equal(report.review.mergeBase, repo.git('merge-base', 'main', 'feature').trim());
    assert.deepEqual(report.review.changedLines, { 'db/migrate/002_index.sql': [[1, 1]] });
    assert.ok(!report.reasons.some((r: { text: string }) => /uncommitted|behind|detached/.test(r.text)), JSON.stringify(report.reasons));
  });

  it('runs the push-scope and test-first rules on the range, and says it ran in CI mode', () => {
    repo.write('.preflight.yml', PATHS_RULE).write('db/migrate/002_add.sql', 'SELECT 1;\n');
    repo.write('src/price.ts', PRICE.replace('toFixed(2)', 'toFixed(3)')).commitAll('feature');
    repo.git('checkout', '-q', '--detach'); // as actions/checkout leaves a pull request
    const { code, stdout } = preflight(repo.dir, 'check', '--base', 'main', '--format', 'json');
    assert.equal(code, 1);
    assert.deepEqual(
      rows(stdout).filter((r) => !r.startsWith('migration/')),
      ['team/schema-with-migration db/migrate/002_add.sql:1', 'testfirst/changed-without-test src/price.ts:1'],
    );
    const text = preflight(repo.dir, 'check', '--base', 'main');
    assert.match(
      text.stdout,
      /^Preflight \(CI mode\): 1 commit\(s\), 3 file\(s\) from the merge base of main \([0-9a-f]{12}\) to HEAD; local state not checked/,
    );
  });

  it('reports a push-scope finding silenced by an ignore comment as a SARIF suppression with its reason', () => {
    repo.write('.preflight.yml', PATHS_RULE);
    repo.write('db/migrate/002_add.sql', 'SELECT 1; -- preflight-ignore team/schema-with-migration -- data only, no schema change\n');
    repo.commitAll('data migration');
    const { code, stdout } = preflight(repo.dir, 'check', '--base', 'main', '--format', 'sarif');
    assert.equal(code, 0);
    const results = JSON.parse(stdout).runs[0].results as Array<{ ruleId: string; suppressions?: unknown }>;
    assert.deepEqual(
      results.filter((r) => r.ruleId === 'team/schema-with-migration').map((r) => r.suppressions),
      [[{ kind: 'inSource', justification: 'data only, no schema change' }]],
    );
  });

  it("reads the pull request's labels from the CI run's event (GitHub) or CI_MERGE_REQUEST_LABELS (GitLab)", () => {
    const labelRule =
      'rules:\n  - id: migration-needs-review\n    message: A migration needs the db-reviewed label.\n    severity: error\n    paths:\n      changed: db/migrate/**\n      label: db-reviewed\n';
    repo.write('.preflight.yml', labelRule).write('db/migrate/002_add.sql', 'SELECT 1;\n').commitAll('data migration');
    const messages = () =>
      (
        JSON.parse(preflight(repo.dir, 'check', '--base', 'main', '--format', 'json').stdout).findings as Array<{
          ruleId: string;
          message: string;
        }>
      )
        .filter((f) => f.ruleId === 'team/migration-needs-review')
        .map((f) => f.message);
    const event = join(mkdtempSync(join(tmpdir(), 'preflight-event-')), 'event.json');
    const saved = { ...process.env };
    try {
      delete process.env.GITHUB_EVENT_PATH;
      delete process.env.CI_MERGE_REQUEST_LABELS;
      assert.deepEqual(messages(), [
        "A migration needs the db-reviewed label. (changed in this push; it needs the 'db-reviewed' label on its pull request (this CI run does not give the pull request's labels))",
      ]);
      writeFileSync(event, JSON.stringify({ pull_request: { labels: [{ name: 'db-reviewed' }] } }));
      process.env.GITHUB_EVENT_PATH = event;
      assert.deepEqual(messages(), []);
      delete process.env.GITHUB_EVENT_PATH;
      process.env.CI_MERGE_REQUEST_LABELS = 'frontend,urgent';
      assert.deepEqual(messages(), [
        "A migration needs the db-reviewed label. (changed in this push; the pull request does not have the 'db-reviewed' label)",
      ]);
    } finally {
      process.env = saved;
      rmSync(join(event, '..'), { recursive: true, force: true });
    }
  });

  it('takes --head, and --fail-on overrides gate.blockOn', () => {
    repo.write('db/migrate/002_index.sql', RISKY).commitAll('index');
    repo.git('checkout', '-q', 'main');
    repo.write('.preflight.yml', 'gate:\n  blockOn: never\n'); // the config is read from the checkout, as in the hook
    assert.equal(preflight(repo.dir, 'check', '--base', 'main', '--head', 'feature').code, 0);
    assert.equal(preflight(repo.dir, 'check', '--base', 'main', '--head', 'feature', '--fail-on', 'error').code, 1);
    assert.equal(preflight(repo.dir, 'check', '--base', 'main', '--head', 'main').code, 0, 'an empty range passes');
  });

  it('exits 2 naming an unknown --base ref and how to fetch it', () => {
    const { code, stdout, stderr } = preflight(repo.dir, 'check', '--base', 'origin/release');
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(
      stderr,
      "preflight: --base 'origin/release' is not a commit in this repository; fetch it first (git fetch origin release)\n",
    );
    assert.match(preflight(repo.dir, 'check', '--base', 'main', '--head', 'nope').stderr, /^preflight: --head 'nope' is not a commit/);
    assert.match(preflight(repo.dir, 'check', '--base=--output=x').stderr, /^preflight: --base '--output=x' is not a commit/);
  });

  it('in a shallow clone without the merge base, says to fetch the whole history', () => {
    repo.write('a.txt', '1\n').commitAll('one').write('a.txt', '2\n').commitAll('two');
    const shallowParent = mkdtempSync(join(tmpdir(), 'preflight-shallow-'));
    try {
      const clone = join(shallowParent, 'clone');
      execFileSync('git', ['clone', '-q', '--depth', '1', '--no-single-branch', `file://${repo.dir}`, clone]);
      const { code, stderr } = preflight(clone, 'check', '--base', 'origin/main');
      assert.equal(code, 2);
      assert.match(
        stderr,
        /^preflight: this shallow clone does not have the merge base of origin\/main and HEAD: fetch the whole history \(actions\/checkout with fetch-depth: 0/,
      );
      assert.doesNotMatch(stderr, /\n\s+at /);
    } finally {
      rmSync(shallowParent, { recursive: true, force: true });
    }
  });

  it('writes GitHub annotations, changed lines first, and the job summary', () => {
    repo.write('db/migrate/001_old.sql', `-- touched\n${RISKY}`).write('db/migrate/002 new, a:b.sql', RISKY).commitAll('two');
    const summary = join(repo.dir, '.git', 'summary.md');
    const result = runBuiltCliWithEnv(repo.dir, { GITHUB_STEP_SUMMARY: summary }, 'check', '--base', 'main', '--format', 'github');
    assert.equal(result.code, 1);
    const files = result.stdout
      .split('\n')
      .filter((l) => l.startsWith('::error'))
      .map((l) => /file=([^,]*),line=(\d+)/.exec(l)?.slice(1).join(':'));
    assert.deepEqual(files, ['db/migrate/002 new%2C a%3Ab.sql:1', 'db/migrate/001_old.sql:2']);
    assert.match(readFileSync(summary, 'utf8'), /^## Preflight: CI mode: Blocked \(2 reasons\)\.\n\n- Migrations: 2 errors, 6 warnings\n/);
  });
});

function runBuiltCliWithEnv(cwd: string, env: Record<string, string>, ...args: string[]): { code: number | null; stdout: string } {
  try {
    const stdout = execFileSync(process.execPath, [join(__dirname, '..', '..', 'dist', 'cli.js'), ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { status: number; stdout: string };
    return { code: failed.status, stdout: failed.stdout };
  }
}
