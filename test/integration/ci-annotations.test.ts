import assert from 'node:assert/strict';
import { runBuiltCliAsync } from '../helpers/built-cli';
import { defaultConfig } from '../../src/core/config/types';
import { ActionsError, failingStepLog, rerunFailedJobs } from '../../src/core/remote/actions';
import { refreshRemoteStatus, type MirrorOptions } from '../../src/core/remote/mirror';
import type { TempRepo } from '../helpers/temp-repo';
import { repoOnFakeGitHub } from '../helpers/repo-on-fake-github';
import type { FakeGitHub } from '../support/fake-github/server';

const SECRET = 'ghp_user_secret_token';

/** A GitHub Actions job log as GitHub serves it: one file per job, every line stamped with its time, colours in. */
const JOB_LOG = [
  '2026-11-20T10:00:01.0000000Z ##[group]Run actions/checkout@v4',
  '2026-11-20T10:00:02.0000000Z Syncing repository: acme/shop',
  '2026-11-20T10:00:03.0000000Z ##[endgroup]',
  '2026-11-20T10:00:10.1000000Z ##[group]Run npm test',
  '2026-11-20T10:00:10.2000000Z \x1b[36;1mnpm test\x1b[0m',
  '2026-11-20T10:00:11.0000000Z   1) orders total',
  '2026-11-20T10:00:11.5000000Z      AssertionError: expected 3 to equal 4\x07',
  '2026-11-20T10:00:12.0000000Z ##[error]Process completed with exit code 1.',
  '2026-11-20T10:00:13.0000000Z Post job cleanup.',
  '',
].join('\n');

describe('CI findings from the fake GitHub: annotations, the failing step log, re-run', function () {
  this.timeout(120_000);
  let repo: TempRepo;
  let github: FakeGitHub;

  beforeEach(async () => {
    ({ repo, github } = await repoOnFakeGitHub('preflight-ci-annotations-'));
    github.update((pr) => {
      pr.checkRuns = [
        {
          name: 'ci/test',
          status: 'COMPLETED',
          conclusion: 'FAILURE',
          url: 'https://github.com/acme/shop/actions/runs/555/job/981',
          id: 981,
          workflowRunId: 555,
          annotations: [
            {
              path: 'src/orders.ts',
              blob_href: 'https://github.com/acme/shop/blob/abc/src/orders.ts',
              start_line: 12,
              start_column: 5,
              end_line: 12,
              end_column: 18,
              annotation_level: 'failure',
              title: 'orders total',
              message: 'AssertionError: expected 3 to equal 4',
              raw_details: null,
            },
            { path: '../outside.txt', start_line: 1, end_line: 1, annotation_level: 'warning', message: 'outside', title: null },
          ],
          job: {
            startedAt: '2026-11-20T10:00:00Z',
            completedAt: '2026-11-20T10:00:13Z',
            log: JOB_LOG,
            steps: [
              {
                name: 'Set up job',
                status: 'completed',
                conclusion: 'success',
                number: 1,
                started_at: '2026-11-20T10:00:00Z',
                completed_at: '2026-11-20T10:00:01Z',
              },
              {
                name: 'Run actions/checkout@v4',
                status: 'completed',
                conclusion: 'success',
                number: 2,
                started_at: '2026-11-20T10:00:01Z',
                completed_at: '2026-11-20T10:00:03Z',
              },
              {
                name: 'Run npm test',
                status: 'completed',
                conclusion: 'failure',
                number: 3,
                started_at: '2026-11-20T10:00:10Z',
                completed_at: '2026-11-20T10:00:12Z',
              },
              {
                name: 'Post Run actions/checkout@v4',
                status: 'completed',
                conclusion: 'success',
                number: 5,
                started_at: '2026-11-20T10:00:13Z',
                completed_at: '2026-11-20T10:00:13Z',
              },
            ],
          },
        },
        {
          name: 'lint',
          status: 'COMPLETED',
          conclusion: 'SUCCESS',
          id: 982,
          workflowRunId: 555,
          annotations: [{ path: 'a.ts', start_line: 1, end_line: 1, annotation_level: 'warning', message: 'unused' }],
        },
      ];
      pr.statuses = [];
    });
  });

  afterEach(async () => {
    await github.close();
    repo.remove();
  });

  const options = (extra: Partial<MirrorOptions> = {}): MirrorOptions => ({
    root: repo.dir,
    config: defaultConfig(),
    retryBaseMs: 5,
    timeoutMs: 3000,
    ...extra,
  });
  const annotationRequests = () => github.requests.filter((r) => r.path.includes('/annotations'));

  it("lists a failing check run's annotations in the status, asked for once per check run and cached by its id", async () => {
    const status = await refreshRemoteStatus(options());
    const test = status.checks.find((c) => c.name === 'ci/test')!;
    assert.equal(test.id, 981);
    assert.equal(test.workflowRunId, 555);
    assert.deepEqual(test.annotations, [
      {
        path: 'src/orders.ts',
        startLine: 12,
        endLine: 12,
        startColumn: 5,
        endColumn: 18,
        level: 'failure',
        message: 'AssertionError: expected 3 to equal 4',
        title: 'orders total',
      },
    ]);
    assert.equal(status.checks.find((c) => c.name === 'lint')!.annotations, undefined, 'a passing check is not asked');
    assert.deepEqual(
      annotationRequests().map((r) => r.path),
      ['/api/v3/repos/acme/shop/check-runs/981/annotations?per_page=50'],
    );

    const before = github.requests.length;
    const settled = await refreshRemoteStatus(options());
    assert.deepEqual(settled.checks, JSON.parse(JSON.stringify(status.checks)));
    assert.deepEqual(
      github.requests.slice(before).map((r) => [r.method, r.path.split('?')[0], r.status, r.costly]),
      [['GET', '/api/v3/repos/acme/shop/pulls', 304, false]],
      'a settled, unchanged poll is still one conditional request answered 304',
    );

    const again = await refreshRemoteStatus(options({ force: true }));
    assert.deepEqual(again.checks.find((c) => c.name === 'ci/test')!.annotations, test.annotations);
    assert.equal(annotationRequests().length, 1, 'the second full refresh took them from the stored state');

    github.update((pr) => (pr.checkRuns![0].id = 990)); // a re-run is a new check run
    github.update((pr) => (pr.updatedAt = '2026-11-22T10:00:00Z'));
    await refreshRemoteStatus(options());
    assert.deepEqual(
      annotationRequests().map((r) => r.path),
      ['/api/v3/repos/acme/shop/check-runs/981/annotations?per_page=50', '/api/v3/repos/acme/shop/check-runs/990/annotations?per_page=50'],
    );
  });

  it('prints them in `preflight status`: all in the JSON, the first ones under the failing check in the text', async () => {
    const run = (args: string[]) => runBuiltCliAsync(repo.dir, args);
    const json = await run(['status', '--format', 'json']);
    assert.equal(json.code, 0);
    const status = JSON.parse(json.stdout) as { checks: Array<{ name: string; annotations?: unknown[] }> };
    assert.deepEqual(
      status.checks.map((c) => [c.name, c.annotations?.length]),
      [
        ['ci/test', 1],
        ['lint', undefined],
      ],
    );
    const text = await run(['status']);
    assert.match(text.stdout, /\n {6}src\/orders\.ts:12 {2}failure {2}orders total: AssertionError: expected 3 to equal 4\n/);
  });

  it('keeps the status when the annotations cannot be read', async () => {
    github.answer = ({ path }) => (path.endsWith('/annotations') ? { status: 500, body: '{"message":"Server Error"}' } : undefined);
    const status = await refreshRemoteStatus(options({ retries: 0 }));
    assert.equal(status.problem, undefined);
    assert.equal(status.checks.find((c) => c.name === 'ci/test')!.annotations, undefined);
  });

  it("shows the failing step's log end as text; the redirect to the log storage carries no token", async () => {
    const storage = await github.startLogStorage();
    repo.git('remote', 'set-url', 'origin', github.remoteUrl);
    const log = await failingStepLog({ ...options(), token: SECRET }, 981);
    assert.deepEqual(log, {
      job: 'ci/test',
      step: 'Run npm test',
      text: [
        '##[group]Run npm test',
        'npm test',
        '  1) orders total',
        '     AssertionError: expected 3 to equal 4\\x07',
        '##[error]Process completed with exit code 1.',
      ].join('\n'),
      stepLines: 5,
      shownLines: 5,
      url: 'https://github.com/acme/shop/actions/runs/555/job/981',
    });
    const toGitHub = github.requests.filter((r) => r.path.includes('/actions/jobs/981'));
    assert.deepEqual(
      toGitHub.map((r) => [r.path, r.status, r.authorization]),
      [
        ['/api/v3/repos/acme/shop/actions/jobs/981', 200, `token ${SECRET}`],
        ['/api/v3/repos/acme/shop/actions/jobs/981/logs', 302, `token ${SECRET}`],
      ],
    );
    assert.deepEqual(storage.requests, [{ path: '/job-logs/981?sv=2023-11-03&sig=signed-by-github', authorization: undefined }]);
  });

  it('says so when the log is gone, without a stack trace', async () => {
    await assert.rejects(
      failingStepLog({ ...options(), token: SECRET }, 4242),
      new ActionsError('GitHub has no such job or run in acme/shop any more (logs expire), or this account cannot see it.'),
    );
  });

  it('re-runs the failed jobs of the workflow run', async () => {
    await rerunFailedJobs({ ...options(), token: SECRET }, 555);
    assert.deepEqual(github.reruns, [555]);
    const post = github.requests.find((r) => r.method === 'POST');
    assert.deepEqual(
      [post?.path, post?.status, post?.authorization],
      ['/api/v3/repos/acme/shop/actions/runs/555/rerun-failed-jobs', 201, `token ${SECRET}`],
    );
    await assert.rejects(rerunFailedJobs({ ...options(), token: SECRET }, 1), ActionsError);
  });
});

describe('protected branches from the fake GitHub', function () {
  this.timeout(120_000);
  let repo: TempRepo;
  let github: FakeGitHub;

  beforeEach(async () => {
    ({ repo, github } = await repoOnFakeGitHub('preflight-protection-'));
  });

  afterEach(async () => {
    await github.close();
    repo.remove();
  });

  it("remembers the base branch's protection under the remote, also once the branch has no pull request", async () => {
    const options = { root: repo.dir, config: defaultConfig(), retryBaseMs: 5, timeoutMs: 3000 };
    const status = await refreshRemoteStatus(options);
    assert.deepEqual(status.branchProtection, { remote: 'origin', branches: ['main'] });
    repo.git('checkout', '-q', '-b', 'main-copy');
    const elsewhere = await refreshRemoteStatus(options);
    assert.equal(elsewhere.pullRequest, null);
    assert.deepEqual(elsewhere.branchProtection, { remote: 'origin', branches: ['main'] });

    repo.git('checkout', '-q', 'feature/orders-index');
    github.scenario.rulesets = {};
    github.scenario.branchProtection = {};
    github.update((pr) => (pr.updatedAt = '2026-11-23T10:00:00Z'));
    const unprotected = await refreshRemoteStatus({ ...options, force: true });
    assert.deepEqual(unprotected.branchProtection, { remote: 'origin', branches: [] });
  });
});
