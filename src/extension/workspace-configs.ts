import * as vscode from 'vscode';
import { CONFIG_FILE_NAMES, loadConfig, parseConfigFully, type LoadedConfig } from '../core/config/loader';
import { findRepositoryRoot } from '../core/git/repository-files';
import { toDiagnostic } from './convert';
import { relativePath, uriOf } from './paths';

export interface FolderState {
  folder: vscode.WorkspaceFolder;
  /** The git repository root (or the folder itself outside git): paths in findings are relative to it. */
  root: string;
  loaded: LoadedConfig;
}

/**
 * Keeps each workspace folder's `.preflight.yml` loaded, re-reads it when it changes on disk
 * or in an editor (so errors show while the lead is typing), and shows its problems on it.
 */
export class WorkspaceConfigs implements vscode.Disposable {
  private readonly states = new Map<string, FolderState>();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('preflight-config');
  private readonly changed = new vscode.EventEmitter<FolderState>();
  private readonly disposables: vscode.Disposable[] = [this.diagnostics, this.changed];
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    const pattern = `**/{${CONFIG_FILE_NAMES.join(",")}}`;
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    const reloadFor = (uri: vscode.Uri) => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (folder) void this.reload(folder);
    };
    this.disposables.push(
      watcher,
      watcher.onDidCreate(reloadFor),
      watcher.onDidChange(reloadFor),
      watcher.onDidDelete(reloadFor),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (this.isConfigDocument(event.document)) void this.reloadFromDocument(event.document);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders((event) => {
        event.removed.forEach((folder) => this.forget(folder));
        event.added.forEach((folder) => void this.reload(folder));
      }),
    );
  }

  async loadAll(): Promise<void> {
    await Promise.all((vscode.workspace.workspaceFolders ?? []).map((folder) => this.reload(folder)));
  }

  all(): FolderState[] {
    return [...this.states.values()];
  }

  stateFor(uri: vscode.Uri): FolderState | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder ? this.states.get(folder.uri.toString()) : undefined;
  }

  /** The line of a team rule (`team/<id>`) in the config file of the folder holding `uri`. */
  locateTeamRule(uri: vscode.Uri, ruleId: string): { uri: vscode.Uri; line: number } | undefined {
    const state = this.stateFor(uri);
    const rule = state?.loaded.config.rules.find((r) => `team/${r.id}` === ruleId);
    if (!state?.loaded.file || !rule?.definedAtLine) return undefined;
    return { uri: uriOf(state.root, state.loaded.file), line: rule.definedAtLine };
  }

  async reload(folder: vscode.WorkspaceFolder): Promise<FolderState> {
    const started = Date.now();
    const root = (await findRepositoryRoot(folder.uri.fsPath)) ?? folder.uri.fsPath;
    const open = vscode.workspace.textDocuments.find((doc) => this.isConfigDocument(doc) && vscode.workspace.getWorkspaceFolder(doc.uri) === folder);
    const loaded = open && open.isDirty ? await parseConfigFully(open.getText(), relativePath(root, open.uri) ?? CONFIG_FILE_NAMES[0]) : await loadConfig(root);
    this.log.info(`config for ${folder.name}: ${loaded.file ?? 'defaults'} (${loaded.findings.length} problem(s), ${Date.now() - started} ms)`);
    return this.store({ folder, root, loaded });
  }

  private async reloadFromDocument(document: vscode.TextDocument): Promise<void> {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    const previous = folder && this.states.get(folder.uri.toString());
    if (!folder || !previous) return;
    const version = document.version;
    const loaded = await parseConfigFully(document.getText(), relativePath(previous.root, document.uri) ?? CONFIG_FILE_NAMES[0]);
    if (document.version === version) this.store({ ...previous, loaded }); // a newer edit has its own reload on the way
  }

  private store(state: FolderState): FolderState {
    const key = state.folder.uri.toString();
    const previousFile = this.states.get(key)?.loaded.file;
    if (previousFile) this.diagnostics.delete(uriOf(state.root, previousFile));
    this.states.set(key, state);
    if (state.loaded.file) {
      const uri = uriOf(state.root, state.loaded.file);
      this.diagnostics.set(uri, state.loaded.findings.map(toDiagnostic));
    }
    this.changed.fire(state);
    return state;
  }

  private forget(folder: vscode.WorkspaceFolder): void {
    const state = this.states.get(folder.uri.toString());
    if (state?.loaded.file) this.diagnostics.delete(uriOf(state.root, state.loaded.file));
    this.states.delete(folder.uri.toString());
  }

  private isConfigDocument(document: vscode.TextDocument): boolean {
    const name = document.uri.path.split('/').pop() ?? '';
    return document.uri.scheme === 'file' && (CONFIG_FILE_NAMES as readonly string[]).includes(name);
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
