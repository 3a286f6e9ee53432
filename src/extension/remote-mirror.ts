import * as vscode from 'vscode';
import { lastKnownRemoteStatus, refreshRemoteStatus } from '../core/remote/mirror';
import { nextPollDelay } from '../core/remote/poll-schedule';
import { isLoopbackHost } from '../core/remote/repository';
import { signInProviderFor } from '../core/remote/sign-in';
import type { RemoteStatus } from '../core/remote/types';
import type { FolderState } from './workspace-configs';

const SIGN_IN_TIMEOUT_MS = 5000;

/**
 * Keeps the pull request mirror of one folder fresh: shows the stored state at once, then polls
 * GitHub as the core's schedule says (fast while checks run, slow when settled, paused while the
 * window is in the background). Tokens come from VS Code's GitHub sign-in and stay in memory.
 */
export class RemoteMirror implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RemoteStatus>();
  readonly onDidChange = this.changed.event;
  status: RemoteStatus | undefined;
  private folder: FolderState | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RemoteStatus | undefined> | undefined;
  private lastPushAt: number | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.subscriptions.push(
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused) this.schedule(0);
      }),
      vscode.authentication.onDidChangeSessions((event) => {
        if (event.provider.id.startsWith('github')) void this.refresh(true);
      }),
    );
  }

  async start(folder: FolderState): Promise<void> {
    this.folder = folder;
    const stored = await lastKnownRemoteStatus(folder.root, (message) => this.log.warn(message));
    if (stored && !this.status) this.publish({ ...stored, stale: true });
    await this.refresh(true);
  }

  /** After a push the PR's head moves and checks start: poll fast for a while. */
  notePush(): void {
    this.lastPushAt = Date.now();
    this.schedule(2000);
  }

  refresh(force = false, interactiveSignIn = false): Promise<RemoteStatus | undefined> {
    this.running ??= this.read(force, interactiveSignIn).finally(() => (this.running = undefined));
    return this.running;
  }

  private async read(force: boolean, interactiveSignIn: boolean): Promise<RemoteStatus | undefined> {
    const folder = this.folder;
    if (!folder) return undefined;
    const started = Date.now();
    const status = await refreshRemoteStatus({
      root: folder.root,
      config: folder.loaded.config,
      apiUrl: userSetting<string>('preflight', 'github.apiUrl') || undefined,
      token: (host) => githubToken(host, interactiveSignIn),
      force,
      onWarning: (message) => this.log.warn(message),
      onRequest: (r) =>
        this.log.info(`GitHub ${r.method} ${r.path} → ${r.status}${r.notModified ? ' (not modified, free)' : ''} ${r.ms} ms`),
    });
    this.log.info(
      `pull request mirror: ${status.pullRequest ? `#${status.pullRequest.number}, ${status.blockers.length} blocker(s)` : 'no pull request'}${status.problem ? `, ${status.problem.kind}: ${status.problem.message}` : ''} (${Date.now() - started} ms)`,
    );
    this.publish(status);
    this.schedule();
    return status;
  }

  private publish(status: RemoteStatus): void {
    this.status = status;
    this.changed.fire(status);
  }

  private schedule(delay?: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const wait =
      delay ??
      (this.status
        ? nextPollDelay(this.status, { focused: vscode.window.state.focused, now: Date.now(), lastPushAt: this.lastPushAt })
        : undefined);
    if (wait === undefined || !this.folder) return;
    this.timer = setTimeout(() => void this.refresh(), wait);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}

/** A token from VS Code's GitHub (or GitHub Enterprise) sign-in; asks the user only when `interactive`. */
export async function githubToken(host: string, interactive: boolean): Promise<string | undefined> {
  // A server on this machine (a test server, a tunnel) is asked without a sign-in unless the user signs in.
  if (isLoopbackHost(host) && !interactive) return undefined;
  const provider = signInProviderFor(host, userSetting<string>('github-enterprise', 'uri'));
  if (!provider) return undefined;
  const request = vscode.authentication.getSession(provider, ['repo'], interactive ? { createIfNone: true } : { silent: true });
  try {
    const session = interactive
      ? await request
      : await Promise.race([request, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), SIGN_IN_TIMEOUT_MS))]);
    return session?.accessToken;
  } catch {
    return undefined;
  }
}

/** A setting from the user's own settings only: a workspace's `.vscode/settings.json` is repository content. */
export function userSetting<T>(section: string, key: string): T | undefined {
  const inspected = vscode.workspace.getConfiguration(section).inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue;
}
