import * as vscode from 'vscode';
import { builtinAnalyzers } from '../core/engine/registry';
import { registerCommands } from './commands';
import { LiveDiagnostics } from './live-diagnostics';
import { PreflightCodeActions } from './code-actions';
import { PreflightHovers } from './hovers';
import { StatusBar } from './status-bar';
import { StatusView } from './status-view';
import { WorkspaceConfigs } from './workspace-configs';

/** What the extension exposes to its own in-host tests (and to other extensions). */
export interface PreflightApi {
  configs: WorkspaceConfigs;
  view: StatusView;
  live: LiveDiagnostics;
}

/**
 * Wires VS Code events to the core. Nothing heavy happens here: configs load in the
 * background and the analyzers load their parsers on first use.
 */
export function activate(context: vscode.ExtensionContext): PreflightApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Preflight', { log: true });
  const configs = new WorkspaceConfigs(log);
  const live = new LiveDiagnostics(configs, builtinAnalyzers(), log);
  const view = new StatusView(configs);
  const statusBar = new StatusBar();
  context.subscriptions.push(
    log,
    configs,
    live,
    view,
    statusBar,
    vscode.window.createTreeView('preflight.status', { treeDataProvider: view, showCollapseAll: false }),
    ...registerCommands({ configs, live, view, statusBar, log }),
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new PreflightCodeActions(live), PreflightCodeActions.metadata),
    vscode.languages.registerHoverProvider({ scheme: 'file' }, new PreflightHovers(live)),
  );
  void configs.loadAll().then(() => live.analyzeAllOpen());
  log.info(`activated in ${(performance.now() - started).toFixed(1)} ms (workspace trusted: ${vscode.workspace.isTrusted})`);
  return { configs, view, live };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
