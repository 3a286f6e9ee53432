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
  const logs = new CheckLogs();
  return [
    vscode.workspace.registerTextDocumentContentProvider(CheckLogs.scheme, logs),
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
        const uri = logs.put(`${excerpt.job}${excerpt.step ? ` ${excerpt.step}` : ''}`, [...heading, excerpt.text, ''].join('\n'));
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
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

/**
 * Read-only documents of log excerpts: the log is shown as text (nothing in it runs or renders), and
 * closing it asks nothing, as an untitled document would.
 */
class CheckLogs implements vscode.TextDocumentContentProvider {
  static readonly scheme = 'preflight-ci-log';
  private readonly texts = new Map<string, string>();
  private next = 0;

  put(title: string, text: string): vscode.Uri {
    const key = String(++this.next);
    this.texts.set(key, text);
    if (this.texts.size > 20) this.texts.delete(this.texts.keys().next().value!);
    // The name ends in .log, so VS Code shows it in its Log language.
    return vscode.Uri.from({ scheme: CheckLogs.scheme, path: `/${title.replace(/[\\/:*?"<>|]+/g, ' ').trim() || 'log'}.log`, query: key });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.query) ?? 'This log excerpt is no longer kept: show it again from the Preflight view.';
  }
}
