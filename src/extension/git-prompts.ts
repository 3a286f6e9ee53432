import * as vscode from 'vscode';
import { gitBranchProtection } from '../core/remote/branch-protection';
import { remoteNotifications, type RemoteNotification } from '../core/remote/notifications';
import type { RemoteStatus } from '../core/remote/types';

/** The parts of VS Code's Git extension API (v1, extensions/git/src/api/git.d.ts) used here. */
interface GitBranchProtectionProvider {
  onDidChangeBranchProtection: vscode.Event<vscode.Uri>;
  provideBranchProtection(): Array<{ remote: string; rules: Array<{ include?: string[]; exclude?: string[] }> }>;
}
interface GitApi {
  registerBranchProtectionProvider?(root: vscode.Uri, provider: GitBranchProtectionProvider): vscode.Disposable;
}
interface GitExtension {
  enabled: boolean;
  getAPI(version: 1): GitApi;
}

/**
 * Feeds VS Code's Git extension the branches GitHub protects, so that its own "commit to a
 * protected branch?" prompt knows them without a `git.branchProtection` setting.
 */
export class GitBranchProtection implements GitBranchProtectionProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChangeBranchProtection = this.changed.event;
  private protection: ReturnType<typeof gitBranchProtection> = [];
  private registration: vscode.Disposable | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  provideBranchProtection(): ReturnType<typeof gitBranchProtection> {
    return this.protection;
  }

  /** Registers (once) for the repository at `root` and passes on what the mirror knows. */
  async show(root: string, status: RemoteStatus): Promise<void> {
    const next = gitBranchProtection(status.branchProtection);
    const rootUri = vscode.Uri.file(root);
    if (!this.registration) await this.register(rootUri);
    if (JSON.stringify(next) === JSON.stringify(this.protection)) return;
    this.protection = next;
    this.changed.fire(rootUri);
  }

  private async register(root: vscode.Uri): Promise<void> {
    const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
    try {
      const git = extension && (extension.isActive ? extension.exports : await extension.activate());
      if (!git?.enabled) return;
      const api = git.getAPI(1);
      if (!api.registerBranchProtectionProvider) return this.log.info("VS Code's Git extension takes no branch protection provider.");
      if (this.registration) return;
      this.registration = api.registerBranchProtectionProvider(root, this);
    } catch (error) {
      this.log.warn(`VS Code's Git extension: ${String(error)}`);
    }
  }

  dispose(): void {
    this.registration?.dispose();
    this.changed.dispose();
  }
}

/**
 * Shows the core's notifications about the commit you pushed, each once (remembered in the
 * workspace state), never modal, unless `preflight.notifications.enabled` is off.
 */
export class RemoteNotifications {
  private previous: RemoteStatus | undefined;
  private static readonly KEY = 'preflight.notifiedTransitions';
  private static readonly REMEMBERED = 200;

  constructor(private readonly memento: vscode.Memento) {}

  /** The notifications shown for this new state (also what the in-host tests read). */
  show(status: RemoteStatus): RemoteNotification[] {
    const previous = this.previous;
    this.previous = status;
    if (!vscode.workspace.getConfiguration('preflight').get<boolean>('notifications.enabled', true)) return [];
    const shown = new Set(this.memento.get<string[]>(RemoteNotifications.KEY, []));
    const fresh = remoteNotifications(previous, status).filter((n) => !shown.has(n.key));
    if (fresh.length === 0) return [];
    void this.memento.update(RemoteNotifications.KEY, [...shown, ...fresh.map((n) => n.key)].slice(-RemoteNotifications.REMEMBERED));
    for (const notification of fresh) {
      const show = notification.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
      const url = notification.url;
      void show(`Preflight: ${notification.message}`, ...(url ? ['Open'] : [])).then((choice) => {
        if (choice === 'Open' && url) void vscode.env.openExternal(vscode.Uri.parse(url));
      });
    }
    return fresh;
  }
}
