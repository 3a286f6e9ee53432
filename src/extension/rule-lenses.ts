import * as vscode from 'vscode';
import { CONFIG_FILE_NAMES, type LoadedConfig } from '../core/config/loader';
import type { TeamRuleConfig } from '../core/config/types';
import { parseConfigFully } from '../core/engine/registry';
import { matchCountTitle, RuleMatchCounter, type RuleMatchCount, type RuleMatchLocation } from '../core/team-rules/rule-matches';
import { relativePath, uriOf } from './paths';
import type { FolderState, WorkspaceConfigs } from './workspace-configs';

const SHOW_MATCHES = 'preflight.showRuleMatches';
/** Lenses resolved within this time of each other (the visible ones, asked one by one) are counted in one pass over the files. */
const BATCH_MS = 30;
/** After an edit of another file, the open-file counts are asked for again this much later. */
const OPEN_FILES_SETTLE_MS = 1_000;

class RuleLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly rule: TeamRuleConfig,
    readonly state: FolderState,
    readonly loaded: LoadedConfig,
  ) {
    super(range);
  }
}

interface Batch {
  state: FolderState;
  loaded: LoadedConfig;
  rules: TeamRuleConfig[];
  done: Promise<RuleMatchCount[]>;
}

/**
 * A CodeLens on each team rule of `.preflight.yml` (and of the files it includes) with the
 * rule's matches in the open files and the repository, counted by the core when the lens comes
 * into view and stopped by the next keystroke in the config; clicking it lists the matches.
 */
export class RuleMatchLenses implements vscode.CodeLensProvider<RuleLens> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly counters = new Map<string, RuleMatchCounter>();
  private readonly parsed = new Map<string, { version: number; loaded: Promise<LoadedConfig> }>();
  private stop = new AbortController();
  private batch?: Batch;
  private settle?: NodeJS.Timeout;

  constructor(
    private readonly configs: WorkspaceConfigs,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  register(): vscode.Disposable[] {
    const onDisk = vscode.workspace.createFileSystemWatcher('**/*');
    const repositoryChanged = (uri: vscode.Uri) => {
      if (/\/(\.git|node_modules)\//.test(uri.path)) return; // git's own files and Preflight's state in .git are not the repository's code
      this.counters.forEach((counter) => counter.repositoryChanged());
      this.changed.fire();
    };
    return [
      this.changed,
      onDisk,
      onDisk.onDidCreate(repositoryChanged),
      onDisk.onDidChange(repositoryChanged),
      onDisk.onDidDelete(repositoryChanged),
      vscode.languages.registerCodeLensProvider(
        [
          { scheme: 'file', language: 'yaml' },
          { scheme: 'file', pattern: '**/.preflight.json' },
        ],
        this,
      ),
      vscode.commands.registerCommand(SHOW_MATCHES, (root: string, matches: RuleMatchLocation[]) => this.showMatches(root, matches)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0) return;
        if (this.isRuleDocument(event.document)) {
          this.stop.abort(); // the rule changed: its count, and the others' in this pass, are of a rule that is gone
          this.stop = new AbortController();
          this.batch = undefined;
        } else if (event.document.uri.scheme === 'file') {
          clearTimeout(this.settle);
          this.settle = setTimeout(() => this.changed.fire(), OPEN_FILES_SETTLE_MS);
        }
      }),
      vscode.workspace.onDidOpenTextDocument(() => this.changed.fire()),
      vscode.workspace.onDidCloseTextDocument(() => this.changed.fire()),
      this.configs.onDidChange(() => this.changed.fire()),
      new vscode.Disposable(() => {
        this.stop.abort();
        clearTimeout(this.settle);
      }),
    ];
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<RuleLens[]> {
    const state = this.configs.stateFor(document.uri);
    const path = state && relativePath(state.root, document.uri);
    if (!state || path === undefined) return [];
    const loaded = await this.configOf(document, state, path);
    if (!loaded) return [];
    return loaded.config.rules
      .filter((rule) => rule.paths === undefined && rule.definedAtLine !== undefined && (rule.definedIn ?? loaded.file) === path)
      .map((rule) => new RuleLens(new vscode.Range(rule.definedAtLine! - 1, 0, rule.definedAtLine! - 1, 0), rule, state, loaded));
  }

  async resolveCodeLens(lens: RuleLens): Promise<RuleLens> {
    const counts = await this.counted(lens);
    const count = counts?.find((c) => c.rule === lens.rule);
    lens.command = count
      ? {
          title: matchCountTitle(count),
          tooltip: `Where team/${lens.rule.id} matches`,
          command: SHOW_MATCHES,
          arguments: [lens.state.root, count.repository],
        }
      : { title: 'Counting matches stopped', command: '' };
    return lens;
  }

  /** The main config is read from the editor (unsaved, as typed); an included rule file as the folder's config last loaded it. */
  private configOf(document: vscode.TextDocument, state: FolderState, path: string): Promise<LoadedConfig> | undefined {
    const name = path.split('/').pop() ?? '';
    if (!(CONFIG_FILE_NAMES as readonly string[]).includes(name))
      return state.loaded.config.rules.some((rule) => rule.definedIn === path) ? Promise.resolve(state.loaded) : undefined;
    const key = document.uri.toString();
    const known = this.parsed.get(key);
    if (known?.version === document.version) return known.loaded;
    const loaded = parseConfigFully(document.getText(), path, state.root);
    this.parsed.set(key, { version: document.version, loaded });
    return loaded;
  }

  /** The counts of the lens's rule, with the other lenses resolved at about the same time. */
  private async counted(lens: RuleLens): Promise<RuleMatchCount[] | undefined> {
    let batch = this.batch;
    if (!batch || batch.loaded !== lens.loaded) {
      const signal = this.stop.signal;
      const rules: TeamRuleConfig[] = [];
      const started = new Promise<void>((resolve) => setTimeout(resolve, BATCH_MS));
      const state = lens.state;
      const done = started.then(async () => {
        if (this.batch === batch) this.batch = undefined;
        const at = performance.now();
        const counts = await this.counterFor(state.root).count(lens.loaded.config, rules, this.openFiles(state.root), signal);
        this.log.trace(`match counts of ${rules.length} rule(s) in ${(performance.now() - at).toFixed(0)} ms`);
        return counts;
      });
      batch = this.batch = { state, loaded: lens.loaded, rules, done };
    }
    batch.rules.push(lens.rule);
    try {
      return await batch.done;
    } catch (error) {
      if ((error as Error).name !== 'AbortError') this.log.warn(`match counts: ${String(error)}`);
      return undefined;
    }
  }

  /** Untrusted workspaces never run git: the counter reads `.gitignore` itself. */
  private counterFor(root: string): RuleMatchCounter {
    const key = `${vscode.workspace.isTrusted}\0${root}`;
    let counter = this.counters.get(key);
    if (!counter) this.counters.set(key, (counter = new RuleMatchCounter(root, !vscode.workspace.isTrusted)));
    return counter;
  }

  private openFiles(root: string): Array<{ path: string; text: string }> {
    return vscode.workspace.textDocuments
      .filter((document) => document.uri.scheme === 'file')
      .map((document) => ({ path: relativePath(root, document.uri), text: document.getText() }))
      .filter((file): file is { path: string; text: string } => file.path !== undefined);
  }

  private isRuleDocument(document: vscode.TextDocument): boolean {
    const state = this.configs.stateFor(document.uri);
    const path = state && relativePath(state.root, document.uri);
    if (!state || path === undefined) return false;
    const name = path.split('/').pop() ?? '';
    return (CONFIG_FILE_NAMES as readonly string[]).includes(name) || state.loaded.config.rules.some((rule) => rule.definedIn === path);
  }

  private async showMatches(root: string, matches: readonly RuleMatchLocation[]): Promise<void> {
    const items = matches.map((match) => ({
      label: match.lineText || '(an empty line)',
      description: `${match.file}:${match.line}:${match.column}`,
      match,
    }));
    const picked = await vscode.window.showQuickPick(items, {
      title: items.length === 0 ? 'No matches in the repository' : `${items.length} ${items.length === 1 ? 'match' : 'matches'}`,
      matchOnDescription: true,
    });
    if (!picked) return;
    const { file, line, column, endLine, endColumn } = picked.match;
    await vscode.window.showTextDocument(uriOf(root, file), {
      selection: new vscode.Range(line - 1, column - 1, endLine - 1, endColumn - 1),
    });
  }
}
