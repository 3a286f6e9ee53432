import * as vscode from 'vscode';
import { runGate, type GateReport } from '../core/gate/run-gate';
import { Git, preflightStateDir } from '../core/git/git';
import { LAST_PUSH_FILE, readLastPush } from '../core/gate/last-push';
import { hookStatus, installHook, uninstallHook, type HookStatus } from '../core/hook/pre-push-hook';
import { toDiagnostic } from './convert';
import type { Finding } from '../core/findings/finding';
import { uriOf } from './paths';
import type { FolderState } from './workspace-configs';

const RECENT_MS = 2 * 60_000;
/** Diagnostics about the push as a whole read "Preflight (push)" in the Problems panel. */
const PUSH_SOURCE = 'Preflight (push)';

function gateDiagnostic(finding: Finding): vscode.Diagnostic {
  const diagnostic = toDiagnostic(finding);
  if (finding.scope === 'push') diagnostic.source = PUSH_SOURCE;
  return diagnostic;
}

/**
 * Runs the pre-push gate for a workspace folder and keeps its last report; notices when the
 * git hook blocked a push made elsewhere (VS Code's Git UI, a terminal) and says why.
 */
export class GateController implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('preflight-gate');
  private readonly changed = new vscode.EventEmitter<{ folder: FolderState; report: GateReport; hookInstalled: boolean }>();
  private readonly checking = new vscode.EventEmitter<boolean>();
  private readonly installed = new vscode.EventEmitter<FolderState>();
  /** Fires when this extension has installed the hook in a folder. */
  readonly onDidInstallHook = this.installed.event;
  readonly onDidCheck = this.checking.event;
  private readonly watchers: vscode.Disposable[] = [];
  readonly onDidReport = this.changed.event;
  private lastSeen = new Map<string, string>();

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly cliPath: string,
  ) {
    // Once a file is open, its live diagnostics (of the text being edited) replace the gate's per-file ones.
    this.watchers.push(vscode.workspace.onDidOpenTextDocument((doc) => this.keepOnlyPushScope(doc.uri)));
  }

  /** The gate without the network: the view adds the pull request state it polls on its own. */
  async check(folder: FolderState): Promise<GateReport> {
    const started = Date.now();
    this.checking.fire(true);
    try {
      const report = await runGate({ dir: folder.root, runCommands: vscode.workspace.isTrusted });
      this.log.info(`gate for ${folder.folder.name}: ${report.verdict} (${report.findings.length} finding(s), ${Date.now() - started} ms)`);
      await this.publish(folder, report);
      return report;
    } finally {
      this.checking.fire(false);
    }
  }

  private async publish(folder: FolderState, report: GateReport): Promise<void> {
    this.diagnostics.clear();
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const finding of report.findings) {
      const open = vscode.workspace.textDocuments.some((doc) => doc.uri.toString() === uriOf(folder.root, finding.file).toString());
      if (open && finding.scope !== 'push') continue; // an open file already shows its live findings, but not the push's
      byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), gateDiagnostic(finding)]);
    }
    for (const [file, list] of byFile) this.diagnostics.set(uriOf(folder.root, file), list);
    const hook = await this.hookStatus(folder).catch(() => undefined);
    this.changed.fire({ folder, report, hookInstalled: hook?.installed ?? false });
  }

  private keepOnlyPushScope(uri: vscode.Uri): void {
    const kept = (this.diagnostics.get(uri) ?? []).filter((d) => d.source === PUSH_SOURCE);
    this.diagnostics.set(uri, kept);
  }

  async hookStatus(folder: FolderState): Promise<HookStatus> {
    return hookStatus(new Git(folder.root));
  }

  async installHook(folder: FolderState): Promise<HookStatus> {
    const electron = Boolean(process.versions.electron);
    const status = await installHook(new Git(folder.root), { node: process.execPath, cli: this.cliPath, electronRunAsNode: electron });
    this.installed.fire(folder);
    return status;
  }

  async uninstallHook(folder: FolderState): Promise<HookStatus> {
    return uninstallHook(new Git(folder.root));
  }

  /** Watches .git/preflight/last-push.json, which the hook writes after every push it checks. */
  async watchHookReports(folder: FolderState, onReport: (report: GateReport) => void): Promise<void> {
    const stateDir = await preflightStateDir(new Git(folder.root));
    if (!stateDir) return;
    const dir = vscode.Uri.file(stateDir);
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(dir, LAST_PUSH_FILE));
    const read = async (uri: vscode.Uri) => {
      const { report, warning } = await readLastPush(stateDir);
      if (warning) this.log.warn(warning);
      if (!report) return;
      if (this.lastSeen.get(uri.fsPath) === report.checkedAt || Date.now() - Date.parse(report.checkedAt) > RECENT_MS) return;
      this.lastSeen.set(uri.fsPath, report.checkedAt);
      await this.publish(folder, report);
      onReport(report);
    };
    const onEvent = (uri: vscode.Uri) =>
      void read(uri).catch((error: unknown) => this.log.warn(`cannot read ${uri.fsPath}: ${String(error)}`));
    this.watchers.push(watcher, watcher.onDidCreate(onEvent), watcher.onDidChange(onEvent));
  }

  dispose(): void {
    this.diagnostics.dispose();
    this.changed.dispose();
    this.checking.dispose();
    this.watchers.forEach((w) => w.dispose());
  }
}
