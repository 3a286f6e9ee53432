import * as vscode from 'vscode';
import { STARTER_CONFIG } from '../core/config/starter';
import { CONFIG_FILE_NAMES } from '../core/config/loader';
import type { LiveDiagnostics } from './live-diagnostics';
import type { StatusView } from './status-view';
import type { WorkspaceConfigs } from './workspace-configs';
import { relativePath, uriOf } from './paths';
import { summaryOf } from './summary';
import type { StatusBar } from './status-bar';
import type { RemoteMirror } from './remote-mirror';
import { combinedVerdict } from '../core/panel/combined-verdict';
import { newPullRequestUrlFor } from '../core/remote/fork';
import type { GateController } from './gate';
import type { FolderState } from './workspace-configs';

export interface CommandDeps {
  configs: WorkspaceConfigs;
  live: LiveDiagnostics;
  view: StatusView;
  statusBar: StatusBar;
  gate: GateController;
  mirror: RemoteMirror;
  log: vscode.LogOutputChannel;
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('preflight.check', () => (vscode.workspace.isTrusted ? checkPush(deps) : checkActiveFile(deps))),
    vscode.commands.registerCommand('preflight.installHook', () =>
      withFolder(deps, async (folder) => {
        const status = await deps.gate.installHook(folder);
        void vscode.window.showInformationMessage(
          `Preflight: the pre-push hook is installed${status.chainedHook ? ' (your existing pre-push hook still runs first)' : ''}.`,
        );
      }),
    ),
    vscode.commands.registerCommand('preflight.uninstallHook', () =>
      withFolder(deps, async (folder) => {
        await deps.gate.uninstallHook(folder);
        void vscode.window.showInformationMessage('Preflight: the pre-push hook is removed.');
      }),
    ),
    vscode.commands.registerCommand('preflight.createConfig', () => createConfig(deps)),
    vscode.commands.registerCommand('preflight.showOutput', () => deps.log.show()),
    vscode.commands.registerCommand('preflight.refresh', () => refresh(deps)),
    vscode.commands.registerCommand('preflight.signIn', () => deps.mirror.refresh(true, true)),
    vscode.commands.registerCommand('preflight.openPullRequest', () => openPullRequest(deps)),
    vscode.commands.registerCommand('preflight.openStaging', () => openStaging(deps)),
    vscode.commands.registerCommand('preflight.createPullRequest', () => createPullRequest(deps)),
  ];
}

/** The folder of the active editor, else the first workspace folder. */
async function withFolder(deps: CommandDeps, run: (folder: FolderState) => Promise<void>): Promise<void> {
  const uri = vscode.window.activeTextEditor?.document.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  const state = uri && (deps.configs.stateFor(uri) ?? (await reloadFolderOf(deps.configs, uri)));
  if (!state) {
    void vscode.window.showInformationMessage('Preflight: open a folder with a git repository first.');
    return;
  }
  await run(state);
}

/** The pre-push gate on the folder's repository: what `git push` would send, and one verdict. */
async function checkPush(deps: CommandDeps): Promise<void> {
  await withFolder(deps, async (folder) => {
    const report = await vscode.window.withProgress({ location: { viewId: 'preflight.status' }, title: 'Checking the push' }, () =>
      deps.gate.check(folder),
    );
    const combined = combinedVerdict(report, deps.mirror.status, folder.loaded.config);
    const summary = `${combined.line}.`;
    if (combined.verdict === 'pass') void vscode.window.showInformationMessage(`Preflight: ${summary}`);
    else {
      const choice = await vscode.window.showWarningMessage(`Preflight: ${summary}`, 'Show Problems');
      if (choice) await vscode.commands.executeCommand('workbench.actions.view.problems');
    }
  });
}

/** Checks the push again and asks GitHub now, whatever the poll schedule says. */
async function refresh(deps: CommandDeps): Promise<void> {
  if (!vscode.workspace.isTrusted) return checkActiveFile(deps);
  await withFolder(deps, async (folder) => {
    await vscode.window.withProgress({ location: { viewId: 'preflight.status' }, title: 'Refreshing' }, () =>
      Promise.all([deps.gate.check(folder), deps.mirror.refresh(true)]),
    );
  });
}

async function openPullRequest({ mirror }: CommandDeps): Promise<void> {
  const pr = mirror.status?.pullRequest;
  if (pr) await vscode.env.openExternal(vscode.Uri.parse(pr.url));
  else
    void vscode.window
      .showInformationMessage(
        mirror.status?.problem?.message ?? 'Preflight: there is no pull request for this branch yet.',
        'Create Pull Request',
      )
      .then((c) => c && createPullRequest({ mirror } as CommandDeps));
}

async function openStaging({ mirror }: CommandDeps): Promise<void> {
  const url = mirror.status?.staging?.url;
  if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
  else void vscode.window.showInformationMessage('Preflight: no staging deployment of the pull request head is known.');
}

/** GitHub's "open a pull request" page for the branch; the branch must be pushed first. */
async function createPullRequest({ mirror }: CommandDeps): Promise<void> {
  const status = mirror.status;
  if (!status?.repositoryUrl || !status.branch) {
    void vscode.window.showInformationMessage(status?.problem?.message ?? 'Preflight: this branch has no GitHub remote.');
    return;
  }
  const ended = status.pullRequest && status.pullRequest.state !== 'open' ? status.pullRequest.baseRef : undefined;
  await vscode.env.openExternal(vscode.Uri.parse(newPullRequestUrlFor(status, ended) ?? status.repositoryUrl));
}

/**
 * In an untrusted workspace the gate does not run: reading a repository with git can run
 * commands that the repository's own configuration names. The active file is analysed instead.
 */
async function checkActiveFile({ configs, live, view, statusBar }: CommandDeps): Promise<void> {
  const document = vscode.window.activeTextEditor?.document;
  if (!document) {
    void vscode.window.showInformationMessage('Preflight: open a file to check it.');
    return;
  }
  const state = configs.stateFor(document.uri) ?? (await reloadFolderOf(configs, document.uri));
  if (!state) {
    void vscode.window.showInformationMessage('Preflight: this file is not in a workspace folder.');
    return;
  }
  const findings = [...state.loaded.findings, ...(await live.analyzeNow(document))];
  const target = relativePath(state.root, document.uri) ?? document.uri.path;
  view.showReport({ folder: state, target, findings, at: new Date() });
  statusBar.show(findings);
  const summary = summaryOf(findings);
  const message = `Preflight: ${summary.text} in ${target}${state.loaded.findings.length ? ` and ${state.loaded.file}` : ''}.`;
  if (findings.length === 0) void vscode.window.showInformationMessage(message);
  else {
    const choice = await vscode.window.showWarningMessage(message, 'Show Problems');
    if (choice) await vscode.commands.executeCommand('workbench.actions.view.problems');
  }
}

async function reloadFolderOf(configs: WorkspaceConfigs, uri: vscode.Uri) {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return folder ? configs.reload(folder) : undefined;
}

/** Writes the starter configuration, never over an existing file. */
async function createConfig({ configs }: CommandDeps): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showInformationMessage('Preflight: open a folder first.');
    return;
  }
  const state = configs.stateFor(folder.uri) ?? (await configs.reload(folder));
  const existing = state.loaded.file ?? CONFIG_FILE_NAMES[0];
  const uri = uriOf(state.root, existing);
  if (!state.loaded.file) {
    const exists = await vscode.workspace.fs.stat(uri).then(
      () => true,
      () => false,
    );
    if (!exists) await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(STARTER_CONFIG));
  }
  await vscode.window.showTextDocument(uri);
}
