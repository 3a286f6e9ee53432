import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { RemoteStatus } from '../../../src/core/remote/types';
import { eventually, preflightApi, workspaceRoot } from './helpers';

/**
 * CI's annotations in the Problems panel. The fixture's pushed commit (HEAD~1) plays the pull
 * request head; its src/app.ts is
 *   1 export function add(a: number, b: number): number {
 *   2   return a + b;
 *   3 }
 */
describe('CI annotations in the Problems panel', () => {
  const appUri = () => vscode.Uri.joinPath(workspaceRoot(), 'src', 'app.ts');
  const ciDiagnostics = (uri = appUri()) =>
    vscode.languages
      .getDiagnostics(uri)
      .filter((d) => d.source === 'Preflight (CI)')
      .map((d) => ({
        line: d.range.start.line,
        start: d.range.start.character,
        endLine: d.range.end.line,
        end: d.range.end.character,
        message: d.message,
        severity: d.severity,
        code: d.code,
      }));

  const statusFor = (headSha: string, state: 'failure' | 'success'): RemoteStatus =>
    ({
      version: 1,
      repository: 'acme/shop',
      repositoryUrl: undefined,
      branch: 'main',
      localHeadSha: undefined,
      fetchedAt: new Date().toISOString(),
      stale: false,
      problem: undefined,
      pullRequest: {
        number: 42,
        state: 'open',
        url: '',
        title: 't',
        draft: false,
        headSha,
        baseRef: 'main',
        mergeState: 'clean',
        headDiffers: true,
        requestedReviewers: [],
        labels: [],
      },
      checks: [
        {
          name: 'ci/test',
          state,
          required: true,
          url: undefined,
          kind: 'check-run',
          id: 981,
          workflowRunId: 555,
          annotations: [
            {
              path: 'src/app.ts',
              startLine: 2,
              endLine: 2,
              startColumn: 3,
              endColumn: 16,
              level: 'failure',
              message: 'expected 3 to equal 4',
              title: 'add',
            },
            { path: 'src/app.ts', startLine: 1, endLine: 1, level: 'notice', message: 'exported without a test' },
            { path: '../outside/secret.ts', startLine: 1, endLine: 1, level: 'failure', message: 'outside' },
          ],
        },
      ],
      reviews: { decision: 'none', approvals: 0, changesRequestedBy: [], unresolvedThreads: 0, openTasks: 0, threads: [] },
      staging: null,
      mergeQueue: null,
      blockers: [],
      rateLimit: undefined,
    }) as RemoteStatus;

  it("shows a failing check's annotations on the local lines, follows edits through the diff, and clears when the check passes", async () => {
    const api = await preflightApi();
    await eventually(() => api.mirror.status, "the mirror's first state");
    const root = workspaceRoot().fsPath;
    const head = spawnSync('git', ['rev-parse', 'HEAD~1'], { cwd: root, encoding: 'utf8' }).stdout.trim();

    await api.ciAnnotations.show(root, statusFor(head, 'failure'));
    assert.deepEqual(ciDiagnostics(), [
      {
        line: 1,
        start: 2,
        endLine: 1,
        end: 15,
        message: 'add: expected 3 to equal 4',
        severity: vscode.DiagnosticSeverity.Error,
        code: 'ci/test',
      },
      {
        line: 0,
        start: 0,
        endLine: 0,
        end: 51,
        message: 'exported without a test',
        severity: vscode.DiagnosticSeverity.Information,
        code: 'ci/test',
      },
    ]);
    assert.deepEqual(
      api.ciAnnotations.entries().map((e) => e.path),
      ['src/app.ts'],
      'nothing outside the workspace',
    );

    const editor = await vscode.window.showTextDocument(appUri());
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// one\n// two\n'));
    await eventually(() => ciDiagnostics()[0]?.line === 3, 'the annotation to move down two lines');
    await api.ciAnnotations.settled;
    assert.deepEqual(
      ciDiagnostics().map((d) => [d.line, d.message]),
      [
        [3, 'add: expected 3 to equal 4'],
        [2, 'exported without a test'],
      ],
    );

    await editor.edit((edit) => edit.replace(new vscode.Range(3, 11, 3, 12), '-'));
    await eventually(() => ciDiagnostics().length === 1, 'the annotation of the changed line to be dropped');
    assert.deepEqual(
      ciDiagnostics().map((d) => [d.line, d.message]),
      [[2, 'exported without a test']],
    );
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

    await api.ciAnnotations.show(root, statusFor(head, 'success'));
    assert.deepEqual(ciDiagnostics(), []);
  });

  it('places nothing when the pull request head is not in this clone', async () => {
    const api = await preflightApi();
    await api.ciAnnotations.show(workspaceRoot().fsPath, statusFor('e'.repeat(40), 'failure'));
    assert.deepEqual(ciDiagnostics(), []);
  });
});
