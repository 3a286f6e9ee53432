import { spawn, type ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import { ALREADY_SERVING } from '../cli/server/socket';

/** Another window's server is running: ask again this much later, in case that window closed. */
const RETRY_MS = 60_000;

/**
 * Runs `preflight serve` with this extension's CLI on VS Code's own Node (as the installed hook
 * runs it), while a trusted workspace is open and `preflight.server.enabled` is on, so that a push
 * checked by the hook starts at once. The server ends with the window: it stops when its stdin,
 * held by this extension host, closes.
 */
export class CliServer implements vscode.Disposable {
  private child: ChildProcess | undefined;
  private retry: NodeJS.Timeout | undefined;
  private disposed = false;
  private readonly listeners: vscode.Disposable[] = [];
  private readonly servedEmitter = new vscode.EventEmitter<string>();
  /** Fires with each run the server took (its log line). */
  readonly onDidServe = this.servedEmitter.event;
  /** The socket it listens at, once it does. */
  socket: string | undefined;

  /** `wanted`: whether a server is of use here (a folder has Preflight's hook). */
  constructor(
    private readonly cliPath: string,
    private readonly log: vscode.LogOutputChannel,
    private readonly wanted: () => Promise<boolean>,
  ) {
    this.listeners.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.start()),
      vscode.workspace.onDidChangeConfiguration((change) => {
        if (!change.affectsConfiguration('preflight.server.enabled')) return;
        if (enabled()) void this.start();
        else this.stop();
      }),
    );
  }

  async start(): Promise<void> {
    if (this.disposed || this.child || !vscode.workspace.isTrusted || !enabled() || !(await this.wanted())) return;
    if (this.disposed || this.child) return;
    const env = process.versions.electron ? { ...process.env, ELECTRON_RUN_AS_NODE: '1' } : process.env;
    const child = spawn(process.execPath, [this.cliPath, 'serve', '--until-stdin-closes'], { env, stdio: ['pipe', 'ignore', 'pipe'] });
    this.child = child;
    let pending = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      lines.forEach((line) => this.heard(line));
    });
    child.on('error', (error) => this.log.warn(`preflight serve: ${error.message}`));
    child.on('exit', (code) => {
      if (this.child === child) this.child = undefined;
      this.socket = undefined;
      if (this.disposed) return;
      if (code === ALREADY_SERVING) this.retry = setTimeout(() => void this.start(), RETRY_MS);
      else this.log.warn(`preflight serve stopped (exit ${code ?? 'by a signal'}): pushes are checked by a CLI of their own`);
    });
  }

  private heard(line: string): void {
    const listening = /^Preflight server listening at (.+)$/.exec(line);
    if (listening) this.socket = listening[1];
    if (line.startsWith('served: ')) this.servedEmitter.fire(line);
    this.log.info(line);
  }

  private stop(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = undefined;
    this.child?.stdin?.end();
    this.child?.kill();
    this.child = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
    this.listeners.forEach((l) => l.dispose());
    this.servedEmitter.dispose();
  }
}

function enabled(): boolean {
  return vscode.workspace.getConfiguration('preflight').get<boolean>('server.enabled', true);
}
