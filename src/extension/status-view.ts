import * as vscode from 'vscode';
import type { Finding } from '../core/findings/finding';
import type { GateReport } from '../core/gate/run-gate';
import { buildPanel } from '../core/panel/panel-model';
import type { PanelAction, PanelIcon, PanelNode } from '../core/panel/panel-node';
import type { RemoteStatus } from '../core/remote/types';
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
  hookInstalled?: boolean;
}

type Node =
  | { kind: 'panel'; root: string; node: PanelNode }
  | { kind: 'config'; state: FolderState }
  | { kind: 'report'; report: CheckReport }
  | { kind: 'finding'; root: string; finding: Finding };

const COMMANDS: Record<PanelAction, string> = {
  check: 'preflight.check',
  refresh: 'preflight.refresh',
  signIn: 'preflight.signIn',
  createPullRequest: 'preflight.createPullRequest',
  installHook: 'preflight.installHook',
  showCheckLog: 'preflight.showCheckLog',
  rerunFailedJobs: 'preflight.rerunFailedJobs',
};

const TONES: Record<NonNullable<PanelIcon['tone']>, string> = {
  passed: 'testing.iconPassed',
  failed: 'testing.iconFailed',
  warning: 'problemsWarningIcon.foreground',
  info: 'problemsInfoIcon.foreground',
  pending: 'testing.iconQueued',
};

/**
 * The "Before you push" view: the core's panel model (verdict, local, this push, pull request,
 * staging review) as a native tree, then each folder's configuration state.
 */
export class StatusView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private lastReport: CheckReport | undefined;
  gate: GateView | undefined;
  remote: RemoteStatus | undefined;
  checking = false;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly configs: WorkspaceConfigs) {
    this.subscription = configs.onDidChange(() => this.changed.fire());
  }

  showReport(report: CheckReport): void {
    this.lastReport = report;
    this.changed.fire();
  }

  showGate(gate: GateView): void {
    this.gate = gate;
    this.changed.fire();
  }

  showRemote(remote: RemoteStatus): void {
    this.remote = remote;
    this.changed.fire();
  }

  setChecking(checking: boolean): void {
    this.checking = checking;
    this.changed.fire();
  }

  /** The panel rows as the core builds them (also what the in-host tests read). */
  panel(): PanelNode[] {
    const folder = this.gate?.folder ?? this.configs.all()[0];
    if (!folder) return [];
    return buildPanel({
      config: folder.loaded.config,
      gate: this.gate?.report,
      hookInstalled: this.gate?.hookInstalled,
      remote: this.remote,
      checking: this.checking,
      now: Date.now(),
    });
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      const root = this.gate?.folder.root ?? this.configs.all()[0]?.root ?? '';
      const nodes: Node[] = vscode.workspace.isTrusted ? this.panel().map((n): Node => ({ kind: 'panel', root, node: n })) : [];
      nodes.push(...this.configs.all().map((state): Node => ({ kind: 'config', state })));
      if (this.lastReport) nodes.push({ kind: 'report', report: this.lastReport });
      return nodes;
    }
    if (node.kind === 'panel') return (node.node.children ?? []).map((child) => ({ kind: 'panel', root: node.root, node: child }));
    if (node.kind === 'report') return node.report.findings.map((finding) => ({ kind: 'finding', root: node.report.folder.root, finding }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'panel':
        return panelItem(node.root, node.node);
      case 'config':
        return configItem(node.state, this.configs.all().length > 1);
      case 'report':
        return reportItem(node.report);
      case 'finding':
        return findingItem(node.root, node.finding);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function panelItem(root: string, node: PanelNode): vscode.TreeItem {
  const state = !node.children?.length
    ? vscode.TreeItemCollapsibleState.None
    : node.expanded
      ? vscode.TreeItemCollapsibleState.Expanded
      : vscode.TreeItemCollapsibleState.Collapsed;
  const item = new vscode.TreeItem(node.label, state);
  item.id = node.id;
  item.description = node.description;
  if (node.tooltip) item.tooltip = node.tooltip;
  if (node.icon)
    item.iconPath = new vscode.ThemeIcon(node.icon.id, node.icon.tone ? new vscode.ThemeColor(TONES[node.icon.tone]) : undefined);
  const target = node.target;
  if (target?.kind === 'file') {
    const line = Math.max(0, (target.line ?? 1) - 1);
    item.command = {
      command: 'vscode.open',
      title: 'Open',
      arguments: [
        uriOf(root, target.file),
        { selection: new vscode.Range(line, Math.max(0, (target.column ?? 1) - 1), line, Math.max(0, (target.column ?? 1) - 1)) },
      ],
    };
  } else if (target?.kind === 'url') {
    item.command = { command: 'vscode.open', title: 'Open on GitHub', arguments: [vscode.Uri.parse(target.url)] };
    item.contextValue = 'link';
  } else if (target?.kind === 'action') {
    item.command = {
      command: COMMANDS[target.action],
      title: target.title,
      ...(target.argument !== undefined ? { arguments: [target.argument] } : {}),
    };
  }
  return item;
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
  item.description =
    where + (findings.length === 0 ? 'valid' : `${findings.length} problem${findings.length === 1 ? '' : 's'}, invalid parts ignored`);
  item.iconPath =
    findings.length === 0
      ? new vscode.ThemeIcon('settings-gear')
      : new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
  item.command = { command: 'vscode.open', title: 'Open configuration', arguments: [uriOf(state.root, file)] };
  return item;
}

function reportItem(report: CheckReport): vscode.TreeItem {
  const summary = summaryOf(report.findings);
  const item = new vscode.TreeItem(
    `Last check: ${summary.text}`,
    report.findings.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
  );
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
