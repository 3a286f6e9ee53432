import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { BUILT_CLI } from '../helpers/built-cli';
import { RepoWithRemote } from '../helpers/remote-repo';

const ROOT = join(__dirname, '..', '..');
const RISKY = 'CREATE INDEX index_orders_on_customer ON orders (customer_id);\n';

/** The environment of a CI job: this process's, without an outer npm's settings, plus the job's variables. */
function jobEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  const own = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
  return { ...own, NO_COLOR: '1', ...vars };
}

/**
 * The CI recipes run as plain shell, on a fresh clone of a real remote with a real base branch
 * and a pull request's branch: what GitHub Actions and GitLab CI would run.
 */
describe('the CI recipes (action.yml, ci/preflight.gitlab-ci.yml) as shell', function () {
  this.timeout(180_000);
  let origin: RepoWithRemote;
  let work: string;
  let job: string;

  beforeEach(() => {
    origin = new RepoWithRemote();
    origin.clone.git('checkout', '-q', '-b', 'feature');
    origin.clone.write('db/migrate/002 add index.sql', RISKY).commitAll('index');
    origin.clone.git('push', '-q', 'origin', 'feature');
    origin.clone.git('checkout', '-q', 'main');
    origin.clone.write('db/migrate/001_on_main.sql', RISKY).commitAll('main moves on');
    origin.clone.git('push', '-q', 'origin', 'main');
    work = mkdtempSync(join(tmpdir(), 'preflight-ci-'));
    job = join(work, 'checkout');
    // As a CI runner checks out a merge request: only its branch, full history.
    execFileSync('git', ['clone', '-q', '--single-branch', '--branch', 'feature', origin.bare, job]);
  });
  afterEach(() => {
    origin.remove();
    rmSync(work, { recursive: true, force: true });
  });

  describe('the GitHub Action', () => {
    const runAction = (vars: Record<string, string>) => {
      execFileSync('git', ['fetch', '-q', 'origin', '+refs/heads/main:refs/remotes/origin/main'], { cwd: job });
      const env = jobEnv({
        GITHUB_BASE_REF: 'main',
        GITHUB_OUTPUT: join(work, 'output'),
        GITHUB_STEP_SUMMARY: join(work, 'summary.md'),
        RUNNER_TEMP: work,
        PREFLIGHT_CLI: BUILT_CLI,
        ...vars,
      });
      return spawnSync('bash', [join(ROOT, 'ci', 'github-action.sh')], { cwd: job, encoding: 'utf8', env });
    };

    it('declares its inputs and hands each one to the script', () => {
      const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));
      assert.deepEqual(Object.keys(action.inputs), ['format', 'base', 'fail-on', 'upload-sarif', 'root']);
      const [step, upload] = action.runs.steps;
      assert.equal(step.run, '"$GITHUB_ACTION_PATH/ci/github-action.sh"');
      assert.deepEqual(step.env, {
        INPUT_FORMAT: '${{ inputs.format }}',
        INPUT_BASE: '${{ inputs.base }}',
        INPUT_FAIL_ON: '${{ inputs.fail-on }}',
        INPUT_ROOT: '${{ inputs.root }}',
      });
      assert.equal(upload.uses, 'github/codeql-action/upload-sarif@v3');
    });

    it("annotates the pull request's findings only, and writes the job summary", () => {
      const result = runAction({});
      assert.equal(result.status, 1, result.stderr);
      const annotated = result.stdout.split('\n').filter((l) => l.startsWith('::'));
      assert.ok(annotated.length > 0 && annotated.every((l) => l.includes('file=db/migrate/002 add index.sql,')), result.stdout);
      assert.match(result.stdout, /CI mode: Blocked/);
      assert.match(readFileSync(join(work, 'summary.md'), 'utf8'), /^## Preflight: CI mode: Blocked/);
    });

    it('writes SARIF to a file named in the step outputs, and honours fail-on', () => {
      const result = runAction({ INPUT_FORMAT: 'sarif', INPUT_FAIL_ON: 'never' });
      assert.equal(result.status, 0, result.stderr);
      const report = join(work, 'preflight.sarif');
      assert.equal(readFileSync(join(work, 'output'), 'utf8'), `report=${report}\n`);
      assert.equal(JSON.parse(readFileSync(report, 'utf8')).version, '2.1.0');
    });

    it('without a base branch (a push to main) scans every file', () => {
      const result = runAction({ GITHUB_BASE_REF: '', INPUT_FORMAT: 'gitlab' });
      assert.equal(result.status, 1, result.stderr);
      const paths = JSON.parse(readFileSync(join(work, 'preflight.gitlab'), 'utf8')).map(
        (i: { location: { path: string } }) => i.location.path,
      );
      assert.ok(paths.includes('db/migrate/002 add index.sql'));
    });
  });

  describe('the GitLab CI template', () => {
    it("fetches the target branch, installs the npm tarball and writes the Code Quality report of the merge request's range", () => {
      execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], {
        cwd: ROOT,
        env: jobEnv({}),
        stdio: 'ignore',
      });
      const tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz')) as string);
      const template = parse(readFileSync(join(ROOT, 'ci', 'preflight.gitlab-ci.yml'), 'utf8'));
      const preflight = template.preflight;
      assert.equal(preflight.variables.GIT_DEPTH, '0');
      assert.equal(preflight.artifacts.reports.codequality, 'gl-code-quality-report.json');
      // GitLab runs the script lines in one shell and stops at the first that fails.
      const script = ['set -e', ...(preflight.script as string[])].join('\n');
      const result = spawnSync('bash', ['-c', script], {
        cwd: job,
        encoding: 'utf8',
        env: jobEnv({
          ...preflight.variables,
          CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
          PREFLIGHT_PACKAGE: tarball,
          TMPDIR: work,
          npm_config_offline: 'true',
        }),
      });
      assert.equal(result.status, 1, result.stderr);
      const report = join(job, 'gl-code-quality-report.json');
      assert.ok(existsSync(report));
      const issues = JSON.parse(readFileSync(report, 'utf8'));
      assert.ok(issues.length > 0);
      assert.deepEqual([...new Set(issues.map((i: { location: { path: string } }) => i.location.path))], ['db/migrate/002 add index.sql']);
    });
  });
});
