import * as vscode from 'vscode';
import { analyzeFile, needsBase } from '../core/engine/analyze-file';
import type { Analyzer, SourceFile } from '../core/engine/analyzer';
import { Git } from '../core/git/git';
import { UpstreamVersions } from '../core/git/upstream-versions';
import { forgetEditedFile } from '../core/team-rules/analyzer';
import type { Finding } from '../core/findings/finding';
import { toDiagnostic } from './convert';
import type { WorkspaceConfigs } from './workspace-configs';
import { relativePath } from './paths';

/**
 * Analyses open documents as they are typed: debounced per document, and a result that
 * arrives after a newer edit is dropped, so a slow analysis never shows stale findings.
 */
export class LiveDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('preflight');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly findings = new Map<string, Finding[]>();
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private readonly upstreams = new Map<string, UpstreamVersions>();

  constructor(
    private readonly configs: WorkspaceConfigs,
    private readonly analyzers: readonly Analyzer[],
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document, this.delay())),
      vscode.workspace.onDidCloseTextDocument((doc) => this.clear(doc.uri)),
      configs.onDidChange(() => this.analyzeAllOpen()),
    );
  }

  analyzeAllOpen(): void {
    vscode.workspace.textDocuments.forEach((doc) => this.schedule(doc, 0));
  }

  /** Analyses one document now and returns its findings (the check command uses this). */
  async analyzeNow(document: vscode.TextDocument): Promise<Finding[]> {
    const state = this.configs.stateFor(document.uri);
    if (!state || document.uri.scheme !== 'file' || !enabled()) return [];
    const path = relativePath(state.root, document.uri);
    if (path === undefined) return [];
    const version = document.version;
    const started = performance.now();
    const file: SourceFile = { path, text: document.getText() };
    const context = { config: state.loaded.config, root: state.root, untrusted: !vscode.workspace.isTrusted, editing: true };
    if (!context.untrusted && needsBase(path, this.analyzers, context)) file.base = await this.upstreamOf(state.root).versionOf(path);
    const findings = await analyzeFile(file, this.analyzers, context);
    this.log.trace(`analysed ${path} in ${(performance.now() - started).toFixed(1)} ms: ${findings.length} finding(s)`);
    if (document.version === version && !document.isClosed) {
      this.findings.set(document.uri.toString(), findings);
      this.collection.set(document.uri, findings.map(toDiagnostic));
    }
    return findings;
  }

  /** Upstream versions for rules about changes (scope: changed, new jobs, changed perform arguments); git is not run in an untrusted workspace (its config could run programs). */
  private upstreamOf(root: string): UpstreamVersions {
    let versions = this.upstreams.get(root);
    if (!versions) this.upstreams.set(root, (versions = new UpstreamVersions(new Git(root))));
    return versions;
  }

  /** The findings behind the diagnostics now shown for a document (for code actions and hovers). */
  findingsFor(uri: vscode.Uri): readonly Finding[] {
    return this.findings.get(uri.toString()) ?? [];
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (document.uri.scheme !== 'file') return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.analyzeNow(document).catch((error: unknown) => this.log.error(`analysis of ${document.uri.fsPath} failed: ${String(error)}`));
      }, delayMs),
    );
  }

  private clear(uri: vscode.Uri): void {
    const state = this.configs.stateFor(uri);
    const path = state && relativePath(state.root, uri);
    if (path !== undefined) forgetEditedFile(path);
    clearTimeout(this.timers.get(uri.toString()));
    this.findings.delete(uri.toString());
    this.collection.delete(uri);
  }

  private delay(): number {
    return vscode.workspace.getConfiguration('preflight').get<number>('diagnosticsDelay', 300);
  }

  dispose(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
    this.disposables.forEach((d) => d.dispose());
  }
}

function enabled(): boolean {
  return vscode.workspace.getConfiguration('preflight').get<boolean>('enable', true);
}
