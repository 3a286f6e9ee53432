import assert from 'node:assert/strict';
import { defaultConfig, type PreflightConfig } from '../../../../src/core/config/types';
import { commitsPushedTo, remoteReasons } from '../../../../src/core/gate/remote-reasons';
import type { PullRequestSummary, RemoteStatus } from '../../../../src/core/remote/types';

const NOW = Date.parse('2026-12-01T12:00:00Z');

function statusWith(pr: Partial<PullRequestSummary>): RemoteStatus {
  return {
    version: 1,
    repository: 'acme/shop',
    repositoryUrl: 'https://github.com/acme/shop',
    branch: 'feature/orders-index',
    localHeadSha: 'b'.repeat(40),
    fetchedAt: '2026-12-01T11:59:00Z',
    stale: false,
    problem: undefined,
    pullRequest: {
      number: 42,
      state: 'merged',
      mergedAt: '2026-11-29T12:00:00Z',
      url: 'https://github.com/acme/shop/pull/42',
      title: 'Index orders by customer',
      draft: false,
      headSha: 'a'.repeat(40),
      baseRef: 'main',
      mergeState: 'unknown',
      headDiffers: true,
      requestedReviewers: [],
      labels: [],
      ...pr,
    },
    checks: [],
    reviews: { decision: 'none', approvals: 0, changesRequestedBy: [], unresolvedThreads: 0, openTasks: 0, threads: [] },
    staging: null,
    mergeQueue: null,
    blockers: [],
    rateLimit: undefined,
  };
}

function configWith(mergedBranch: PreflightConfig['remote']['mergedBranch']): PreflightConfig {
  const config = defaultConfig();
  config.remote.mergedBranch = mergedBranch;
  return config;
}

describe('gate reasons for a branch whose pull request was merged or closed', () => {
  it('blocks by default, says how many commits would be lost and links to a new pull request against the same base', () => {
    assert.deepEqual(remoteReasons(statusWith({}), defaultConfig(), NOW, 3), [
      {
        kind: 'remote',
        blocking: true,
        text: "PR #42 for this branch was merged 2 days ago; these 3 commits will not reach main: open a new pull request from 'feature/orders-index'",
        url: 'https://github.com/acme/shop/compare/main...feature/orders-index?expand=1',
      },
    ]);
  });

  it('says "closed without merging" for a closed one, and follows remote.mergedBranch', () => {
    const closed = statusWith({ state: 'closed', mergedAt: undefined, closedAt: '2026-12-01T09:00:00Z' });
    assert.deepEqual(
      remoteReasons(closed, configWith('warn'), NOW, 1).map((r) => [r.blocking, r.text]),
      [
        [
          false,
          "PR #42 for this branch was closed 3 h ago without merging; this commit will not reach main: open a new pull request from 'feature/orders-index'",
        ],
      ],
    );
    assert.deepEqual(remoteReasons(closed, configWith('off'), NOW, 1), []);
  });

  it('says nothing when nothing new is pushed: the local head is the merged head, or the push sends no commit to the branch', () => {
    assert.deepEqual(remoteReasons(statusWith({ headDiffers: false }), defaultConfig(), NOW, 2), []);
    assert.deepEqual(remoteReasons(statusWith({}), defaultConfig(), NOW, 0), []);
    assert.match(remoteReasons(statusWith({}), defaultConfig(), NOW, undefined)[0].text, /; the commits pushed now will not reach main/);
  });

  it('counts only the commits pushed to the branch itself', () => {
    const pushes = [
      { remoteRef: 'refs/heads/feature/orders-index', deletion: false, commits: 2 },
      { remoteRef: 'refs/heads/other', deletion: false, commits: 5 },
      { remoteRef: 'refs/heads/feature/orders-index', deletion: true, commits: 0 },
    ];
    assert.equal(commitsPushedTo('feature/orders-index', pushes), 2);
    assert.equal(commitsPushedTo('main', pushes), 0);
    assert.equal(commitsPushedTo(undefined, pushes), undefined);
  });
});

describe('gate reasons for a pull request in the merge queue', () => {
  const queued = (headDiffers: boolean): RemoteStatus => ({
    ...statusWith({ state: 'open', mergedAt: undefined, mergeState: 'clean', headDiffers }),
    mergeQueue: { position: 2, state: 'awaiting_checks', enqueuedAt: '2026-12-01T11:40:00Z', estimatedTimeToMerge: 720 },
  });

  it('warns that a push takes it out of the queue, as remote.gate says', () => {
    assert.deepEqual(remoteReasons(queued(true), defaultConfig(), NOW, 1), [
      {
        kind: 'remote',
        blocking: false,
        text: 'PR #42 is #2 in the merge queue · awaiting checks · about 12 min to merge: pushing removes it from the queue',
        url: 'https://github.com/acme/shop/pull/42',
      },
    ]);
    assert.deepEqual(remoteReasons(queued(false), defaultConfig(), NOW, 0), [], 'nothing new to push');
  });
});

describe('gate reasons for required checks that will never report', () => {
  const withPredictions = (): RemoteStatus => ({
    ...statusWith({ state: 'open', mergedAt: undefined }),
    requiredChecks: [
      {
        context: 'e2e',
        workflow: '.github/workflows/e2e.yml',
        job: 'e2e',
        willReport: false,
        why: "workflow e2e.yml only runs for paths: ['web/**']",
        line: 4,
      },
      { context: 'unit', workflow: '.github/workflows/ci.yml', job: 'unit', willReport: true, why: 'runs', line: 3 },
      { context: 'ci/jenkins', workflow: null, job: null, willReport: 'unknown', why: 'a commit status' },
    ],
  });
  const configWithRequired = (requiredChecks: PreflightConfig['remote']['requiredChecks']) => {
    const config = defaultConfig();
    config.remote.requiredChecks = requiredChecks;
    return config;
  };

  it('warns by default, pointing at the filter in the workflow file', () => {
    assert.deepEqual(remoteReasons(withPredictions(), defaultConfig(), NOW), [
      {
        kind: 'remote',
        blocking: false,
        text: "Required check 'e2e' will never report for this push: workflow e2e.yml only runs for paths: ['web/**']",
        file: '.github/workflows/e2e.yml',
        line: 4,
      },
    ]);
  });

  it("blocks with remote.requiredChecks: block, says nothing with 'off', and says how old a stale state is", () => {
    assert.deepEqual(
      remoteReasons(withPredictions(), configWithRequired('block'), NOW).map((r) => r.blocking),
      [true],
    );
    assert.deepEqual(remoteReasons(withPredictions(), configWithRequired('off'), NOW), []);
    const stale = { ...withPredictions(), stale: true };
    assert.equal(
      remoteReasons(stale, defaultConfig(), NOW)[0].text,
      "Required check 'e2e' will never report for this push: workflow e2e.yml only runs for paths: ['web/**'] (last known state, 1 min old)",
    );
  });
});
