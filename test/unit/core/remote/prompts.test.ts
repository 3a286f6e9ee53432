import assert from 'node:assert/strict';
import { defaultConfig } from '../../../../src/core/config/types';
import { buildPanel } from '../../../../src/core/panel/panel-model';
import type { PanelNode } from '../../../../src/core/panel/panel-node';
import { gitBranchProtection, isProtectedBranch, protectionAfterReading } from '../../../../src/core/remote/branch-protection';
import { remoteNotifications } from '../../../../src/core/remote/notifications';
import type { CheckSummary, RemoteStatus } from '../../../../src/core/remote/types';

const SHA = 'a'.repeat(40);
const OTHER = 'b'.repeat(40);

function status(over: Partial<RemoteStatus> = {}, headSha = SHA): RemoteStatus {
  return {
    version: 1,
    repository: 'acme/shop',
    repositoryUrl: 'https://github.com/acme/shop',
    branch: 'feature/x',
    localHeadSha: SHA,
    fetchedAt: '2026-11-22T10:00:00Z',
    stale: false,
    problem: undefined,
    pullRequest: {
      number: 42,
      state: 'open',
      url: 'https://github.com/acme/shop/pull/42',
      title: 'Index orders',
      draft: false,
      headSha,
      baseRef: 'main',
      mergeState: 'clean',
      headDiffers: false,
      requestedReviewers: [],
      labels: [],
    },
    checks: [],
    reviews: { decision: 'review_required', approvals: 0, changesRequestedBy: [], unresolvedThreads: 0, openTasks: 0, threads: [] },
    staging: null,
    mergeQueue: null,
    blockers: [],
    rateLimit: undefined,
    ...over,
  };
}

const check = (name: string, state: CheckSummary['state'], required = true): CheckSummary => ({
  name,
  state,
  required,
  url: `https://ci/${name}`,
  kind: 'check-run',
});

describe('VS Code prompts from the mirror', () => {
  describe('remoteNotifications (previous state → new state)', () => {
    it('notifies a required check that failed on the pushed commit, once per transition', () => {
      const running = status({ checks: [check('ci/test', 'pending'), check('lint', 'pending', false)] });
      const failed = status({ checks: [check('ci/test', 'failure'), check('lint', 'failure', false)] });
      assert.deepEqual(remoteNotifications(running, failed), [
        {
          key: `${SHA}:required-check-failed:ci/test`,
          kind: 'required-check-failed',
          severity: 'warning',
          message: "Required check 'ci/test' failed on aaaaaaa (#42).",
          url: 'https://ci/ci/test',
        },
      ]);
      assert.deepEqual(remoteNotifications(failed, failed), [], 'still failing is no transition');
    });

    it("counts a new head's failure as new, even when the previous head had failed too", () => {
      const oldHead = status({ checks: [check('ci/test', 'failure')], localHeadSha: SHA }, OTHER);
      const keys = remoteNotifications(oldHead, status({ checks: [check('ci/test', 'failure')] })).map((n) => n.key);
      assert.deepEqual(keys, [`${SHA}:required-check-failed:ci/test`]);
    });

    it('notifies a reviewer who newly requested changes, not one who had already', () => {
      const before = status({ reviews: { ...status().reviews, changesRequestedBy: ['bob'] } });
      const after = status({ reviews: { ...status().reviews, decision: 'changes_requested', changesRequestedBy: ['bob', 'carol'] } });
      assert.deepEqual(
        remoteNotifications(before, after).map((n) => [n.key, n.message]),
        [[`${SHA}:changes-requested:carol`, 'carol requested changes on #42 Index orders.']],
      );
    });

    it("notifies the staging review's QA signal when it arrives", () => {
      const staging = { environment: 'staging', url: 'https://staging.example', updatedAt: undefined, signal: "label 'qa-approved'" };
      const waiting = status({ staging: { ...staging, state: 'pending' } });
      const approved = status({ staging: { ...staging, state: 'success' } });
      assert.deepEqual(remoteNotifications(waiting, approved), [
        {
          key: `${SHA}:staging-review:success`,
          kind: 'staging-review',
          severity: 'info',
          message: "Staging review passed for aaaaaaa (#42): label 'qa-approved'.",
          url: 'https://staging.example',
        },
      ]);
      assert.deepEqual(remoteNotifications(approved, approved), []);
    });

    it('says nothing without an earlier state, for a stale or failed read, or for a head that is not the commit checked out here', () => {
      const failed = status({ checks: [check('ci/test', 'failure')] });
      const running = status({ checks: [check('ci/test', 'pending')] });
      assert.deepEqual(remoteNotifications(undefined, failed), []);
      assert.deepEqual(remoteNotifications(running, { ...failed, stale: true }), []);
      assert.deepEqual(remoteNotifications(running, { ...failed, problem: { kind: 'unreachable', message: 'x' } }), []);
      assert.deepEqual(remoteNotifications(running, { ...failed, localHeadSha: OTHER }), [], 'someone else pushed it');
      assert.deepEqual(remoteNotifications(status({ pullRequest: null }), failed), [], 'a new pull request is no transition');
    });
  });

  describe('branch protection for VS Code', () => {
    it('counts rulesets that stop a plain push, and classic protection', () => {
      assert.equal(isProtectedBranch([{ type: 'pull_request' }], null), true);
      assert.equal(isProtectedBranch([{ type: 'required_status_checks' }], null), true);
      assert.equal(isProtectedBranch([{ type: 'deletion' }, { type: 'non_fast_forward' }], null), false);
      assert.equal(isProtectedBranch([], { requiredStatusCheckContexts: [] }), true);
      assert.equal(isProtectedBranch([], null), false);
    });

    it('adds and removes a base branch, keeping the others, under the remote they were read through', () => {
      const first = protectionAfterReading(undefined, 'origin', 'main', true);
      const both = protectionAfterReading(first, 'origin', 'release/1.x', true);
      assert.deepEqual(both, { remote: 'origin', branches: ['main', 'release/1.x'] });
      assert.deepEqual(protectionAfterReading(both, 'origin', 'main', false), { remote: 'origin', branches: ['release/1.x'] });
      assert.deepEqual(protectionAfterReading(both, 'upstream', 'main', true), { remote: 'upstream', branches: ['main'] });
    });

    it("gives VS Code's Git extension exact patterns", () => {
      assert.deepEqual(gitBranchProtection({ remote: 'origin', branches: ['main', 'release/[1]*'] }), [
        { remote: 'origin', rules: [{ include: ['main', 'release/\\[1\\]\\*'] }] },
      ]);
      assert.deepEqual(gitBranchProtection({ remote: 'origin', branches: [] }), []);
      assert.deepEqual(gitBranchProtection(undefined), []);
    });
  });

  it("offers a failing Actions check's log and a re-run in the view, and counts its annotations", () => {
    const failing: CheckSummary = {
      ...check('ci/test', 'failure'),
      id: 981,
      workflowRunId: 555,
      annotations: [{ path: 'a.ts', startLine: 1, endLine: 1, level: 'failure', message: 'm' }],
    };
    const panel = buildPanel({
      config: defaultConfig(),
      gate: undefined,
      hookInstalled: undefined,
      remote: status({ checks: [failing, { ...check('lint', 'failure'), id: 7 }] }),
      checking: false,
      now: Date.parse('2026-11-22T10:00:00Z'),
    });
    const find = (nodes: PanelNode[], id: string): PanelNode | undefined =>
      nodes.map((n) => (n.id === id ? n : find(n.children ?? [], id))).find(Boolean);
    const row = find(panel, 'pr:check:ci/test')!;
    assert.equal(row.tooltip, '1 annotation from CI in the Problems panel (Preflight (CI))');
    assert.deepEqual(
      row.children?.map((c) => [c.label, c.target]),
      [
        ["Show the failing step's log", { kind: 'action', action: 'showCheckLog', title: "Show the Failing Step's Log", argument: 981 }],
        ['Re-run failed jobs', { kind: 'action', action: 'rerunFailedJobs', title: 'Re-run Failed Jobs', argument: 555 }],
      ],
    );
    assert.equal(find(panel, 'pr:check:lint')!.children, undefined, 'not from GitHub Actions');
  });
});
