import * as vscode from 'vscode';
import type { GateReport } from '../core/gate/run-gate';
import { builtinAnalyzers } from '../core/engine/registry';
import { registerCommands } from './commands';
import { LiveDiagnostics } from './live-diagnostics';
import { PreflightCodeActions } from './code-actions';
import { PreflightHovers } from './hovers';
import { StatusBar } from './status-bar';
import { StatusView } from './status-view';
import { WorkspaceConfigs } from './workspace-configs';
import { GateController } from './gate';
import { join } from 'node:path';

/** What the extension exposes to its own in-host tests (and to other extensions). */
export interface PreflightApi {
  configs: WorkspaceConfigs;
  view: StatusView;
  live: LiveDiagnostics;
  gate: GateController;
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
  const gate = new GateController(log, join(context.extensionPath, 'dist', 'cli.js'));
  gate.onDidReport(({ folder, report }) => view.showGate({ folder, report }));
  context.subscriptions.push(
    gate,
    log,
    configs,
    live,
    view,
    statusBar,
    vscode.window.createTreeView('preflight.status', { treeDataProvider: view, showCollapseAll: false }),
    ...registerCommands({ configs, live, view, statusBar, gate, log }),
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new PreflightCodeActions(live, (uri, ruleId) => configs.locateTeamRule(uri, ruleId)), PreflightCodeActions.metadata),
    vscode.languages.registerHoverProvider({ scheme: 'file' }, new PreflightHovers(live)),
  );
  void configs.loadAll().then(() => {
    live.analyzeAllOpen();
    if (vscode.workspace.isTrusted) for (const folder of configs.all()) void gate.watchHookReports(folder, (report) => void offerAfterBlockedPush(report));
  });
  log.info(`activated in ${(performance.now() - started).toFixed(1)} ms (workspace trusted: ${vscode.workspace.isTrusted})`);
  return { configs, view, live, gate };
}

/** VS Code's own message for a failed hook says little; this one says why, and what to do. */
async function offerAfterBlockedPush(report: GateReport): Promise<void> {
  const first = report.reasons.find((r) => r.blocking);
  const choice = await vscode.window.showWarningMessage(`Push blocked by Preflight${first ? `: ${first.file ? `${first.file}:${first.line} ` : ''}${first.text}` : '.'}`, 'Show', 'Push Anyway');
  if (choice === 'Show') await vscode.commands.executeCommand('workbench.view.extension.preflight');
  if (choice === 'Push Anyway') {
    const terminal = vscode.window.createTerminal({ name: 'Preflight: push anyway', env: { PREFLIGHT_SKIP: '1' } });
    terminal.show();
    terminal.sendText('git push');
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
