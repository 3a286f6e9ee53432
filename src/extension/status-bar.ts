import * as vscode from 'vscode';
import type { Finding } from '../core/findings/finding';
import { summaryOf } from './summary';
import type { GateReport } from '../core/gate/run-gate';
import { verdictLine } from '../core/gate/verdict';

/** One status bar item: Preflight's last result; a click opens the Preflight view. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('preflight.status', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'Preflight';
    this.item.command = 'workbench.view.extension.preflight';
    this.item.text = '$(rocket) Preflight';
    this.item.tooltip = 'Preflight: run "Check Before Push" to check what you are about to push.';
    this.item.show();
  }

  show(findings: readonly Finding[]): void {
    const summary = summaryOf(findings);
    this.item.text = `$(${summary.icon}) Preflight`;
    this.item.tooltip = `Preflight: ${summary.text}`;
  }

  showGate(report: GateReport, hookInstalled: boolean): void {
    const icon = report.verdict === 'pass' ? 'pass' : report.verdict === 'warn' ? 'warning' : 'error';
    this.item.text = `$(${icon}) Preflight`;
    this.item.tooltip = `${verdictLine(report.verdict, report.reasons)}\nPre-push hook: ${hookInstalled ? 'installed' : 'not installed (Preflight: Install Git Hook)'}`;
  }

  dispose(): void {
    this.item.dispose();
  }
}
