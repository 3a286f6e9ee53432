import * as vscode from 'vscode';
import type { Finding } from '../core/findings/finding';
import { statusBarSummary, type CombinedVerdict } from '../core/panel/combined-verdict';
import { summaryOf } from './summary';

/** One status bar item: the verdict's icon and counts; a click opens the Preflight view. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('preflight.status', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'Preflight';
    this.item.command = 'workbench.view.extension.preflight';
    this.showVerdict(undefined);
    this.item.show();
  }

  /** In an untrusted workspace there is no gate: the active file's findings. */
  show(findings: readonly Finding[]): void {
    const summary = summaryOf(findings);
    this.item.text = `$(${summary.icon}) Preflight`;
    this.item.tooltip = `Preflight: ${summary.text}`;
  }

  showVerdict(combined: CombinedVerdict | undefined, hookInstalled?: boolean): void {
    const { icon, label, tooltip } = statusBarSummary(combined);
    this.item.text = `$(${icon}) ${label}`;
    this.item.tooltip = hookInstalled === false ? `${tooltip}\nThe pre-push hook is not installed (Preflight: Install Git Hook).` : tooltip;
    this.item.backgroundColor = combined?.verdict === 'block' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
