import * as vscode from 'vscode';
import { STARTER_CONFIG } from '../core/config/starter';
import { CONFIG_FILE_NAMES } from '../core/config/loader';
import type { LiveDiagnostics } from './live-diagnostics';
import type { StatusView } from './status-view';
import type { WorkspaceConfigs } from './workspace-configs';
import { relativePath, uriOf } from './paths';
import { summaryOf } from './summary';
import type { StatusBar } from './status-bar';

export interface CommandDeps {
  configs: WorkspaceConfigs;
  live: LiveDiagnostics;
  view: StatusView;
  statusBar: StatusBar;
  log: vscode.LogOutputChannel;
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('preflight.check', () => checkActiveFile(deps)),
    vscode.commands.registerCommand('preflight.createConfig', () => createConfig(deps)),
    vscode.commands.registerCommand('preflight.showOutput', () => deps.log.show()),
  ];
}

/** For now the check analyses the active file; the push-range gate replaces this when it lands. */
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
    const exists = await vscode.workspace.fs.stat(uri).then(() => true, () => false);
    if (!exists) await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(STARTER_CONFIG));
  }
  await vscode.window.showTextDocument(uri);
}
