import assert from 'node:assert/strict';
import { defaultConfig } from '../../../../src/core/config/types';
import type { GateReport } from '../../../../src/core/gate/run-gate';
import { combinedVerdict, statusBarSummary } from '../../../../src/core/panel/combined-verdict';
import { buildPanel, type PanelInput } from '../../../../src/core/panel/panel-model';
import type { PanelNode } from '../../../../src/core/panel/panel-node';
import type { RemoteStatus } from '../../../../src/core/remote/types';

const NOW = Date.parse('2026-11-22T10:00:00Z');

function gate(overrides: Partial<GateReport> = {}): GateReport {
  return {
    version: 1,
    verdict: 'pass',
    reasons: [],
    findings: [],
    configFindings: [],
    remote: 'origin',
    local: {
      branch: 'feature/x',
      detached: false,
      head: 'b'.repeat(40),
      upstream: 'origin/feature/x',
      ahead: 1,
      behind: 0,
      uncommitted: ['src/a.ts'],
      untracked: [],
      shallow: false,
    },
    pushes: [
      {
        localRef: 'refs/heads/feature/x',
        remoteRef: 'refs/heads/feature/x',
        deletion: false,
        commits: 1,
        files: ['db/V2.sql'],
        truncated: false,
      },
    ],
    commands: [],
    pullRequest: undefined,
    checkedAt: '2026-11-22T09:59:30Z',
    ...overrides,
  };
}

function remote(overrides: Partial<RemoteStatus> = {}): RemoteStatus {
  return {
    version: 1,
    repository: 'acme/shop',
    repositoryUrl: 'https://github.com/acme/shop',
    branch: 'feature/x',
    localHeadSha: 'b'.repeat(40),
    fetchedAt: '2026-11-22T09:59:50Z',
    stale: false,
    problem: undefined,
    pullRequest: {
      number: 42,
      state: 'open',
      url: 'https://github.com/acme/shop/pull/42',
      title: 'Index orders',
      draft: false,
      headSha: 'a'.repeat(40),
      baseRef: 'main',
      mergeState: 'clean',
      headDiffers: true,
      requestedReviewers: [],
      labels: [],
    },
    checks: [
      { name: 'ci/test', state: 'failure', required: true, url: 'https://ci/1', kind: 'check-run' },
      { name: 'lint', state: 'pending', required: false, url: undefined, startedAt: '2026-11-22T09:57:00Z', kind: 'check-run' },
    ],
    reviews: { decision: 'approved', approvals: 1, changesRequestedBy: [], unresolvedThreads: 0, openTasks: 0, threads: [] },
    staging: {
      environment: 'staging',
      state: 'pending',
      url: 'https://staging.example',
      updatedAt: '2026-11-22T09:40:00Z',
      signal: "label 'qa-approved'",
    },
    mergeQueue: null,
    blockers: ["required check 'ci/test' failed"],
    rateLimit: { remaining: 4990, limit: 5000, resetAt: '2026-11-22T11:00:00Z', resource: 'core' },
    ...overrides,
  };
}

const input = (over: Partial<PanelInput> = {}): PanelInput => ({
  config: defaultConfig(),
  gate: gate(),
  hookInstalled: true,
  remote: remote(),
  checking: false,
  now: NOW,
  ...over,
});
const find = (nodes: PanelNode[], id: string): PanelNode | undefined => {
  for (const node of nodes) {
    if (node.id === id) return node;
    const found = find(node.children ?? [], id);
    if (found) return found;
  }
  return undefined;
};

describe('the Preflight view model', () => {
  it('sums local and remote reasons in one verdict, with links to where to act', () => {
    const panel = buildPanel(input());
    const verdict = panel[0];
    assert.equal(verdict.label, 'Push with care (2 warnings)');
    assert.match(verdict.description ?? '', /^1 commit → origin · checked 30 s ago$/);
    assert.deepEqual(
      verdict.children?.map((c) => [c.label, c.target]),
      [
        ["PR #42: required check 'ci/test' failed", { kind: 'url', url: 'https://ci/1' }],
        [
          "PR #42: staging review pending (label 'qa-approved'): a push replaces what QA is reviewing",
          { kind: 'url', url: 'https://staging.example' },
        ],
      ],
    );
  });

  it('blocks when the team makes remote blockers blocking', () => {
    const config = defaultConfig();
    config.remote.gate = 'block';
    const combined = combinedVerdict(gate(), remote(), config, NOW);
    assert.equal(combined.line, 'Push blocked (2 reasons)');
    assert.deepEqual(statusBarSummary(combined), {
      icon: 'error',
      label: '2 blocking',
      tooltip: 'Preflight: Push blocked (2 reasons). Click to open the Preflight view.',
    });
  });

  it('shows the pull request: head vs local, checks failing first with running time, reviews, merge state', () => {
    const panel = buildPanel(input());
    const pr = find(panel, 'pr')!;
    assert.equal(pr.label, '#42 Index orders');
    assert.deepEqual(pr.target, { kind: 'url', url: 'https://github.com/acme/shop/pull/42' });
    assert.equal(find(panel, 'pr:head')?.description, 'the push restarts checks and may dismiss approvals');
    assert.equal(find(panel, 'pr:checks:failing')?.description, '1 failing · 1 running or expected');
    assert.equal(find(panel, 'pr:check:lint')?.description, 'running 3 min');
    assert.equal(find(panel, 'pr:check:ci/test')?.description, 'required · failure');
    assert.match(pr.tooltip ?? '', /GitHub API budget: 4990\/5000/);
    assert.equal(find(panel, 'staging')?.label, 'Staging review: pending');
  });

  it('shows a merged pull request as merged, blocks the push of new commits to its branch, and offers a new pull request', () => {
    const merged = remote({
      pullRequest: { ...remote().pullRequest!, state: 'merged', mergedAt: '2026-11-20T10:00:00Z', mergeState: 'unknown' },
      checks: [],
      staging: null,
      blockers: [],
    });
    const panel = buildPanel(input({ remote: merged }));
    const pr = find(panel, 'pr')!;
    assert.deepEqual(
      [pr.label, pr.description, pr.icon, pr.children?.map((c) => [c.label, c.target])],
      [
        '#42 Index orders',
        'merged 2 days ago · new commits reach no pull request',
        { id: 'git-merge', tone: 'warning' },
        [['Create a new pull request from these commits', { kind: 'action', action: 'createPullRequest', title: 'Create Pull Request' }]],
      ],
    );
    assert.deepEqual(
      panel[0].children?.map((c) => [c.label, c.target]),
      [
        [
          "PR #42 for this branch was merged 2 days ago; this commit will not reach main: open a new pull request from 'feature/x'",
          { kind: 'url', url: 'https://github.com/acme/shop/compare/main...feature/x?expand=1' },
        ],
      ],
    );
    assert.equal(panel[0].label, 'Push blocked (1 reason)');
  });

  it('shows the age of a stale state and offers a retry', () => {
    const panel = buildPanel(
      input({
        remote: remote({
          stale: true,
          fetchedAt: '2026-11-22T09:46:00Z',
          problem: { kind: 'unreachable', message: 'GitHub did not answer' },
        }),
      }),
    );
    const stale = find(panel, 'pr:stale')!;
    assert.equal(stale.label, 'Last known state, 14 min old');
    assert.deepEqual(stale.target, { kind: 'action', action: 'refresh', title: 'Retry' });
    assert.match(panel[0].children?.[0].label ?? '', /\(last known state, 14 min old\)$/);
  });

  it('offers to sign in, or to create the pull request', () => {
    const signedOut = buildPanel(
      input({ remote: remote({ fetchedAt: undefined, pullRequest: null, problem: { kind: 'signed-out', message: 'Sign in' } }) }),
    );
    assert.deepEqual(find(signedOut, 'pr')?.target, { kind: 'action', action: 'signIn', title: 'Sign in to GitHub' });
    const none = buildPanel(input({ remote: remote({ pullRequest: null, checks: [], staging: null, blockers: [] }) }));
    assert.equal(find(none, 'pr')?.label, "No pull request for 'feature/x'");
    assert.equal(find(none, 'pr')?.target?.kind, 'action');
  });

  it('groups the push findings by kind, each opening its line', () => {
    const finding = {
      ruleId: 'migration/require-concurrent-index-creation',
      severity: 'error' as const,
      file: 'db/V2.sql',
      line: 3,
      column: 1,
      endLine: 3,
      endColumn: 9,
      message: 'Index locks writes',
    };
    const panel = buildPanel(input({ gate: gate({ findings: [finding] }), remote: undefined }));
    const group = find(panel, 'push:Migrations')!;
    assert.equal(group.children?.[0].label, 'Index locks writes');
    assert.deepEqual(group.children?.[0].target, { kind: 'file', file: 'db/V2.sql', line: 3, column: 1 });
    assert.equal(find(panel, 'local')?.label, 'Local: feature/x → origin/feature/x');
    assert.equal(find(panel, 'local:uncommitted')?.label, '1 uncommitted file (not in the push)');
  });

  it('before the first check, offers to run it', () => {
    const panel = buildPanel(input({ gate: undefined, remote: undefined }));
    assert.deepEqual(
      panel.map((n) => n.label),
      ['Not checked yet'],
    );
  });

  it('shows the required checks this push will not get, each with its fix, and adds the gate reason', () => {
    const never = {
      context: 'e2e',
      workflow: '.github/workflows/e2e.yml',
      job: 'e2e',
      willReport: false as const,
      why: "workflow e2e.yml only runs for paths: ['web/**']",
      fix: "move the paths filter into a step's if: condition, or add a job named 'e2e' to a workflow that always runs",
      line: 4,
    };
    const requiredChecks = [
      never,
      { context: 'unit', workflow: '.github/workflows/ci.yml', job: 'unit', willReport: true as const, why: 'runs', line: 3 },
      {
        context: 'shard (1)',
        workflow: '.github/workflows/ci.yml',
        job: 'shard',
        willReport: 'unknown' as const,
        why: "job 'shard' in ci.yml may report it: its matrix is computed when the workflow runs (${{ fromJSON(x) }})",
        line: 9,
      },
      { context: 'ci/jenkins', workflow: null, job: null, willReport: 'unknown' as const, why: 'a commit status' },
    ];
    const panel = buildPanel(input({ remote: remote({ requiredChecks }) }));
    const node = find(panel, 'pr:required:never')!;
    assert.equal(node.label, 'Required checks for this push');
    assert.equal(node.description, '1 will never report · 2 cannot tell · 1 will report');
    assert.deepEqual(node.icon, { id: 'circle-slash', tone: 'failed' });
    assert.deepEqual(
      node.children?.map((c) => [c.label, c.description, c.target, c.children?.map((f) => f.label)]),
      [
        [
          "'e2e' will never report",
          "workflow e2e.yml only runs for paths: ['web/**']",
          { kind: 'file', file: '.github/workflows/e2e.yml', line: 4 },
          ["Fix: move the paths filter into a step's if: condition, or add a job named 'e2e' to a workflow that always runs"],
        ],
        [
          "'shard (1)' may not report",
          "job 'shard' in ci.yml may report it: its matrix is computed when the workflow runs (${{ fromJSON(x) }})",
          { kind: 'file', file: '.github/workflows/ci.yml', line: 9 },
          undefined,
        ],
      ],
    );
    const verdict = panel[0];
    assert.deepEqual(
      verdict.children?.map((c) => [c.label, c.target]).filter(([label]) => String(label).startsWith('Required')),
      [
        [
          "Required check 'e2e' will never report for this push: workflow e2e.yml only runs for paths: ['web/**']",
          { kind: 'file', file: '.github/workflows/e2e.yml', line: 4 },
        ],
      ],
    );
  });

  it('says nothing about required checks when each one will report', () => {
    const requiredChecks = [{ context: 'unit', workflow: '.github/workflows/ci.yml', job: 'unit', willReport: true as const, why: 'runs' }];
    const panel = buildPanel(input({ remote: remote({ requiredChecks }) }));
    assert.equal(find(panel, 'pr:required:never'), undefined);
    assert.equal(find(panel, 'pr:required:unknown'), undefined);
  });

  it("says where a fork's pull request lives", () => {
    const fork = {
      repository: 'alice/shop',
      repositoryUrl: 'https://github.com/alice/shop',
      parent: 'acme/shop',
      via: 'upstream-remote' as const,
    };
    const node = find(buildPanel(input({ remote: remote({ fork }) })), 'pr:fork')!;
    assert.equal(node.label, 'pushing to fork alice/shop; PR #42 lives in acme/shop');
    assert.deepEqual(node.target, { kind: 'url', url: 'https://github.com/alice/shop' });
    assert.equal(find(buildPanel(input()), 'pr:fork'), undefined);
  });
});
