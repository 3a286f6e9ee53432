/**
 * The Preflight view as data: what each row says, its icon and where it leads. Built in the
 * core (where it is unit-tested) and only translated into tree items by the extension.
 */
export interface PanelNode {
  /** Stable across refreshes, so expanded rows stay expanded. */
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  icon?: PanelIcon;
  target?: PanelTarget;
  children?: PanelNode[];
  /** Children shown without a click (failing checks, blocking reasons). */
  expanded?: boolean;
}

export interface PanelIcon {
  /** A codicon id: https://microsoft.github.io/vscode-codicons/dist/codicon.html */
  id: string;
  tone?: 'passed' | 'failed' | 'warning' | 'info' | 'pending';
}

export type PanelTarget =
  | { kind: 'file'; file: string; line?: number; column?: number }
  | { kind: 'url'; url: string }
  | { kind: 'action'; action: PanelAction; title: string; argument?: number };

/** What a click asks Preflight to do; the extension maps each to its command. */
export type PanelAction = 'check' | 'refresh' | 'signIn' | 'createPullRequest' | 'installHook' | 'showCheckLog' | 'rerunFailedJobs';
