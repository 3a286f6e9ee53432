import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { runBuiltCliAsync } from '../helpers/built-cli';
import { TempRepo } from '../helpers/temp-repo';
import { PR_BRANCH } from '../helpers/repo-on-fake-github';
import { FakeGitHub } from '../support/fake-github/server';
import { loadScenario } from '../support/fake-github/scenario';

const cli = (cwd: string, args: string[], command?: string[]) => runBuiltCliAsync(cwd, args, { command });

const E2E_WORKFLOW = `name: e2e
on:
  pull_request:
    paths:
      - 'web/**'
jobs:
  e2e:
    runs-on: ubuntu-latest
    steps:
      - run: npx playwright test
`;

const CI_WORKFLOW = `name: ci
on: [push, pull_request]
jobs:
  unit:
    strategy:
      matrix:
        node: [20, 22]
    runs-on: ubuntu-latest
    steps:
      - run: npm test
`;

describe('required checks that will never report, through the CLI against (fake) GitHub', function () {
  this.timeout(120_000);
  let repo: TempRepo;
  let github: FakeGitHub;

  beforeEach(async () => {
    repo = new TempRepo('preflight-required-checks-');
    repo
      .write('.github/workflows/e2e.yml', E2E_WORKFLOW)
      .write('.github/workflows/ci.yml', CI_WORKFLOW)
      .write('web/cart.ts', 'export const cart = [];\n')
      .write('api/orders.ts', 'export const orders = [];\n')
      .commitAll('initial');
    // The base branch as the last fetch left it.
    repo.git('update-ref', 'refs/remotes/origin/main', 'main');
    repo.git('checkout', '-q', '-b', PR_BRANCH);
    repo.write('api/orders.ts', 'export const orders = [1];\n').commitAll('Index orders by customer');
    const head = repo.git('rev-parse', 'HEAD').trim();
    const scenario = loadScenario('green', { headSha: head, branch: PR_BRANCH });
    scenario.rulesets = { main: ['e2e', 'unit (22)', 'ci/deploy-preview'] };
    scenario.rulesetCheckApps = { e2e: 15368, 'unit (22)': 15368 };
    scenario.branchProtection = {};
    scenario.pullRequests[0].checkRuns = [{ name: 'unit (22)', status: 'COMPLETED', conclusion: 'SUCCESS' }];
    scenario.pullRequests[0].statuses = [{ context: 'ci/deploy-preview', state: 'SUCCESS' }];
    github = await FakeGitHub.start(scenario);
    repo.git('remote', 'add', 'origin', github.remoteUrl);
    // As after `git push -u`: the branch's head is on the remote.
    repo.git('update-ref', `refs/remotes/origin/${PR_BRANCH}`, 'HEAD');
    repo.git('config', `branch.${PR_BRANCH}.remote`, 'origin');
    repo.git('config', `branch.${PR_BRANCH}.merge`, `refs/heads/${PR_BRANCH}`);
  });

  afterEach(async () => {
    await github.close();
    repo.remove();
  });

  it('status --format json predicts each required check from the workflows of local HEAD', async () => {
    repo.write('api/orders.ts', 'export const orders = [1, 2];\n').commitAll('Orders: second index');
    const { code, stdout, stderr } = await cli(repo.dir, ['status', '--format', 'json']);
    assert.equal(code, 0, stderr);
    const status = JSON.parse(stdout);
    assert.deepEqual(status.requiredChecks, [
      {
        context: 'e2e',
        workflow: '.github/workflows/e2e.yml',
        job: 'e2e',
        willReport: false,
        why: "workflow e2e.yml only runs for paths: ['web/**']",
        fix: "move the paths filter into a step's if: condition, or add a job named 'e2e' to a workflow that always runs (a stub that reports the same name)",
        line: 4,
      },
      {
        context: 'unit (22)',
        workflow: '.github/workflows/ci.yml',
        job: 'unit',
        willReport: true,
        why: "workflow ci.yml runs on pull_request; job 'unit' reports it",
        line: 4,
      },
      {
        context: 'ci/deploy-preview',
        workflow: null,
        job: null,
        willReport: 'unknown',
        why: "'ci/deploy-preview' is a commit status set by a service outside .github/workflows",
      },
    ]);
    assert.deepEqual(status.checkRequirements, {
      contexts: [
        { context: 'e2e', integrationId: 15368 },
        { context: 'unit (22)', integrationId: 15368 },
        { context: 'ci/deploy-preview' },
      ],
      mergeQueue: false,
    });
  });

  it('status as text lists the prediction with the fix', async () => {
    const { stdout } = await cli(repo.dir, ['status']);
    const section = stdout.slice(stdout.indexOf('Required checks for this push'), stdout.indexOf('\n\nReviews'));
    assert.equal(
      section,
      [
        'Required checks for this push: 1 will never report · 1 cannot tell · 1 will report',
        "  ✗ e2e                          will never report: workflow e2e.yml only runs for paths: ['web/**']",
        "    fix: move the paths filter into a step's if: condition, or add a job named 'e2e' to a workflow that always runs (a stub that reports the same name)",
        "  ✓ unit (22)                    will report: workflow ci.yml runs on pull_request; job 'unit' reports it",
        "  ? ci/deploy-preview            cannot tell: 'ci/deploy-preview' is a commit status set by a service outside .github/workflows",
      ].join('\n'),
    );
  });

  it('check warns by default, blocks when the team says so, and is satisfied by a change under web/', async () => {
    const warned = await cli(repo.dir, ['check', '--format', 'json']);
    assert.equal(warned.code, 0, warned.stdout + warned.stderr);
    const reasons = JSON.parse(warned.stdout).reasons.filter((r: { text: string }) => r.text.startsWith('Required check'));
    assert.deepEqual(reasons, [
      {
        kind: 'remote',
        blocking: false,
        text: "Required check 'e2e' will never report for this push: workflow e2e.yml only runs for paths: ['web/**']",
        file: '.github/workflows/e2e.yml',
        line: 4,
      },
    ]);
    repo.write('.preflight.yml', 'version: 1\nremote:\n  requiredChecks: block\n').commitAll('Preflight: block on required checks');
    const blocked = await cli(repo.dir, ['check']);
    assert.equal(blocked.code, 1, blocked.stdout + blocked.stderr);
    assert.match(
      blocked.stdout,
      /✖ Required check 'e2e' will never report for this push: workflow e2e\.yml only runs for paths: \['web\/\*\*'\]/,
    );
    repo.write('web/cart.ts', 'export const cart = [1];\n').commitAll('Cart: show the index');
    const passing = await cli(repo.dir, ['status', '--format', 'json']);
    assert.deepEqual(
      JSON.parse(passing.stdout).requiredChecks.map((c: { context: string; willReport: unknown }) => [c.context, c.willReport]),
      [
        ['e2e', true],
        ['unit (22)', true],
        ['ci/deploy-preview', 'unknown'],
      ],
    );
  });

  it('the workflow files are read from the commit, not the working tree', async () => {
    repo.write('.github/workflows/e2e.yml', E2E_WORKFLOW.replace("      - 'web/**'\n", "      - 'web/**'\n      - 'api/**'\n"));
    const { stdout } = await cli(repo.dir, ['status', '--format', 'json']);
    assert.equal(JSON.parse(stdout).requiredChecks[0].willReport, false);
  });

  it('a broken workflow file is reported at its line, and its checks are "unknown"', async () => {
    repo
      .write('.github/workflows/e2e.yml', 'on: pull_request\njobs:\n  e2e:\n    runs-on: [ubuntu\n    steps: x: y\n')
      .commitAll('e2e: broken');
    const { code, stdout, stderr } = await cli(repo.dir, ['check', '--format', 'json']);
    assert.equal(code, 0, stderr);
    const [reason] = JSON.parse(stdout).reasons.filter((r: { text: string }) => r.text.startsWith('Required check'));
    assert.equal(reason.blocking, false);
    assert.equal(reason.file, '.github/workflows/e2e.yml');
    assert.equal(reason.line, 5);
    assert.match(
      reason.text,
      /^Required check 'e2e' cannot be predicted: no readable workflow reports 'e2e', and \.github\/workflows\/e2e\.yml:5:\d+ cannot be read: \S/,
    );
  });

  it('a required merge queue: a workflow without merge_group never reports in the queue', async () => {
    github.scenario.mergeQueueBranches = ['main'];
    const { stdout } = await cli(repo.dir, ['status', '--format', 'json']);
    const unit = JSON.parse(stdout).requiredChecks.find((c: { context: string }) => c.context === 'unit (22)');
    assert.equal(unit.willReport, false);
    assert.equal(
      unit.why,
      "workflow ci.yml has no merge_group trigger, and 'main' requires a merge queue: the queue waits for 'unit (22)' forever",
    );
  });

  it('a renamed job: the ruleset expects the old name from GitHub Actions, which no job has any more', async () => {
    repo.write('.github/workflows/e2e.yml', E2E_WORKFLOW.replace('  e2e:\n', '  browser-tests:\n')).commitAll('e2e: rename the job');
    repo.write('web/cart.ts', 'export const cart = [2];\n').commitAll('Cart');
    const { stdout } = await cli(repo.dir, ['status', '--format', 'json']);
    assert.deepEqual(JSON.parse(stdout).requiredChecks[0], {
      context: 'e2e',
      workflow: null,
      job: null,
      willReport: false,
      why: "the rules expect 'e2e' from GitHub Actions, and no job in .github/workflows is named 'e2e'",
      fix: "name a job 'e2e' again, or change the required checks of the ruleset",
    });
  });

  it('an unchanged poll (304) still predicts again for new local commits, without a GraphQL query', async () => {
    // Settled: every required check has reported on the pull request's head.
    github.update((pr) => pr.checkRuns!.push({ name: 'e2e', status: 'COMPLETED', conclusion: 'SUCCESS' }));
    await cli(repo.dir, ['status', '--format', 'json']);
    const before = github.requests.length;
    repo.write('web/cart.ts', 'export const cart = [3];\n').commitAll('Cart again');
    const { stdout } = await cli(repo.dir, ['status', '--format', 'json']);
    assert.equal(JSON.parse(stdout).requiredChecks[0].willReport, true);
    assert.deepEqual(
      github.requests.slice(before).map((r) => [r.graphql, r.status]),
      [[false, 304]],
    );
  });

  it('a required check predicted never to report is not waited for: the next poll is one 304', async () => {
    await cli(repo.dir, ['status', '--format', 'json']);
    const before = github.requests.length;
    const { stdout } = await cli(repo.dir, ['status', '--format', 'json']);
    assert.equal(JSON.parse(stdout).requiredChecks[0].willReport, false);
    assert.deepEqual(
      github.requests.slice(before).map((r) => [r.graphql, r.status]),
      [[false, 304]],
    );
  });

  it('the pre-push hook predicts for the commit it pushes, not for local HEAD', async () => {
    const bare = `${repo.dir}-remote.git`;
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare]);
    try {
      repo.git('remote', 'set-url', '--push', 'origin', bare);
      assert.equal((await cli(repo.dir, ['hook', 'install'])).code, 0);
      repo.write('.preflight.yml', 'version: 1\nremote:\n  requiredChecks: block\n').commitAll('Preflight: block on required checks');
      repo.write('web/cart.ts', 'export const cart = [1];\n').commitAll('Cart: show the index');
      // HEAD changes web/, so e2e runs for it; the commit before it does not.
      const older = await cli(repo.dir, ['push', 'origin', `HEAD~1:refs/heads/${PR_BRANCH}`], ['git']);
      assert.notEqual(older.code, 0, older.stderr);
      assert.match(
        older.stderr,
        /✖ Required check 'e2e' will never report for this push: workflow e2e\.yml only runs for paths: \['web\/\*\*'\]/,
      );
      const head = await cli(repo.dir, ['push', 'origin', `HEAD:refs/heads/${PR_BRANCH}`], ['git']);
      assert.equal(head.code, 0, head.stderr);
      assert.doesNotMatch(head.stderr, /Required check 'e2e'/);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
