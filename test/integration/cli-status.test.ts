import assert from 'node:assert/strict';
import { runBuiltCliAsync } from '../helpers/built-cli';
import type { TempRepo } from '../helpers/temp-repo';
import { PR_BRANCH, repoOnFakeGitHub } from '../helpers/repo-on-fake-github';
import type { FakeGitHub } from '../support/fake-github/server';

const BRANCH = PR_BRANCH;

/** The CLI runs async here: the fake server lives in this process and must keep answering. */
const cli = (cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) => runBuiltCliAsync(cwd, args, { env });

describe('preflight status and check with a pull request on (fake) GitHub', function () {
  let repo: TempRepo;
  let github: FakeGitHub;

  beforeEach(async () => {
    ({ repo, github } = await repoOnFakeGitHub('preflight-cli-status-'));
  });

  afterEach(async () => {
    await github.close();
    repo.remove();
  });

  it('prints the JSON contract', async () => {
    github.update((pr) => (pr.checkRuns![0].conclusion = 'FAILURE'));
    const { code, stdout } = await cli(repo.dir, ['status', '--format', 'json']);
    assert.equal(code, 0);
    const status = JSON.parse(stdout);
    assert.equal(status.version, 1);
    assert.equal(status.branch, BRANCH);
    assert.equal(status.stale, false);
    assert.deepEqual(Object.keys(status.pullRequest).slice(0, 7), ['number', 'state', 'url', 'title', 'draft', 'headSha', 'baseRef']);
    assert.equal(status.pullRequest.mergeState, 'clean');
    assert.deepEqual(status.checks[0], {
      name: 'ci/test',
      state: 'failure',
      required: true,
      url: 'https://ci.example.com/runs/1',
      startedAt: '2026-11-20T10:00:00Z',
      kind: 'check-run',
    });
    assert.deepEqual(Object.keys(status.reviews).slice(0, 2), ['decision', 'approvals']);
    assert.equal(status.staging.environment, 'staging');
    assert.deepEqual(status.blockers, ["required check 'ci/test' failed"]);
    assert.equal(typeof status.fetchedAt, 'string');
  });

  it('prints the mirror as text, and the last known state with its age when GitHub is down', async () => {
    const online = await cli(repo.dir, ['status']);
    assert.match(online.stdout, /acme\/shop #42 Index orders by customer/);
    assert.match(online.stdout, /✓ ci\/test\s+required · success/);
    assert.match(online.stdout, /Reviews: approved · 1 approval · 0 unresolved threads/);
    assert.match(online.stdout, /Nothing blocks this pull request\./);
    await github.goOffline();
    const offline = await cli(repo.dir, ['status']);
    assert.equal(offline.code, 0);
    assert.match(offline.stdout, /#42 Index orders by customer/);
    assert.match(offline.stdout, /Last known state, \d+ s old: GitHub at http:\/\/127\.0\.0\.1:\d+\/api\/v3 did not answer/);
  });

  it('check blocks a push to a branch whose pull request was merged, counting the commits that would be lost', async () => {
    github.update((pr) => {
      pr.state = 'closed';
      pr.mergedAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
    });
    // As after `git push -u`: the merged head is on the remote, the branch tracks it.
    repo.git('update-ref', `refs/remotes/origin/${BRANCH}`, 'HEAD');
    repo.git('config', `branch.${BRANCH}.remote`, 'origin');
    repo.git('config', `branch.${BRANCH}.merge`, `refs/heads/${BRANCH}`);
    repo.write('notes.md', 'after the merge\n').commitAll('after the merge');
    repo.write('notes.md', 'and another\n').commitAll('another');
    const blocked = await cli(repo.dir, ['check', '--format', 'json']);
    assert.equal(blocked.code, 1, blocked.stdout + blocked.stderr);
    const report = JSON.parse(blocked.stdout);
    assert.equal(report.pullRequest.pullRequest.state, 'merged');
    const [reason] = report.reasons.filter((r: { kind: string }) => r.kind === 'remote');
    assert.equal(
      reason.text,
      `PR #42 for this branch was merged 2 days ago; these 2 commits will not reach main: open a new pull request from '${BRANCH}'`,
    );
    assert.equal(reason.blocking, true);
    assert.match(reason.url, /\/acme\/shop\/compare\/main\.\.\.feature\/orders-index\?expand=1$/);
    const text = await cli(repo.dir, ['status']);
    assert.match(
      text.stdout,
      /#42 Index orders by customer\n.*\n {2}merged 2 days ago · into main\n {2}Local HEAD has new commits: commits pushed now will not reach main/,
    );
  });

  it('check lists what blocks the PR as warnings, and blocks the push when the team says so', async () => {
    github.update((pr) => (pr.reviewDecision = 'CHANGES_REQUESTED'));
    const warned = await cli(repo.dir, ['check']);
    assert.equal(warned.code, 0, warned.stdout + warned.stderr);
    assert.match(warned.stdout, /! PR #42: changes requested/);
    assert.match(warned.stdout, /Push with care/);
    repo.write('.preflight.yml', 'version: 1\nremote:\n  gate: block\n');
    const blocked = await cli(repo.dir, ['check', '--format', 'json']);
    assert.equal(blocked.code, 1);
    const report = JSON.parse(blocked.stdout);
    assert.equal(report.verdict, 'block');
    assert.deepEqual(
      report.reasons
        .filter((r: { kind: string }) => r.kind === 'remote')
        .map((r: { text: string; blocking: boolean }) => [r.text, r.blocking]),
      [['PR #42: changes requested', true]],
    );
    assert.equal(report.pullRequest.pullRequest.number, 42);
    const offline = await cli(repo.dir, ['check', '--offline', '--format', 'json']);
    assert.equal(JSON.parse(offline.stdout).pullRequest, undefined);
  });
});
