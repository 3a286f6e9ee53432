import { CONFIG_FILE_NAMES } from '../config/loader';
import type { PreflightConfig, TeamRuleConfig } from '../config/types';
import { readInsideRepository } from '../fs/inside-repository';
import { walkFilesNotIgnored } from '../fs/walk';
import { findRepositoryRoot, listRepositoryFiles } from '../git/repository-files';
import type { Finding } from '../findings/finding';
import { LineIndex } from '../text/line-index';
import { teamRuleMatchesOnce } from './analyzer';
import { isStoppedFinding } from './budget';
import { compiledTeamRule, type CompiledTeamRule } from './compile';
import { importGrammarFor } from './imports';

/**
 * How many matches a team rule has, for the CodeLens on the rule while it is being written: in
 * the open files (their unsaved text) and in the repository (the files git does not ignore that
 * the rule's `files`/`ignores` select, open ones with their unsaved text). A count is of what the
 * rule matches: ignore comments and `scope: changed` are not applied.
 */
export interface RuleMatchCount {
  rule: TeamRuleConfig;
  open: RuleMatchLocation[];
  repository: RuleMatchLocation[];
  /** Why the repository count is a lower bound: it read only the first files, or ran out of time. */
  cut?: { reason: 'files'; files: number } | { reason: 'time'; ms: number; files: number };
}

export interface RuleMatchLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The match's first line, trimmed, to recognise it in a list. */
  lineText: string;
}

/** An open document, by its repository-relative path. */
export interface OpenFile {
  path: string;
  text: string;
}

/** The repository work one count may do: the first files (in path order) the rules select, and a time limit. */
export const REPOSITORY_LIMITS = { files: 2_000, ms: 5_000 };

/**
 * Counts the matches of the rules being looked at, remembering each rule's counts (by what the
 * rule says, not where it is written) until the repository or the open files it selects change,
 * so a keystroke in one rule counts that rule again and no other.
 */
export class RuleMatchCounter {
  private files?: Promise<string[]>;
  /** Each rule's counts by what it says and the open files it selects; a count still under way is shared, not started again. */
  private readonly counted = new Map<string, Promise<Omit<RuleMatchCount, 'rule'>>>();

  constructor(
    private readonly root: string,
    /** An untrusted workspace: the repository's files are found by reading `.gitignore`, never by running git. */
    private readonly untrusted: boolean,
    private readonly limits = REPOSITORY_LIMITS,
  ) {}

  /** A file changed, appeared or went away on disk: repository counts are done again. */
  repositoryChanged(): void {
    this.files = undefined;
    this.counted.clear();
  }

  /** The counts of `rules` (rules of `config`); rejects with an AbortError once `signal` aborts. */
  async count(
    config: PreflightConfig,
    rules: readonly TeamRuleConfig[],
    openFiles: readonly OpenFile[],
    signal?: AbortSignal,
  ): Promise<RuleMatchCount[]> {
    const compiled = new Map<TeamRuleConfig, CompiledTeamRule>();
    for (const rule of rules) {
      const result = rule.paths === undefined ? compiledTeamRule(rule) : undefined;
      if (result && !(result instanceof Error)) compiled.set(rule, result);
    }
    const keyOf = (rule: TeamRuleConfig) => {
      const open = openFiles.filter((file) => compiled.get(rule)!.appliesTo(file.path));
      return JSON.stringify([ruleContent(rule), open.map((file) => [file.path, file.text])]);
    };
    const keys = new Map([...compiled.keys()].map((rule) => [rule, keyOf(rule)]));
    const start = (todo: TeamRuleConfig[]) => {
      if (todo.length === 0) return;
      const fresh = this.countNow(
        config,
        todo.map((rule) => compiled.get(rule)!),
        openFiles,
        signal,
      );
      for (const [index, rule] of todo.entries()) {
        const key = keys.get(rule)!;
        const one = fresh.then((counts) => counts[index]);
        this.counted.set(key, one);
        // A count that was stopped or failed is not remembered: the next look starts it again.
        one.catch(() => this.counted.get(key) === one && this.counted.delete(key));
      }
    };
    start([...compiled.keys()].filter((rule) => !this.counted.has(keys.get(rule)!)));
    const settled = async (rule: TeamRuleConfig): Promise<Omit<RuleMatchCount, 'rule'>> => {
      const key = keys.get(rule)!;
      for (;;) {
        try {
          return await this.counted.get(key)!;
        } catch (error) {
          // Another look's count of the same rule was stopped by its own keystroke: this one counts it again.
          if (signal?.aborted || (error as Error).name !== 'AbortError') throw error;
          if (!this.counted.has(key)) start([rule]);
        }
      }
    };
    const counts = await Promise.all(
      rules.map(async (rule): Promise<RuleMatchCount> =>
        keys.has(rule) ? { ...(await settled(rule)), rule } : { rule, open: [], repository: [] },
      ),
    );
    signal?.throwIfAborted();
    return counts;
  }

  private async countNow(
    config: PreflightConfig,
    rules: CompiledTeamRule[],
    openFiles: readonly OpenFile[],
    signal: AbortSignal | undefined,
  ): Promise<Array<Omit<RuleMatchCount, 'rule'>>> {
    const counts = rules.map((): Omit<RuleMatchCount, 'rule'> => ({ open: [], repository: [] }));
    const add = (findings: Finding[], text: string, into: 'open' | 'repository') => {
      const lines = new LineIndex(text);
      for (const finding of findings) {
        const index = rules.findIndex((rule) => rule.id === finding.ruleId);
        if (index < 0 || isStoppedFinding(finding)) continue;
        const { file, line, column, endLine, endColumn } = finding;
        counts[index][into].push({ file, line, column, endLine, endColumn, lineText: lines.lineText(line).trim() });
      }
    };
    // The config and its rule files hold the rules' own text: a match there is the rule, not the code.
    const ruleFiles = new Set<string>([...CONFIG_FILE_NAMES, ...config.rules.flatMap((rule) => rule.definedIn ?? [])]);
    const openText = new Map(openFiles.map((file) => [file.path, file.text]));
    for (const file of openFiles.filter((open) => !ruleFiles.has(open.path))) {
      await nextTurn(signal);
      const findings = await teamRuleMatchesOnce(file, rules);
      add(findings, file.text, 'open');
      add(findings, file.text, 'repository');
    }
    const selected = (await this.repositoryFiles()).filter(
      (path) => !openText.has(path) && !ruleFiles.has(path) && rules.some((rule) => selects(rule, path)),
    );
    const started = performance.now();
    let read = 0;
    for (const path of selected) {
      if (read >= this.limits.files) {
        for (const count of counts) count.cut = { reason: 'files', files: read };
        break;
      }
      if (performance.now() - started > this.limits.ms) {
        for (const count of counts) count.cut = { reason: 'time', ms: this.limits.ms, files: read };
        break;
      }
      await nextTurn(signal);
      read++;
      const source = readInsideRepository(this.root, path, config.maxFileSize, 'maxFileSize');
      if ('problem' in source || source.text.slice(0, 8000).includes('\0')) continue;
      add(await teamRuleMatchesOnce({ path, text: source.text }, rules), source.text, 'repository');
    }
    for (const count of counts) count.repository.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
    return counts;
  }

  /** Every file git does not ignore (in an untrusted workspace: as `.gitignore` says, without git), sorted. */
  private repositoryFiles(): Promise<string[]> {
    this.files ??= (async () => {
      const files = this.untrusted
        ? await walkFilesNotIgnored(this.root)
        : (await findRepositoryRoot(this.root)) === undefined
          ? await walkFilesNotIgnored(this.root)
          : await listRepositoryFiles(this.root);
      return files.sort();
    })();
    return this.files;
  }
}

/** Whether the rule reads this file: its globs select it, and it is a regex or the file's language has syntax trees. */
function selects(rule: CompiledTeamRule, path: string): boolean {
  return (rule.regex !== undefined || importGrammarFor(path) !== undefined) && rule.appliesTo(path);
}

/** What a rule says, without where it is written (moving a rule down the file keeps its counts). */
function ruleContent(rule: TeamRuleConfig): Omit<TeamRuleConfig, 'definedAtLine' | 'keyLines'> {
  const { definedAtLine: _line, keyLines: _keys, ...content } = rule;
  return content;
}

/** Lets other work (the next keystroke) run between files, and stops when it asked to. */
async function nextTurn(signal: AbortSignal | undefined): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  signal?.throwIfAborted();
}

/** "3 matches in open files · 41 in the repository", for the CodeLens above the rule. */
export function matchCountTitle(count: Omit<RuleMatchCount, 'rule'>): string {
  const matches = (n: number) => `${n} ${n === 1 ? 'match' : 'matches'}`;
  const repository = `${count.repository.length}${count.cut ? '+' : ''} in the repository`;
  const cut =
    count.cut?.reason === 'files'
      ? ` (the first ${count.cut.files.toLocaleString('en')} files)`
      : count.cut?.reason === 'time'
        ? ` (stopped after ${count.cut.ms / 1000} s, ${count.cut.files.toLocaleString('en')} files read)`
        : '';
  return `${matches(count.open.length)} in open files · ${repository}${cut}`;
}
