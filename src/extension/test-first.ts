import * as vscode from 'vscode';
import { runnerCollection } from '../core/testfirst/collection';
import { isNoPlan, planFailingTest, writeFailingTest } from '../core/testfirst/create-test';
import { FRAMEWORKS } from '../core/testfirst/frameworks';
import { counterparts, testStatusOf, type TestStatus } from '../core/testfirst/navigation';
import { qualifiedName } from '../core/testfirst/symbols';
import { testMapFor } from '../core/testfirst/test-map';
import { plural } from '../core/text/words';
import { relativePath, uriOf } from './paths';
import type { FolderState, WorkspaceConfigs } from './workspace-configs';

const STATUS_FRESH_MS = 3_000;
const CREATE = 'preflight.createFailingTest';

/**
 * Test-first in the editor: "Create failing test" CodeLenses above exported symbols without a
 * test, the same in the light bulb, and the commands Create Failing Test, Go to Test, Go to Source.
 * Every decision (map, symbols, scaffold, "never overwrite") is the core's.
 */
export class TestFirst implements vscode.CodeLensProvider, vscode.CodeActionProvider {
  static readonly codeActionMetadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.Refactor],
  };
  private readonly statuses = new Map<string, { version: number; at: number; status: Promise<TestStatus | undefined> }>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly configs: WorkspaceConfigs,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  register(): vscode.Disposable[] {
    const code = [{ scheme: 'file' }];
    return [
      this.changed,
      vscode.languages.registerCodeLensProvider(code, this),
      vscode.languages.registerCodeActionsProvider(code, this, TestFirst.codeActionMetadata),
      vscode.commands.registerCommand(CREATE, (uri?: vscode.Uri, symbol?: string) => this.createFailingTest(uri, symbol)),
      vscode.commands.registerCommand('preflight.goToTest', (uri?: vscode.Uri) => this.goToCounterpart(uri)),
      vscode.commands.registerCommand('preflight.goToSource', (uri?: vscode.Uri) => this.goToCounterpart(uri)),
      // A saved or created test changes which symbols have tests.
      vscode.workspace.onDidSaveTextDocument(() => this.forget()),
      vscode.workspace.onDidCreateFiles(() => this.forget()),
      vscode.workspace.onDidDeleteFiles(() => this.forget()),
    ];
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const status = await this.statusOf(document);
    return (status?.symbols ?? [])
      .filter((entry) => !entry.tested)
      .map(({ symbol }) => {
        const at = new vscode.Range(symbol.line - 1, 0, symbol.line - 1, 0);
        return new vscode.CodeLens(at, {
          title: '$(beaker) Create failing test',
          tooltip: `Write a test for ${qualifiedName(symbol)} that fails until you write it`,
          command: CREATE,
          arguments: [document.uri, qualifiedName(symbol)],
        });
      });
  }

  async provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range,
    context: vscode.CodeActionContext,
  ): Promise<vscode.CodeAction[]> {
    const status = await this.statusOf(document);
    const actions = (status?.symbols ?? [])
      .filter((entry) => !entry.tested && entry.symbol.line - 1 === range.start.line)
      .map(({ symbol }) => {
        const action = new vscode.CodeAction(
          `Create a failing test for ${qualifiedName(symbol)}`,
          vscode.CodeActionKind.Refactor.append('preflight.test'),
        );
        action.command = { command: CREATE, title: action.title, arguments: [document.uri, qualifiedName(symbol)] };
        return action;
      });
    for (const diagnostic of context.diagnostics.filter(
      (d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'testfirst/changed-without-test',
    )) {
      const action = new vscode.CodeAction('Create failing tests for this file', vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      action.command = { command: CREATE, title: action.title, arguments: [document.uri] };
      actions.push(action);
    }
    return actions;
  }

  private statusOf(document: vscode.TextDocument): Promise<TestStatus | undefined> {
    const where = this.locate(document.uri);
    if (!where) return Promise.resolve(undefined);
    const key = document.uri.toString();
    const cached = this.statuses.get(key);
    if (cached && cached.version === document.version && Date.now() - cached.at < STATUS_FRESH_MS) return cached.status;
    const status = testStatusOf(where.state.root, where.state.loaded.config, where.path, document.getText()).catch((error: unknown) => {
      this.log.warn(`test-first: ${where.path}: ${String(error)}`);
      return undefined;
    });
    this.statuses.set(key, { version: document.version, at: Date.now(), status });
    return status;
  }

  private forget(): void {
    this.statuses.clear();
    this.changed.fire();
  }

  private locate(uri: vscode.Uri): { state: FolderState; path: string } | undefined {
    const state = this.configs.stateFor(uri);
    const path = state && relativePath(state.root, uri);
    return state && path && state.loaded.config.testFirst.enabled ? { state, path } : undefined;
  }

  /** Writes (or appends to) the mapped test file and opens it at the first new test. */
  async createFailingTest(uri?: vscode.Uri, symbol?: string): Promise<vscode.Uri | undefined> {
    const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    const where = document && this.locate(document.uri);
    if (!document || !where) {
      void vscode.window.showInformationMessage('Preflight: open a source file of this workspace to create its failing test.');
      return undefined;
    }
    const { state, path } = where;
    const plan = await planFailingTest(state.root, state.loaded.config, path, document.getText(), symbol);
    if (isNoPlan(plan)) {
      void vscode.window.showInformationMessage(`Preflight: ${plan.problem}`);
      return undefined;
    }
    const testUri = uriOf(state.root, plan.testPath);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === testUri.toString());
    if (open?.isDirty) {
      void vscode.window.showWarningMessage(`Preflight: ${plan.testPath} has unsaved changes; save it, then create the test again.`);
      return undefined;
    }
    try {
      await writeFailingTest(state.root, plan);
    } catch (error) {
      void vscode.window.showErrorMessage(`Preflight: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    this.forget();
    const position = new vscode.Position(plan.line - 1, 0);
    await vscode.window.showTextDocument(testUri, { selection: new vscode.Range(position, position) });
    void this.tell(state, plan.testPath, plan.added, plan.existing === undefined);
    return testUri;
  }

  private async tell(state: FolderState, testPath: string, added: string[], created: boolean): Promise<void> {
    if (added.length === 0) {
      void vscode.window.showInformationMessage(`Preflight: ${testPath} already tests this.`);
      return;
    }
    const entry = (await testMapFor(state.loaded.config, state.root)).testEntryOf(testPath);
    const collection = entry && (await runnerCollection(state.root, entry.framework));
    const unseen =
      collection && !collection.collects(testPath)
        ? ` ${FRAMEWORKS[collection.framework].label} would not run it: it collects ${collection.globs.join(', ')} (${collection.source}).`
        : '';
    const what = `${plural(added.length, 'failing test')} (${added.join(', ')})`;
    const message = `Preflight: ${created ? 'created' : 'added'} ${what} ${created ? 'in' : 'to'} ${testPath}.${unseen}`;
    if (unseen) void vscode.window.showWarningMessage(message);
    else void vscode.window.showInformationMessage(message);
  }

  /** From a source to its test, from a test to its source; offers to create a missing test. */
  private async goToCounterpart(uri?: vscode.Uri): Promise<void> {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    const where = target && this.locate(target);
    if (!where) {
      void vscode.window.showInformationMessage('Preflight: open a source or test file of this workspace first.');
      return;
    }
    const found = await counterparts(where.state.root, where.state.loaded.config, where.path);
    if (found.files.length === 0) {
      if (found.isTest) void vscode.window.showInformationMessage(`Preflight: no source file of ${where.path} was found.`);
      else if (!found.toCreate)
        void vscode.window.showInformationMessage(
          `Preflight: ${where.path} is not mapped to tests: add a 'tests:' entry for it to .preflight.yml.`,
        );
      else if (
        (await vscode.window.showInformationMessage(
          `Preflight: ${where.path} has no test yet (${found.toCreate}).`,
          'Create Failing Test',
        )) === 'Create Failing Test'
      )
        await this.createFailingTest(target);
      return;
    }
    const file =
      found.files.length === 1
        ? found.files[0]
        : await vscode.window.showQuickPick(found.files, { placeHolder: found.isTest ? 'Source file' : 'Test file' });
    if (file) await vscode.window.showTextDocument(uriOf(where.state.root, file));
  }
}
