import * as vscode from 'vscode';
import { forgetAvailability, isTraceableMigration, traceAvailability } from '../core/trace/availability';
import { TraceError } from '../core/trace/cluster';
import { summarizeTrace, traceLinesAt } from '../core/trace/report';
import { traceMigration, type TraceReport } from '../core/trace/tracer';
import { relativePath } from './paths';
import type { WorkspaceConfigs } from './workspace-configs';

const TRACE = 'preflight.traceMigration';
const EXPLAIN = 'preflight.traceMigrationUnavailable';

/**
 * "Trace this migration" on SQL migrations: runs the core's trace with progress and Cancel, then
 * shows each statement's locks and rewrites as a hover on it. Only in a trusted workspace (a trace
 * runs the repository's SQL and starts a server).
 */
export class MigrationTrace implements vscode.CodeLensProvider, vscode.HoverProvider {
  private readonly reports = new Map<string, { version: number; report: TraceReport }>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly configs: WorkspaceConfigs,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  register(): vscode.Disposable[] {
    // SQL migrations, and the framework migrations whose SQL a trace reads (the provider asks which files are)
    const sql = ['**/*.sql', '**/*.rb', '**/*.py', '**/*.{js,cjs,mjs,ts}'].map((pattern) => ({ scheme: 'file', pattern }));
    return [
      this.changed,
      vscode.languages.registerCodeLensProvider(sql, this),
      vscode.languages.registerHoverProvider(sql, this),
      vscode.commands.registerCommand(TRACE, (uri?: vscode.Uri) => this.trace(uri)),
      vscode.commands.registerCommand(EXPLAIN, (hint: string) => this.explain(hint)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
    ];
  }

  /** The report of the document's last trace, while the document is unchanged since. */
  reportFor(uri: vscode.Uri): TraceReport | undefined {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const entry = this.reports.get(uri.toString());
    return entry && (!document || document.version === entry.version) ? entry.report : undefined;
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!vscode.workspace.isTrusted || !this.locate(document)) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const availability = await traceAvailability();
    if (!availability.available)
      return [
        new vscode.CodeLens(top, {
          title: '$(info) Trace this migration: install PostgreSQL first',
          command: EXPLAIN,
          arguments: [availability.hint],
        }),
      ];
    const report = this.reportFor(document.uri);
    const summary = report ? ` (last: ${summarizeTrace(report)})` : '';
    return [
      new vscode.CodeLens(top, {
        title: `$(pulse) Trace this migration${summary}`,
        tooltip: `Run it in a throwaway PostgreSQL ${availability.versions[0]} and show the locks and rewrites of each statement`,
        command: TRACE,
        arguments: [document.uri],
      }),
    ];
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const report = this.reportFor(document.uri);
    const state = this.configs.stateFor(document.uri);
    const path = state && relativePath(state.root, document.uri);
    const lines = report && path ? traceLinesAt(report, path, position.line + 1) : [];
    if (lines.length === 0) return undefined;
    const markdown = new vscode.MarkdownString();
    lines.forEach((line, index) => {
      if (index > 0) markdown.appendMarkdown('\n\n');
      markdown.appendText(line);
    });
    return new vscode.Hover(markdown);
  }

  private locate(document: vscode.TextDocument): { root: string; path: string } | undefined {
    const state = this.configs.stateFor(document.uri);
    const path = state && relativePath(state.root, document.uri);
    if (!state || !path || !isTraceableMigration(path, document.getText(), state.loaded.config)) return undefined;
    return { root: state.root, path };
  }

  async trace(uri?: vscode.Uri): Promise<TraceReport | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Preflight: tracing runs the migration and starts PostgreSQL, so only in a trusted workspace.');
      return undefined;
    }
    const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    const where = document && this.locate(document);
    const state = document && this.configs.stateFor(document.uri);
    if (!document || !where || !state) {
      void vscode.window.showInformationMessage(
        'Preflight: open a migration of this workspace (SQL, or Rails, Django, Alembic, Knex, TypeORM or Sequelize) to trace it.',
      );
      return undefined;
    }
    const version = document.version;
    try {
      const report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Preflight: tracing ${where.path}`, cancellable: true },
        (progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          return traceMigration({
            root: where.root,
            path: where.path,
            text: document.getText(),
            config: state.loaded.config,
            target: { kind: 'throwaway-cluster' },
            signal: controller.signal,
            progress: (message) => progress.report({ message }),
          });
        },
      );
      this.reports.set(document.uri.toString(), { version, report });
      this.changed.fire();
      this.log.info(
        `trace: ${where.path}: ${summarizeTrace(report)} (start-up ${Math.round(report.startupMs ?? 0)} ms, trace ${Math.round(report.traceMs)} ms)`,
      );
      void vscode.window.showInformationMessage(
        `Preflight: traced ${where.path}: ${summarizeTrace(report)}. Hover a statement for its locks and rewrites.`,
      );
      return report;
    } catch (error) {
      const message =
        error instanceof TraceError ? error.message : `the trace failed: ${error instanceof Error ? error.message : String(error)}`;
      this.log.warn(`trace: ${where.path}: ${message}`);
      void vscode.window.showErrorMessage(`Preflight: ${message}`);
      return undefined;
    }
  }

  private async explain(hint: string): Promise<void> {
    const choice = await vscode.window.showInformationMessage(`Preflight: ${hint}`, 'Look Again');
    if (choice === 'Look Again') {
      forgetAvailability();
      this.changed.fire();
    }
  }
}
