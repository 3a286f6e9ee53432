import * as vscode from 'vscode';
import type { Finding } from '../core/findings/finding';
import type { GateReport } from '../core/gate/run-gate';
import { verdictLine, type Reason } from '../core/gate/verdict';
import { summaryOf } from './summary';
import type { FolderState, WorkspaceConfigs } from './workspace-configs';
import { toRange } from './convert';
import { uriOf } from './paths';

export interface CheckReport {
  folder: FolderState;
  target: string;
  findings: Finding[];
  at: Date;
}

export interface GateView {
  folder: FolderState;
  report: GateReport;
}

type Node =
  | { kind: 'config'; state: FolderState }
  | { kind: 'gate'; gate: GateView }
  | { kind: 'reason'; reason: Reason }
  | { kind: 'report'; report: CheckReport }
  | { kind: 'finding'; root: string; finding: Finding };

/** The "Before you push" view: each folder's configuration state and the last check's findings. */
export class StatusView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private lastReport: CheckReport | undefined;
  private lastGate: GateView | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly configs: WorkspaceConfigs) {
    this.subscription = configs.onDidChange(() => this.changed.fire());
  }

  showReport(report: CheckReport): void {
    this.lastReport = report;
    this.changed.fire();
  }

  showGate(gate: GateView): void {
    this.lastGate = gate;
    this.changed.fire();
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      const nodes: Node[] = [];
      if (this.lastGate) nodes.push({ kind: 'gate', gate: this.lastGate });
      nodes.push(...this.configs.all().map((state): Node => ({ kind: 'config', state })));
      if (this.lastReport) nodes.push({ kind: 'report', report: this.lastReport });
      return nodes;
    }
    if (node.kind === 'report') return node.report.findings.map((finding) => ({ kind: 'finding', root: node.report.folder.root, finding }));
    if (node.kind === 'gate') {
      const { report, folder } = node.gate;
      const others = report.reasons.filter((reason) => reason.kind !== 'finding').map((reason): Node => ({ kind: 'reason', reason }));
      return [...others, ...report.findings.map((finding): Node => ({ kind: 'finding', root: folder.root, finding }))];
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'config':
        return configItem(node.state, this.configs.all().length > 1);
      case 'report':
        return reportItem(node.report);
      case 'gate':
        return gateItem(node.gate);
      case 'reason':
        return reasonItem(node.reason);
      case 'finding':
        return findingItem(node.root, node.finding);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function configItem(state: FolderState, showFolder: boolean): vscode.TreeItem {
  const { file, findings } = state.loaded;
  const item = new vscode.TreeItem(file ?? 'No .preflight.yml');
  item.id = `config:${state.folder.uri.toString()}`;
  const where = showFolder ? `${state.folder.name}: ` : '';
  if (!file) {
    item.description = `${where}using defaults`;
    item.iconPath = new vscode.ThemeIcon('info');
    item.command = { command: 'preflight.createConfig', title: 'Create .preflight.yml' };
    item.tooltip = 'Preflight runs with its defaults. Create .preflight.yml to add team rules.';
    return item;
  }
  item.description = where + (findings.length === 0 ? 'valid' : `${findings.length} problem${findings.length === 1 ? '' : 's'}, invalid parts ignored`);
  item.iconPath = findings.length === 0 ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')) : new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
  item.command = { command: 'vscode.open', title: 'Open configuration', arguments: [uriOf(state.root, file)] };
  return item;
}

function gateItem({ report }: GateView): vscode.TreeItem {
  const hasChildren = report.findings.length > 0 || report.reasons.some((r) => r.kind !== 'finding');
  const item = new vscode.TreeItem(verdictLine(report.verdict, report.reasons), hasChildren ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  item.id = 'gate';
  const commits = report.pushes.reduce((sum, p) => sum + p.commits, 0);
  item.description = `${commits} commit${commits === 1 ? '' : 's'} → ${report.remote} · ${new Date(report.checkedAt).toLocaleTimeString()}`;
  item.iconPath =
    report.verdict === 'pass'
      ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'))
      : report.verdict === 'warn'
        ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
        : new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
  item.tooltip = report.reasons.map((r) => `${r.blocking ? '✖' : '!'} ${r.text}`).join('\n') || 'Nothing in this push needs attention.';
  return item;
}

function reasonItem(reason: Reason): vscode.TreeItem {
  const item = new vscode.TreeItem(reason.text);
  item.iconPath = new vscode.ThemeIcon(reason.blocking ? 'error' : 'warning');
  item.tooltip = reason.text;
  return item;
}

function reportItem(report: CheckReport): vscode.TreeItem {
  const summary = summaryOf(report.findings);
  const item = new vscode.TreeItem(`Last check: ${summary.text}`, report.findings.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  item.id = 'report';
  item.description = `${report.target} · ${report.at.toLocaleTimeString()}`;
  item.iconPath = new vscode.ThemeIcon(summary.icon);
  return item;
}

function findingItem(root: string, finding: Finding): vscode.TreeItem {
  const item = new vscode.TreeItem(finding.message);
  item.description = `${finding.file}:${finding.line} · ${finding.ruleId}`;
  item.tooltip = new vscode.MarkdownString().appendText(finding.message + (finding.help ? `\n\n${finding.help}` : ''));
  item.iconPath = new vscode.ThemeIcon(finding.severity === 'error' ? 'error' : finding.severity === 'warning' ? 'warning' : 'info');
  item.command = { command: 'vscode.open', title: 'Open', arguments: [uriOf(root, finding.file), { selection: toRange(finding) }] };
  return item;
}
