import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RemoteStatus } from '../../../src/core/remote/types';
import { eventually, preflightApi, workspaceRoot } from './helpers';

/** The parts of VS Code's Git extension API v1 this test reads. */
interface GitRepository {
  state: { HEAD?: { name?: string; upstream?: { remote: string; name: string } } };
  isBranchProtected(branch?: { type: number; name: string; upstream?: { remote: string; name: string } }): boolean;
}

const SHA = 'a'.repeat(40);

function status(over: Partial<RemoteStatus>): RemoteStatus {
  return {
    version: 1,
    repository: 'acme/shop',
    repositoryUrl: 'https://github.com/acme/shop',
    branch: 'main',
    localHeadSha: SHA,
    fetchedAt: new Date().toISOString(),
    stale: false,
    problem: undefined,
    pullRequest: null,
    checks: [],
    reviews: { decision: 'none', approvals: 0, changesRequestedBy: [], unresolvedThreads: 0, openTasks: 0, threads: [] },
    staging: null,
    mergeQueue: null,
    blockers: [],
    rateLimit: undefined,
    ...over,
  };
}

describe("VS Code's own prompts", () => {
  it("tells VS Code's Git extension which branches GitHub protects, without a git.branchProtection setting", async () => {
    const api = await preflightApi();
    const gitExtension = vscode.extensions.getExtension<{ getAPI(v: 1): { getRepository(uri: vscode.Uri): GitRepository | null } }>(
      'vscode.git',
    );
    assert.ok(gitExtension, "VS Code's Git extension is there");
    const git = (gitExtension.isActive ? gitExtension.exports : await gitExtension.activate()).getAPI(1);
    const repository = await eventually(
      () => git.getRepository(workspaceRoot()) ?? undefined,
      'the Git extension to open the repository',
      30_000,
    );
    await eventually(() => repository.state.HEAD?.upstream?.remote === 'origin', 'main to track origin/main');
    assert.deepEqual(vscode.workspace.getConfiguration('git').get('branchProtection'), []);
    assert.equal(repository.isBranchProtected(), false);

    const root = workspaceRoot().fsPath;
    await api.branchProtection.show(root, status({ branchProtection: { remote: 'origin', branches: ['main'] } }));
    await eventually(() => repository.isBranchProtected(), 'VS Code to see main as protected');
    const feature = { type: 0, name: 'feature/x', upstream: { remote: 'origin', name: 'feature/x' } };
    assert.equal(repository.isBranchProtected(feature), false);
    assert.equal(repository.isBranchProtected({ type: 0, name: 'main', upstream: { remote: 'fork', name: 'main' } }), false);

    await api.branchProtection.show(root, status({ branchProtection: { remote: 'origin', branches: [] } }));
    await eventually(() => !repository.isBranchProtected(), 'VS Code to see main unprotected again');
  });

  it('notifies a required check that failed on the pushed commit once, and not at all with the setting off', async () => {
    const api = await preflightApi();
    const pr = {
      number: 42,
      state: 'open' as const,
      url: 'https://github.com/acme/shop/pull/42',
      title: 'Index orders',
      draft: false,
      headSha: SHA,
      baseRef: 'main',
      mergeState: 'clean' as const,
      headDiffers: false,
      requestedReviewers: [],
      labels: [],
    };
    const check = (state: 'pending' | 'failure') => ({
      name: 'ci/notify',
      state,
      required: true,
      url: undefined,
      kind: 'check-run' as const,
    });
    api.notifications.show(status({ pullRequest: pr, checks: [check('pending')] }));
    assert.deepEqual(
      api.notifications.show(status({ pullRequest: pr, checks: [check('failure')] })).map((n) => n.message),
      ["Required check 'ci/notify' failed on aaaaaaa (#42)."],
    );
    api.notifications.show(status({ pullRequest: pr, checks: [check('pending')] }));
    assert.deepEqual(api.notifications.show(status({ pullRequest: pr, checks: [check('failure')] })), [], 'once per commit');

    const settings = vscode.workspace.getConfiguration('preflight');
    await settings.update('notifications.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      const other = { ...pr, headSha: 'c'.repeat(40) };
      api.notifications.show(status({ pullRequest: other, localHeadSha: other.headSha, checks: [check('pending')] }));
      assert.deepEqual(api.notifications.show(status({ pullRequest: other, localHeadSha: other.headSha, checks: [check('failure')] })), []);
    } finally {
      await settings.update('notifications.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    await vscode.commands.executeCommand('notifications.clearAll');
  });
});
