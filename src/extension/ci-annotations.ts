import * as vscode from 'vscode';
import { readInsideRepository, realPathInside } from '../core/fs/inside-repository';
import { anchorCiAnnotations, type AnchoredAnnotation } from '../core/remote/reanchor';
import type { RemoteStatus } from '../core/remote/types';
import { uriOf } from './paths';

export const CI_SOURCE = 'Preflight (CI)';
const REANCHOR_DELAY_MS = 250;
const MAX_FILE_BYTES = 4 * 1024 * 1024;

const SEVERITY = {
  failure: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  notice: vscode.DiagnosticSeverity.Information,
} as const;

/**
 * CI's annotations of the failing check runs in the Problems panel, on the lines of the local
 * file: the core places them through the diff between the PR head's version and the working copy
 * (the open editor's text when the file is open), again as the file is edited.
 */
export class CiAnnotations implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(CI_SOURCE);
  private status: RemoteStatus | undefined;
  private root: string | undefined;
  private paths = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  private saidProblemFor: string | undefined;
  private readonly subscriptions: vscode.Disposable[];
  /** Resolves when the diagnostics of the latest status or edit are published (for the in-host tests). */
  settled: Promise<void> = Promise.resolve();

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((event) => {
        const path = this.root && this.relative(event.document.uri);
        if (path && this.paths.has(path)) this.schedule(REANCHOR_DELAY_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        const path = this.root && this.relative(document.uri);
        if (path && this.paths.has(path)) this.schedule(REANCHOR_DELAY_MS);
      }),
    ];
  }

  show(root: string, status: RemoteStatus): Promise<void> {
    this.root = root;
    this.status = status;
    this.paths = new Set(status.checks.flatMap((c) => (c.state === 'failure' ? (c.annotations ?? []).map((a) => a.path) : [])));
    return this.schedule(0);
  }

  /** The diagnostics as published, per repository-relative path (for the in-host tests). */
  entries(): Array<{ path: string; diagnostics: readonly vscode.Diagnostic[] }> {
    const entries: Array<{ path: string; diagnostics: readonly vscode.Diagnostic[] }> = [];
    this.collection.forEach((uri, diagnostics) => void entries.push({ path: this.relative(uri) ?? uri.path, diagnostics }));
    return entries;
  }

  private schedule(delay: number): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.settled = new Promise((resolve) => {
      this.timer = setTimeout(() => void this.publish().finally(resolve), delay);
    });
    return this.settled;
  }

  private async publish(): Promise<void> {
    const generation = ++this.generation;
    const root = this.root;
    if (!root || !vscode.workspace.isTrusted || this.paths.size === 0) return this.collection.clear();
    const texts = new Map<string, string>();
    const result = await anchorCiAnnotations({
      root,
      status: this.status,
      readLocal: async (path) => {
        const text = this.localText(root, path);
        if (text !== undefined) texts.set(path, text);
        return text;
      },
    }).catch((error: unknown) => {
      this.log.warn(`CI annotations: ${String(error)}`);
      return undefined;
    });
    if (generation !== this.generation || !result) return;
    if (result.problem && this.saidProblemFor !== result.headSha) {
      this.saidProblemFor = result.headSha;
      this.log.warn(result.problem);
    }
    for (const dropped of result.dropped)
      this.log.debug(
        `CI annotation of ${dropped.check} on ${dropped.annotation.path}:${dropped.annotation.startLine} not shown: ${dropped.why}`,
      );
    const byPath = new Map<string, vscode.Diagnostic[]>();
    for (const anchored of result.anchored)
      byPath.set(anchored.path, [...(byPath.get(anchored.path) ?? []), diagnosticOf(anchored, texts.get(anchored.path) ?? '')]);
    this.collection.clear();
    for (const [path, diagnostics] of byPath) this.collection.set(uriOf(root, path), diagnostics);
  }

  /** The open editor's text, else the file on disk; never a path that leads out of the repository. */
  private localText(root: string, path: string): string | undefined {
    const real = realPathInside(root, path);
    if (!real) return undefined;
    const uri = uriOf(root, path).toString();
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    if (open) return open.getText();
    const read = readInsideRepository(root, path, MAX_FILE_BYTES);
    return 'text' in read ? read.text : undefined;
  }

  private relative(uri: vscode.Uri): string | undefined {
    const rootPath = vscode.Uri.file(this.root ?? '').path.replace(/\/$/, '');
    return uri.scheme === 'file' && uri.path.startsWith(`${rootPath}/`) ? uri.path.slice(rootPath.length + 1) : undefined;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.collection.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}

function diagnosticOf(anchored: AnchoredAnnotation, text: string): vscode.Diagnostic {
  const { annotation } = anchored;
  const lines = text.split('\n');
  const endOfLine = (lines[anchored.endLine - 1] ?? '').replace(/\r$/, '').length;
  const range = new vscode.Range(
    anchored.startLine - 1,
    Math.max(0, (anchored.startColumn ?? 1) - 1),
    anchored.endLine - 1,
    anchored.endColumn !== undefined ? Math.max(0, anchored.endColumn - 1) : endOfLine,
  );
  const message =
    annotation.title && annotation.title !== annotation.message ? `${annotation.title}: ${annotation.message}` : annotation.message;
  const diagnostic = new vscode.Diagnostic(range, message, SEVERITY[annotation.level]);
  diagnostic.source = CI_SOURCE;
  diagnostic.code = anchored.check;
  return diagnostic;
}
