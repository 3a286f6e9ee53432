import * as vscode from 'vscode';
import { isIncludedFile } from '../core/config/includes';
import { CONFIG_FILE_NAMES, type LoadedConfig } from '../core/config/loader';
import { loadConfig, parseConfigFully } from '../core/engine/registry';
import { findRepositoryRoot, findRepositoryRootOnDisk } from '../core/git/repository-files';
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
    const pattern = `**/{${CONFIG_FILE_NAMES.join(',')}}`;
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    const yamlWatcher = vscode.workspace.createFileSystemWatcher('**/*.{yml,yaml}');
    const reloadFor = (uri: vscode.Uri) => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (folder) void this.reload(folder);
    };
    this.disposables.push(
      yamlWatcher,
      yamlWatcher.onDidCreate((uri) => this.reloadIfIncluded(uri)),
      yamlWatcher.onDidChange((uri) => this.reloadIfIncluded(uri)),
      yamlWatcher.onDidDelete((uri) => this.reloadIfIncluded(uri)),
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
    const file = rule?.definedIn ?? state?.loaded.file;
    if (!state || !file || !rule?.definedAtLine) return undefined;
    return { uri: uriOf(state.root, file), line: rule.definedAtLine };
  }

  async reload(folder: vscode.WorkspaceFolder): Promise<FolderState> {
    const started = Date.now();
    // In Restricted Mode git is not run at all, not even to find the root: the repository's git configuration can name programs.
    const root =
      (vscode.workspace.isTrusted ? await findRepositoryRoot(folder.uri.fsPath) : findRepositoryRootOnDisk(folder.uri.fsPath)) ??
      folder.uri.fsPath;
    const open = vscode.workspace.textDocuments.find(
      (doc) => this.isConfigDocument(doc) && vscode.workspace.getWorkspaceFolder(doc.uri) === folder,
    );
    const loaded =
      open && open.isDirty
        ? await parseConfigFully(open.getText(), relativePath(root, open.uri) ?? CONFIG_FILE_NAMES[0], root)
        : await loadConfig(root);
    this.log.info(
      `config for ${folder.name}: ${loaded.file ?? 'defaults'} (${loaded.findings.length} problem(s), ${Date.now() - started} ms)`,
    );
    return this.store({ folder, root, loaded });
  }

  private async reloadFromDocument(document: vscode.TextDocument): Promise<void> {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    const previous = folder && this.states.get(folder.uri.toString());
    if (!folder || !previous) return;
    const version = document.version;
    const loaded = await parseConfigFully(
      document.getText(),
      relativePath(previous.root, document.uri) ?? CONFIG_FILE_NAMES[0],
      previous.root,
    );
    if (document.version === version) this.store({ ...previous, loaded }); // a newer edit has its own reload on the way
  }

  private store(state: FolderState): FolderState {
    const key = state.folder.uri.toString();
    const previous = this.states.get(key);
    if (previous) this.clearDiagnostics(previous);
    this.states.set(key, state);
    const byFile = new Map<string, vscode.Diagnostic[]>(state.loaded.file ? [[state.loaded.file, []]] : []);
    for (const finding of state.loaded.findings) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), toDiagnostic(finding)]);
    for (const [file, list] of byFile) this.diagnostics.set(uriOf(state.root, file), list);
    this.changed.fire(state);
    return state;
  }

  /** Config problems sit on the main file and on included rule files. */
  private clearDiagnostics(state: FolderState): void {
    const files = new Set([state.loaded.file, ...state.loaded.findings.map((f) => f.file)]);
    for (const file of files) if (file) this.diagnostics.delete(uriOf(state.root, file));
  }

  /** A saved YAML file that the folder's `include:` names reloads that folder's rules. */
  private reloadIfIncluded(uri: vscode.Uri): void {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const state = folder && this.states.get(folder.uri.toString());
    const path = state && relativePath(state.root, uri);
    if (folder && state && path !== undefined && isIncludedFile(state.loaded.config, path)) void this.reload(folder);
  }

  private forget(folder: vscode.WorkspaceFolder): void {
    const state = this.states.get(folder.uri.toString());
    if (state) this.clearDiagnostics(state);
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
