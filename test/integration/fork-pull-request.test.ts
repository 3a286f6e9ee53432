import assert from 'node:assert/strict';
import { runBuiltCliAsync } from '../helpers/built-cli';
import { TempRepo } from '../helpers/temp-repo';
import { PR_BRANCH } from '../helpers/repo-on-fake-github';
import { FakeGitHub } from '../support/fake-github/server';
import { loadScenario } from '../support/fake-github/scenario';

const cli = (cwd: string, args: string[]) => runBuiltCliAsync(cwd, args);

const paths = (github: FakeGitHub) => github.requests.map((r) => (r.graphql ? 'graphql' : r.path));

describe('a push to a fork: the pull request is found in the parent, through the CLI against (fake) GitHub', function () {
  this.timeout(120_000);
  let repo: TempRepo;
  let github: FakeGitHub;

  beforeEach(async () => {
    repo = new TempRepo('preflight-fork-');
    repo.write('README.md', '# shop\n').commitAll('initial');
    repo.git('checkout', '-q', '-b', PR_BRANCH);
    repo.write('api/orders.ts', 'export const orders = [1];\n').commitAll('Index orders by customer');
    const head = repo.git('rev-parse', 'HEAD').trim();
    const scenario = loadScenario('green', { headSha: head, branch: PR_BRANCH });
    scenario.forks = ['alice/shop'];
    scenario.pullRequests[0].headRepository = 'alice/shop';
    github = await FakeGitHub.start(scenario);
    repo.git('remote', 'add', 'origin', github.remoteUrl.replace('/acme/shop.git', '/alice/shop.git'));
  });

  afterEach(async () => {
    await github.close();
    repo.remove();
  });

  it("with an upstream remote: the parent's pull request for alice:branch, its checks and reviews, in JSON and text", async () => {
    repo.git('remote', 'add', 'upstream', github.remoteUrl);
    const { code, stdout, stderr } = await cli(repo.dir, ['status', '--format', 'json']);
    assert.equal(code, 0, stderr);
    const status = JSON.parse(stdout);
    assert.equal(status.repository, 'acme/shop');
    assert.deepEqual(status.fork, {
      repository: 'alice/shop',
      repositoryUrl: github.remoteUrl.replace('/acme/shop.git', '/alice/shop'),
      parent: 'acme/shop',
      via: 'upstream-remote',
    });
    assert.equal(status.pullRequest.number, 42);
    assert.deepEqual(
      status.checks.map((c: { name: string; state: string; required: boolean }) => [c.name, c.state, c.required]),
      [
        ['ci/test', 'success', true],
        ['lint', 'success', true],
        ['docs-preview', 'skipped', false],
      ],
    );
    assert.equal(status.reviews.decision, 'approved');
    assert.equal(
      github.requests[0].path,
      `/api/v3/repos/acme/shop/pulls?head=alice%3A${encodeURIComponent(PR_BRANCH)}&state=all&sort=created&direction=desc&per_page=10`,
    );
    assert.equal(
      paths(github).some((p) => p.startsWith('/api/v3/repos/alice/shop')),
      false,
      'the upstream remote names the parent: GitHub is not asked',
    );
    const text = await cli(repo.dir, ['status']);
    assert.match(
      text.stdout,
      /^acme\/shop #42 Index orders by customer\n {2}\S+\/acme\/shop\/pull\/42\n {2}pushing to fork alice\/shop; PR #42 lives in acme\/shop\n/,
    );
  });

  it("without an upstream remote: the fork's parent from GitHub's repository API, asked once and remembered", async () => {
    const first = await cli(repo.dir, ['status', '--format', 'json']);
    const status = JSON.parse(first.stdout);
    assert.equal(status.fork.via, 'github');
    assert.equal(status.fork.parent, 'acme/shop');
    assert.equal(status.pullRequest.number, 42);
    assert.deepEqual(
      paths(github).map((p) => p.replace(/\?.*/, '')),
      [
        '/api/v3/repos/alice/shop/pulls',
        '/api/v3/repos/alice/shop',
        '/api/v3/repos/acme/shop/pulls',
        'graphql',
        '/api/v3/repos/acme/shop/rules/branches/main',
      ],
    );
    github.requests.length = 0;
    const second = await cli(repo.dir, ['status', '--format', 'json']);
    assert.equal(JSON.parse(second.stdout).fork.parent, 'acme/shop');
    assert.deepEqual(
      github.requests.map((r) => [r.path.replace(/\?.*/, ''), r.status]),
      [['/api/v3/repos/acme/shop/pulls', 304]],
      'a settled poll of a fork is still one conditional request',
    );
  });

  it("a fork's required checks come only from the parent's pull_request workflows", async () => {
    repo.git('remote', 'add', 'upstream', github.remoteUrl);
    repo.git('update-ref', 'refs/remotes/upstream/main', 'main');
    repo
      .write('.github/workflows/ci.yml', 'on: push\njobs:\n  unit: { runs-on: ubuntu-latest }\n')
      .write('.github/workflows/lint.yml', 'on: pull_request\njobs:\n  lint: { runs-on: ubuntu-latest }\n')
      .commitAll('CI');
    github.scenario.rulesets = { main: ['unit', 'lint'] };
    github.scenario.branchProtection = {};
    const { stdout } = await cli(repo.dir, ['status', '--format', 'json']);
    assert.deepEqual(
      JSON.parse(stdout).requiredChecks.map((c: { context: string; willReport: unknown; why: string }) => [c.context, c.willReport, c.why]),
      [
        ['unit', false, 'workflow ci.yml runs on push, and this push goes to a fork: only pull_request runs report on the pull request'],
        ['lint', true, "workflow lint.yml runs on pull_request; job 'lint' reports it"],
      ],
    );
  });

  it('a repository that is not a fork and has no pull request: asked once, then only its pull request list', async () => {
    github.scenario.forks = [];
    github.scenario.pullRequests = [];
    repo.git('remote', 'set-url', 'origin', github.remoteUrl);
    const first = await cli(repo.dir, ['status', '--format', 'json']);
    assert.equal(JSON.parse(first.stdout).fork, null);
    assert.deepEqual(
      paths(github).map((p) => p.replace(/\?.*/, '')),
      ['/api/v3/repos/acme/shop/pulls', '/api/v3/repos/acme/shop'],
    );
    github.requests.length = 0;
    await cli(repo.dir, ['status', '--format', 'json']);
    assert.deepEqual(
      paths(github).map((p) => p.replace(/\?.*/, '')),
      ['/api/v3/repos/acme/shop/pulls'],
    );
  });

  it('a fork whose branch has no pull request in the parent yet says where it would live', async () => {
    repo.git('remote', 'add', 'upstream', github.remoteUrl);
    github.scenario.pullRequests = [];
    const { stdout } = await cli(repo.dir, ['status']);
    assert.equal(
      stdout.split('\n').slice(0, 2).join('\n'),
      `acme/shop: No pull request for '${PR_BRANCH}'. Create one after the push (gh pr create).\n  pushing to fork alice/shop; its pull request would live in acme/shop`,
    );
  });

  it("an upstream remote that does not hold the branch's pull request: the one in the repository pushed to is shown", async () => {
    // A maintainer's clone: origin is acme/shop itself, and 'upstream' names some other repository on the server.
    repo.git('remote', 'set-url', 'origin', github.remoteUrl);
    repo.git('remote', 'add', 'upstream', github.remoteUrl.replace('/acme/shop.git', '/vendor/shop.git'));
    github.scenario.pullRequests[0].headRepository = undefined;
    const { stdout } = await cli(repo.dir, ['status', '--format', 'json']);
    const status = JSON.parse(stdout);
    assert.deepEqual([status.repository, status.fork, status.pullRequest?.number], ['acme/shop', null, 42]);
  });
});
