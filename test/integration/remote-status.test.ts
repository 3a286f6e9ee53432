import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig, type PreflightConfig } from '../../src/core/config/types';
import { sameOriginAuthFetch } from '../../src/core/remote/github-client';
import { refreshRemoteStatus, type MirrorOptions } from '../../src/core/remote/mirror';
import type { TempRepo } from '../helpers/temp-repo';
import { PR_BRANCH, repoOnFakeGitHub } from '../helpers/repo-on-fake-github';
import { FakeGitHub } from '../support/fake-github/server';
import { loadScenario } from '../support/fake-github/scenario';

const BRANCH = PR_BRANCH;

describe('remote PR mirror against a fake GitHub on loopback', function () {
  let repo: TempRepo;
  let head: string;
  let github: FakeGitHub;

  beforeEach(async () => {
    ({ repo, head, github } = await repoOnFakeGitHub('preflight-mirror-'));
  });

  afterEach(async () => {
    await github.close();
    repo.remove();
  });

  const refresh = (options: Partial<MirrorOptions> = {}, config: PreflightConfig = defaultConfig()) =>
    refreshRemoteStatus({ root: repo.dir, config, retryBaseMs: 5, timeoutMs: 1500, ...options });

  it('finds no pull request for a branch that has none', async () => {
    github.scenario.pullRequests = [];
    const status = await refresh();
    assert.equal(status.pullRequest, null);
    assert.equal(status.problem, undefined);
    assert.equal(status.repository, 'acme/shop');
    assert.deepEqual(status.blockers, []);
  });

  it("reads the branch's most recent pull request when none is open: merged, from the list alone", async () => {
    const [green] = github.scenario.pullRequests;
    github.scenario.pullRequests = [
      {
        ...green,
        number: 40,
        state: 'closed',
        closedAt: '2026-11-10T09:00:00Z',
        createdAt: '2026-11-01T09:00:00Z',
        headSha: 'c'.repeat(40),
      },
      {
        ...green,
        number: 42,
        state: 'closed',
        mergedAt: '2026-11-29T12:00:00Z',
        createdAt: '2026-11-19T09:00:00Z',
        headSha: 'd'.repeat(40),
      },
    ];
    const status = await refresh();
    assert.deepEqual(
      [status.pullRequest?.number, status.pullRequest?.state, status.pullRequest?.mergedAt, status.pullRequest?.headDiffers],
      [42, 'merged', '2026-11-29T12:00:00Z', true],
    );
    assert.deepEqual(status.checks, []);
    assert.deepEqual(
      github.requests.map((r) => r.path.replace(/\?.*/, '')),
      ['/api/v3/repos/acme/shop/pulls'],
      'no GraphQL query for a pull request that can no longer merge',
    );
    github.scenario.pullRequests.push({ ...green, number: 43, createdAt: '2026-11-30T09:00:00Z' });
    const reopened = await refresh();
    assert.deepEqual([reopened.pullRequest?.number, reopened.pullRequest?.state], [43, 'open'], 'an open pull request wins');
  });

  it('mirrors a green PR: required checks from rulesets and branch protection, approvals, staging', async () => {
    const status = await refresh();
    assert.equal(status.pullRequest?.number, 42);
    assert.equal(status.pullRequest?.headDiffers, false);
    assert.equal(status.pullRequest?.mergeState, 'clean');
    assert.deepEqual(
      status.checks.map((c) => [c.name, c.state, c.required]),
      [
        ['ci/test', 'success', true],
        ['lint', 'success', true],
        ['docs-preview', 'skipped', false],
      ],
    );
    assert.equal(status.reviews.decision, 'approved');
    assert.equal(status.reviews.approvals, 1);
    assert.equal(status.reviews.unresolvedThreads, 0);
    assert.equal(status.staging?.state, 'success');
    assert.equal(status.staging?.url, 'https://staging.shop.example.com');
    assert.deepEqual(status.blockers, []);
    assert.equal(github.requests.length, 3, 'a full refresh takes at most 3 requests');
  });

  it('reports a failing required check as a blocker', async () => {
    github.update((pr) => (pr.checkRuns![0].conclusion = 'FAILURE'));
    const status = await refresh();
    assert.equal(status.checks[0].name, 'ci/test');
    assert.equal(status.checks[0].state, 'failure');
    assert.deepEqual(status.blockers, ["required check 'ci/test' failed"]);
  });

  it('lists a required check that has not reported as missing', async () => {
    github.update((pr) => (pr.statuses = []));
    const status = await refresh();
    const lint = status.checks.find((c) => c.name === 'lint');
    assert.deepEqual([lint?.state, lint?.required, lint?.kind], ['missing', true, 'expected']);
  });

  it('reports changes requested, unresolved threads and open review tasks', async () => {
    github.update((pr) => {
      pr.reviewDecision = 'CHANGES_REQUESTED';
      pr.reviews = [
        { author: 'alice', state: 'APPROVED' },
        { author: 'bob', state: 'CHANGES_REQUESTED', body: 'Please:\n- [ ] add a lock timeout\n- [x] rename' },
      ];
      pr.threads = [{ path: 'db/x.sql', line: 3, comments: [{ author: 'bob', body: 'This locks the table.\n- [ ] use CONCURRENTLY' }] }];
    });
    const status = await refresh();
    assert.equal(status.reviews.decision, 'changes_requested');
    assert.deepEqual(status.reviews.changesRequestedBy, ['bob']);
    assert.equal(status.reviews.unresolvedThreads, 1);
    assert.equal(status.reviews.openTasks, 2);
    assert.equal(status.reviews.threads[0].excerpt, 'This locks the table.');
    assert.deepEqual(status.blockers, ['changes requested by bob', '1 unresolved review thread', '2 open review tasks']);
  });

  for (const [deployment, expected] of [
    ['IN_PROGRESS', 'pending'],
    ['FAILURE', 'failure'],
    ['SUCCESS', 'success'],
  ] as const) {
    it(`maps a staging deployment that is ${deployment} to ${expected}`, async () => {
      github.update((pr) => (pr.deployments![0].state = deployment));
      const status = await refresh();
      assert.equal(status.staging?.state, expected);
    });
  }

  it('waits for the QA label when the staging review is a label', async () => {
    github.update((pr) => (pr.labels = []));
    const config = defaultConfig();
    config.remote.stagingReview = { label: 'qa-approved' };
    const status = await refresh({}, config);
    assert.equal(status.staging?.state, 'pending');
    assert.match(status.blockers.join('\n'), /staging review pending \(label 'qa-approved'\)/);
  });

  it('sees that the local HEAD is ahead of the PR head', async () => {
    repo.write('b.txt', 'b\n').commitAll('second');
    const status = await refresh();
    assert.equal(status.pullRequest?.headDiffers, true);
    assert.equal(status.pullRequest?.headSha, head);
  });

  it('polls for free when nothing changed: the probe is a 304, no GraphQL', async () => {
    await refresh();
    github.requests.length = 0;
    const status = await refresh();
    assert.equal(status.pullRequest?.number, 42);
    assert.deepEqual(
      github.requests.map((r) => [r.status, r.costly]),
      [[304, false]],
    );
  });

  it('reads again after a change to the PR', async () => {
    await refresh();
    github.update((pr) => {
      pr.reviewDecision = 'CHANGES_REQUESTED';
      pr.updatedAt = '2026-11-22T08:00:00Z';
    });
    github.requests.length = 0;
    const status = await refresh();
    assert.equal(status.reviews.decision, 'changes_requested');
    assert.ok(github.requests.length <= 3);
    assert.equal(github.requests.filter((r) => r.graphql).length, 1);
  });

  it('keeps asking while a check is still running', async () => {
    github.update((pr) => (pr.checkRuns![0] = { name: 'ci/test', status: 'IN_PROGRESS', startedAt: '2026-11-22T08:00:00Z' }));
    await refresh();
    github.update((pr) => (pr.checkRuns![0] = { name: 'ci/test', status: 'COMPLETED', conclusion: 'SUCCESS' }));
    const status = await refresh();
    assert.equal(status.checks[0].state, 'success');
  });

  it('waits out a rate limit that resets soon, then recovers', async () => {
    github.exhaustRateLimit(1);
    setTimeout(() => github.restoreRateLimit(), 300);
    const status = await refresh({ retryBaseMs: 400 });
    assert.equal(status.problem, undefined);
    assert.equal(status.pullRequest?.number, 42);
  });

  it('shows the last known state with its age when rate limited for long, and the reset time', async () => {
    const first = await refresh();
    github.exhaustRateLimit(3600);
    const status = await refresh({ force: true });
    assert.equal(status.stale, true);
    assert.equal(status.problem?.kind, 'rate-limited');
    assert.equal(status.fetchedAt, first.fetchedAt);
    assert.equal(status.pullRequest?.number, 42);
    assert.equal(status.rateLimit?.remaining, 0);
  });

  it('retries a 502 with backoff and succeeds', async () => {
    github.inject({ kind: 'status', status: 502, count: 2 });
    const status = await refresh();
    assert.equal(status.problem, undefined);
    assert.equal(status.pullRequest?.number, 42);
    assert.deepEqual(
      github.requests.slice(0, 2).map((r) => r.status),
      [502, 502],
    );
  });

  it('gives up on a server that hangs, after the timeout and retries', async () => {
    github.inject({ kind: 'hang', count: 10 });
    const status = await refresh({ timeoutMs: 200 });
    assert.equal(status.problem?.kind, 'unreachable');
    assert.equal(status.pullRequest, null);
  });

  it('keeps the last known state while the server is down, then refreshes when it is back', async () => {
    const first = await refresh();
    await github.goOffline();
    const offline = await refresh({ force: true });
    assert.equal(offline.stale, true);
    assert.equal(offline.problem?.kind, 'unreachable');
    assert.equal(offline.fetchedAt, first.fetchedAt);
    assert.equal(offline.checks.length, 3);
    await github.comeBack();
    const back = await refresh({ force: true });
    assert.equal(back.stale, false);
    assert.equal(back.problem, undefined);
    assert.notEqual(back.fetchedAt, first.fetchedAt);
  });

  it('says to sign in again on 401, and keeps no token in the stored state', async () => {
    await github.close();
    github = await FakeGitHub.start(loadScenario('green', { headSha: head, branch: BRANCH }), { token: 'ghp_right' });
    repo.git('remote', 'set-url', 'origin', github.remoteUrl);
    const rejected = await refresh({ token: 'ghp_wrong_secret' });
    assert.equal(rejected.problem?.kind, 'unauthorized');
    const accepted = await refresh({ token: 'ghp_right' });
    assert.equal(accepted.pullRequest?.number, 42);
    const stored = readFileSync(join(repo.dir, '.git', 'preflight', 'remote-state.json'), 'utf8');
    assert.match(stored, /"number": 42/);
    assert.doesNotMatch(stored, /ghp_/);
  });

  it('needs a token for a server that is not on this machine', async () => {
    repo.git('remote', 'set-url', 'origin', 'git@github.com:acme/shop.git');
    const status = await refresh();
    assert.equal(status.problem?.kind, 'signed-out');
    assert.equal(github.requests.length, 0);
  });

  describe('where the token goes (the repository is untrusted input)', () => {
    const SECRET = 'ghp_user_secret_token';
    const withRepositoryApiUrl = (apiUrl: string): PreflightConfig => {
      const config = defaultConfig();
      config.remote.github.apiUrl = apiUrl;
      return config;
    };

    it("refuses a .preflight.yml that points a github.com remote's API at another host, before any request or token lookup", async () => {
      repo.git('remote', 'set-url', 'origin', 'git@github.com:acme/shop.git');
      const asked: string[] = [];
      const status = await refresh({ token: async (host) => (asked.push(host), SECRET) }, withRepositoryApiUrl(github.apiUrl));
      assert.equal(status.problem?.kind, 'unsafe-api-url');
      assert.match(
        status.problem!.message,
        /names 127\.0\.0\.1, which is not the remote's host github\.com: Preflight sends no token there/,
      );
      assert.deepEqual(asked, []);
      assert.equal(github.requests.length, 0);
    });

    it("accepts the same API URL from the user (setting or environment), asking for that host's token", async () => {
      repo.git('remote', 'set-url', 'origin', 'git@github.com:acme/shop.git');
      const asked: string[] = [];
      const status = await refresh({ apiUrl: github.apiUrl, token: async (host) => (asked.push(host), undefined) });
      assert.equal(status.pullRequest?.number, 42);
      assert.deepEqual(asked, ['127.0.0.1']);
    });

    it('drops the token when the server redirects to another origin, and keeps it for a redirect on the same server', async () => {
      const other = await FakeGitHub.start(loadScenario('green', { headSha: head, branch: BRANCH }));
      try {
        github.redirectTo = other.apiUrl.replace(/\/api\/v3$/, '');
        await refresh({ token: SECRET });
        assert.ok(other.requests.length > 0, 'the redirect was followed');
        assert.deepEqual(
          other.requests.map((r) => r.authorization),
          other.requests.map(() => undefined),
        );
        assert.ok(github.requests.every((r) => r.authorization === `token ${SECRET}`));

        github.requests.length = 0;
        github.redirectTo = github.apiUrl.replace(/\/api\/v3$/, '');
        const sameServer = await refresh({ token: SECRET, force: true });
        assert.equal(sameServer.pullRequest?.number, 42);
        assert.ok(github.requests.some((r) => r.path.startsWith('/moved/')));
        assert.ok(github.requests.every((r) => r.authorization === `token ${SECRET}`));
      } finally {
        await other.close();
      }
    });

    it('drops the Authorization header after a cross-origin redirect even when the fetch underneath would keep it', async () => {
      const other = await FakeGitHub.start(loadScenario('green', { headSha: head, branch: BRANCH }));
      try {
        github.redirectTo = other.apiUrl.replace(/\/api\/v3$/, '');
        const sent: Array<[string, string | null]> = [];
        const keepsEverything: typeof fetch = async (input, init) => (
          sent.push([String(input), new Headers(init?.headers).get('authorization')]),
          fetch(input, init)
        );
        const response = await sameOriginAuthFetch(keepsEverything)(`${github.apiUrl}/repos/acme/shop/pulls`, {
          headers: { authorization: `token ${SECRET}` },
        });
        assert.equal(response.status, 200);
        assert.deepEqual(sent, [
          [`${github.apiUrl}/repos/acme/shop/pulls`, `token ${SECRET}`],
          [`${other.apiUrl.replace(/\/api\/v3$/, '')}/moved/api/v3/repos/acme/shop/pulls`, null],
        ]);
      } finally {
        await other.close();
      }
    });

    it('never shows or stores credentials embedded in the remote URL', async () => {
      repo.git('remote', 'set-url', 'origin', 'https://alice:ghp_in_the_url@example.com/shop');
      const status = await refresh();
      assert.equal(status.problem?.message, "The remote 'origin' (https://example.com/shop) is not on a GitHub host.");
      repo.git('remote', 'set-url', 'origin', github.remoteUrl.replace('http://', 'http://alice:ghp_in_the_url@'));
      const mirrored = await refresh({ force: true });
      assert.equal(mirrored.pullRequest?.number, 42);
      assert.deepEqual(
        github.requests.map((r) => r.authorization),
        github.requests.map(() => undefined),
        'userinfo is not turned into a token',
      );
      assert.doesNotMatch(
        JSON.stringify(mirrored) + readFileSync(join(repo.dir, '.git', 'preflight', 'remote-state.json'), 'utf8'),
        /ghp_in_the_url/,
      );
    });
  });

  describe('a hostile or broken server', () => {
    const pullsPath = '/api/v3/repos/acme/shop/pulls';
    const cases: Array<[string, unknown]> = [
      ['a null where a pull request belongs', [null]],
      ['a number where the list belongs', 42],
      ['a pull request without its head', [{ number: 42, updated_at: '2026-11-20T10:00:00Z' }]],
    ];
    for (const [what, body] of cases) {
      it(`keeps the last known state on ${what}, without a crash`, async () => {
        const first = await refresh();
        github.answer = ({ path }) => (path === pullsPath ? { status: 200, body: JSON.stringify(body) } : undefined);
        const status = await refresh({ force: true });
        assert.equal(status.problem?.message, 'GitHub answered in an unexpected shape; the last known state is kept.');
        assert.equal(status.stale, true);
        assert.equal(status.pullRequest?.number, first.pullRequest?.number);
      });
    }

    it('refuses wrongly typed values from GraphQL instead of passing them into the JSON contract', async () => {
      github.answer = ({ path }) =>
        path === '/api/graphql'
          ? {
              status: 200,
              body: JSON.stringify({
                data: {
                  repository: {
                    pullRequest: {
                      number: 42,
                      title: 7,
                      url: null,
                      isDraft: 'no',
                      headRefOid: 1,
                      baseRefName: 'main',
                      mergeStateStatus: 'CLEAN',
                      commits: { nodes: [] },
                      labels: { nodes: [] },
                      reviewRequests: { nodes: [] },
                      reviews: { nodes: [] },
                      reviewThreads: { nodes: [] },
                      body: '',
                    },
                  },
                },
              }),
            }
          : undefined;
      const status = await refresh();
      assert.equal(status.problem?.kind, 'unreachable');
      assert.match(status.problem!.message, /^GitHub answered in an unexpected shape/);
      assert.equal(status.pullRequest, null);
    });

    it('stops reading an answer larger than the limit', async () => {
      const huge = JSON.stringify([{ number: 1, title: 'x'.repeat(30 * 1024 * 1024) }]);
      github.answer = ({ path }) => (path === pullsPath ? { status: 200, body: huge } : undefined);
      const before = process.memoryUsage().rss;
      const status = await refresh({ retries: 0 });
      assert.equal(status.problem?.message, `GitHub at ${github.apiUrl} sent an answer larger than 5 MB; it was not read.`);
      assert.ok(process.memoryUsage().rss - before < 200 * 1024 * 1024, 'the answer was not held in memory');
    });

    it('gives up on an answer that never ends, at the timeout', async () => {
      github.answer = ({ path }) => (path === pullsPath ? { status: 200, endless: true } : undefined);
      const started = Date.now();
      const status = await refresh({ timeoutMs: 500, retries: 0 });
      assert.equal(status.problem?.kind, 'unreachable');
      assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    });
  });

  describe('state files', () => {
    const stateDir = () => join(repo.dir, '.git', 'preflight');
    const stateFile = () => join(stateDir(), 'remote-state.json');
    const broken: Array<[string, () => void]> = [
      ['corrupt', () => writeFileSync(stateFile(), '{"version":1,"status":')],
      [
        'wrongly typed',
        () => writeFileSync(stateFile(), JSON.stringify({ version: 1, status: { version: 1, stale: 'yes', checks: 3 }, etags: [] })),
      ],
      ['a folder', () => (rmSync(stateFile()), mkdirSync(join(stateFile(), 'x'), { recursive: true }))],
    ];
    for (const [what, breakIt] of broken) {
      it(`ignores remote-state.json when it is ${what}, with one warning, and rebuilds it`, async () => {
        await refresh();
        breakIt();
        const warnings: string[] = [];
        const status = await refresh({ onWarning: (message) => warnings.push(message) });
        assert.equal(status.pullRequest?.number, 42);
        assert.equal(warnings.length, 1);
        assert.match(
          warnings[0],
          /^ignored .*remote-state\.json \((not valid JSON|not in the expected shape: .*|not a file)\); it will be rebuilt\.$/,
        );
        assert.equal(JSON.parse(readFileSync(stateFile(), 'utf8')).status.pullRequest.number, 42);
      });
    }

    it('rebuilds .git/preflight when a file stands where the folder should be', async () => {
      writeFileSync(stateDir(), 'not a folder');
      const status = await refresh();
      assert.equal(status.pullRequest?.number, 42);
      assert.deepEqual(readdirSync(stateDir()), ['remote-state.json'], 'written atomically: no temporary file left');
    });
  });
});
