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
