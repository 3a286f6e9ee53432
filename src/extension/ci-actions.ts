import * as vscode from 'vscode';
import { ActionsError, failingStepLog, rerunFailedJobs, type ActionsOptions } from '../core/remote/actions';
import { githubToken, userSetting, type RemoteMirror } from './remote-mirror';
import type { WorkspaceConfigs } from './workspace-configs';

/** "Show the failing step's log" and "Re-run failed jobs" on a failing GitHub Actions check row. */
export function registerCiActions(configs: WorkspaceConfigs, mirror: RemoteMirror, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const options = (): ActionsOptions | undefined => {
    const folder = configs.all()[0];
    if (!folder || !vscode.workspace.isTrusted) return undefined;
    return {
      root: folder.root,
      config: folder.loaded.config,
      apiUrl: userSetting<string>('preflight', 'github.apiUrl') || undefined,
      token: (host) => githubToken(host, false),
      onRequest: (r) => log.info(`GitHub ${r.method} ${r.path} → ${r.status} ${r.ms} ms`),
    };
  };
  return [
    vscode.commands.registerCommand('preflight.showCheckLog', async (jobId: unknown) => {
      const ready = options();
      if (!ready || typeof jobId !== 'number') return;
      try {
        const excerpt = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: "Preflight: reading the failing step's log" },
          () => failingStepLog(ready, jobId),
        );
        const heading = [
          `${excerpt.job}${excerpt.step ? ` · ${excerpt.step}` : ''}: the last ${excerpt.shownLines} of ${excerpt.stepLines} lines`,
          ...(excerpt.url ? [excerpt.url] : []),
          '',
        ];
        // An untitled plain-text document: the log is shown as text, nothing in it runs or renders.
        const document = await vscode.workspace.openTextDocument({ content: [...heading, excerpt.text, ''].join('\n'), language: 'log' });
        await vscode.window.showTextDocument(document, { preview: true });
      } catch (error) {
        void vscode.window.showErrorMessage(`Preflight: ${messageOf(error)}`);
      }
    }),
    vscode.commands.registerCommand('preflight.rerunFailedJobs', async (runId: unknown) => {
      const ready = options();
      if (!ready || typeof runId !== 'number') return;
      const checks = (mirror.status?.checks ?? []).filter((c) => c.workflowRunId === runId && c.state === 'failure').map((c) => c.name);
      const choice = await vscode.window.showWarningMessage(
        `Re-run the failed jobs of workflow run ${runId}${checks.length ? ` (${checks.join(', ')})` : ''}?`,
        { modal: true, detail: 'GitHub runs the failed jobs again, and the jobs that depend on them.' },
        'Re-run Failed Jobs',
      );
      if (choice !== 'Re-run Failed Jobs') return;
      try {
        await rerunFailedJobs(ready, runId);
        void vscode.window.showInformationMessage(`Preflight: GitHub is running the failed jobs of workflow run ${runId} again.`);
        mirror.notePush();
      } catch (error) {
        void vscode.window.showErrorMessage(`Preflight: ${messageOf(error)}`);
      }
    }),
  ];
}

function messageOf(error: unknown): string {
  return error instanceof ActionsError
    ? error.message
    : `GitHub did not answer (${error instanceof Error ? error.message : String(error)}).`;
}
