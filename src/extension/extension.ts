import * as vscode from 'vscode';
import type { GateReport } from '../core/gate/run-gate';
import { builtinAnalyzers } from '../core/engine/registry';
import { combinedVerdict } from '../core/panel/combined-verdict';
import { registerCommands } from './commands';
import { LiveDiagnostics } from './live-diagnostics';
import { PreflightCodeActions, PreflightFixAll } from './code-actions';
import { RuleMatchLenses } from './rule-lenses';
import { PreflightHovers } from './hovers';
import { StatusBar } from './status-bar';
import { StatusView } from './status-view';
import { WorkspaceConfigs } from './workspace-configs';
import { GateController } from './gate';
import { CliServer } from './cli-server';
import { RemoteMirror } from './remote-mirror';
import { TestFirst } from './test-first';
import { MigrationTrace } from './trace';
import { join } from 'node:path';
import { CiAnnotations } from './ci-annotations';
import { registerCiActions } from './ci-actions';
import { GitBranchProtection, RemoteNotifications } from './git-prompts';

/** What the extension exposes to its own in-host tests (and to other extensions). */
export interface PreflightApi {
  configs: WorkspaceConfigs;
  view: StatusView;
  live: LiveDiagnostics;
  gate: GateController;
  mirror: RemoteMirror;
  testFirst: TestFirst;
  trace: MigrationTrace;
  ciAnnotations: CiAnnotations;
  branchProtection: GitBranchProtection;
  notifications: RemoteNotifications;
  server: CliServer;
  /** How long activate() took, in milliseconds (the in-host tier reports it). */
  activationMs: number;
}

const RECHECK_AFTER_SAVE_MS = 1500;

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
  const cliPath = join(context.extensionPath, 'dist', 'cli.js');
  const gate = new GateController(log, cliPath);
  // The hook's runs start at once while this window is open (src/cli/commands/serve.ts); only where a hook can ask for it.
  const server = new CliServer(cliPath, log, async () => {
    for (const state of configs.all()) if ((await gate.hookStatus(state).catch(() => undefined))?.installed) return true;
    return false;
  });
  const mirror = new RemoteMirror(log);
  const testFirst = new TestFirst(configs, log);
  const trace = new MigrationTrace(configs, log);
  const ciAnnotations = new CiAnnotations(log);
  const branchProtection = new GitBranchProtection(log);
  const notifications = new RemoteNotifications(context.workspaceState);
  const treeView = vscode.window.createTreeView('preflight.status', { treeDataProvider: view, showCollapseAll: true });
  const showVerdict = () => {
    const folder = view.gate?.folder;
    const combined = view.gate && folder ? combinedVerdict(view.gate.report, view.remote, folder.loaded.config) : undefined;
    statusBar.showVerdict(combined, view.gate?.hookInstalled);
    treeView.badge =
      combined && combined.verdict !== 'pass'
        ? { value: combined.reasons.filter((r) => r.blocking).length || combined.reasons.length, tooltip: combined.line }
        : undefined;
  };
  gate.onDidCheck((checking) => view.setChecking(checking));
  gate.onDidReport(({ folder, report, hookInstalled }) => {
    view.showGate({ folder, report, hookInstalled });
    showVerdict();
  });
  mirror.onDidChange((status) => {
    view.showRemote(status);
    showVerdict();
  });
  mirror.onDidChange((status) => {
    const root = configs.all()[0]?.root;
    if (root) void ciAnnotations.show(root, status);
    if (root) void branchProtection.show(root, status);
    notifications.show(status);
  });
  context.subscriptions.push(
    gate,
    server,
    gate.onDidInstallHook(() => void server.start()),
    log,
    configs,
    live,
    view,
    statusBar,
    mirror,
    treeView,
    ...registerCommands({ configs, live, view, statusBar, gate, mirror, log }),
    vscode.languages.registerCodeActionsProvider(
      { scheme: 'file' },
      new PreflightCodeActions(live, (uri, ruleId) => configs.locateTeamRule(uri, ruleId)),
      PreflightCodeActions.metadata,
    ),
    vscode.languages.registerCodeActionsProvider(
      { scheme: 'file' },
      new PreflightFixAll((document) => live.analyzeNow(document)),
      PreflightFixAll.metadata,
    ),
    vscode.languages.registerHoverProvider({ scheme: 'file' }, new PreflightHovers(live)),
    ...new RuleMatchLenses(configs, log).register(),
    ...testFirst.register(),
    ...trace.register(),
    ciAnnotations,
    branchProtection,
    ...registerCiActions(configs, mirror, log),
  );
  void configs.loadAll().then(() => {
    live.analyzeAllOpen();
    // Untrusted workspaces run nothing from the repository: no git, so no gate and no mirror.
    if (!vscode.workspace.isTrusted) return;
    const folder = configs.all()[0];
    for (const state of configs.all()) void gate.watchHookReports(state, (report) => void afterHookReport(report));
    void server.start();
    if (!folder) return;
    void gate.check(folder).catch((error: unknown) => log.warn(`gate: ${String(error)}`));
    void mirror.start(folder);
    context.subscriptions.push(
      recheckAfterSaves(() => void gate.check(configs.all()[0]).catch((error: unknown) => log.warn(`gate: ${String(error)}`))),
    );
  });

  function afterHookReport(report: GateReport): void {
    if (report.verdict !== 'block') mirror.notePush();
    else void offerAfterBlockedPush(report);
  }

  const activationMs = performance.now() - started;
  log.info(`activated in ${activationMs.toFixed(1)} ms (workspace trusted: ${vscode.workspace.isTrusted})`);
  return { configs, view, live, gate, mirror, testFirst, trace, ciAnnotations, branchProtection, notifications, server, activationMs };
}

/** The view follows the work: a commit or a saved file changes what the push would send. */
function recheckAfterSaves(recheck: () => void): vscode.Disposable {
  let timer: NodeJS.Timeout | undefined;
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(recheck, RECHECK_AFTER_SAVE_MS);
  };
  const subscriptions = [
    vscode.workspace.onDidSaveTextDocument(later),
    vscode.window.onDidChangeWindowState((state) => state.focused && later()),
  ];
  return new vscode.Disposable(() => {
    if (timer) clearTimeout(timer);
    subscriptions.forEach((s) => s.dispose());
  });
}

/** VS Code's own message for a failed hook says little; this one says why, and what to do. */
async function offerAfterBlockedPush(report: GateReport): Promise<void> {
  const first = report.reasons.find((r) => r.blocking);
  const choice = await vscode.window.showWarningMessage(
    `Push blocked by Preflight${first ? `: ${first.file ? `${first.file}:${first.line} ` : ''}${first.text}` : '.'}`,
    'Show',
    'Push Anyway',
  );
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
