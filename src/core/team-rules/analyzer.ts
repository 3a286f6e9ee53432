import type { AnalysisContext, Analyzer, RuleMeta, SourceFile } from '../engine/analyzer';
import type { Finding } from '../findings/finding';
import { LineIndex } from '../text/line-index';
import { asList, compiledTeamRule, type CompiledTeamRule } from './compile';
import { importGrammarFor } from './imports';
import { forgetKeptLiterals, keptLiteralsOf, regexFindings } from './regex-matcher';
import { teamFinding } from './finding';
import type { GrammarName } from '../syntax/tree-sitter';
import type { CompiledPattern } from './pattern';
import { forgetSyntax, syntaxMatches, type SyntaxRules } from './syntax-matches';
import type { PreflightConfig } from '../config/types';
import { changedLines } from '../text/changed-lines';
import { fileWords } from './file-words';
import { RULE_TIME_LIMIT_MS, isStoppedFinding, stoppedFinding } from './budget';

const compiledByConfig = new WeakMap<PreflightConfig, CompiledTeamRule[]>();

/** The team's rules from `.preflight.yml`, as the config check compiled them. */
export function teamRulesOf(config: PreflightConfig): CompiledTeamRule[] {
  let rules = compiledByConfig.get(config);
  if (!rules) {
    // Rules that do not compile were reported by the config check and are already left out.
    rules = config.rules
      .filter((rule) => rule.paths === undefined)
      .map(compiledTeamRule)
      .filter(
        (rule): rule is CompiledTeamRule =>
          !(rule instanceof Error) && Boolean(rule.regex || rule.forbiddenImports || rule.pattern || rule.ruleObject),
      );
    compiledByConfig.set(config, rules);
  }
  return rules;
}

const rulesByPath = new WeakMap<PreflightConfig, Map<string, CompiledTeamRule[]>>();
const MAX_PATHS_KEPT = 64;

/** The rules whose globs select `path`; in the editor, kept for the file's next keystrokes (100 rules' globs each time cost 0.5 ms). */
function rulesFor(path: string, context: AnalysisContext): CompiledTeamRule[] {
  if (!context.editing) return rulesSelecting(path, context);
  let byPath = rulesByPath.get(context.config);
  if (!byPath) rulesByPath.set(context.config, (byPath = new Map()));
  let rules = byPath.get(path);
  if (!rules) {
    rules = rulesSelecting(path, context);
    if (byPath.size >= MAX_PATHS_KEPT) byPath.clear();
    byPath.set(path, rules);
  }
  return rules;
}

function rulesSelecting(path: string, context: AnalysisContext): CompiledTeamRule[] {
  const readsSyntax = importGrammarFor(path) !== undefined;
  return teamRulesOf(context.config).filter((rule) => (rule.regex || readsSyntax) && rule.appliesTo(path));
}

/** Whether any rule selects `path`: asked twice per file of a scan, so it stops at the first (100 rules × 20,000 files). */
function anyRuleFor(path: string, context: AnalysisContext): boolean {
  const readsSyntax = importGrammarFor(path) !== undefined;
  return teamRulesOf(context.config).some((rule) => (rule.regex || readsSyntax) && rule.appliesTo(path));
}

/** Forgets what the editor kept of a closed file for its next keystroke: its syntax tree, matches and literal occurrences. */
export function forgetEditedFile(path: string): void {
  forgetSyntax(path);
  forgetKeptLiterals(path);
}

export interface TeamRulesOptions {
  /** How long one rule may work on one file before it stops with a finding saying so. */
  ruleTimeLimitMs?: number;
}

/** Team rules: regex, pattern and forbid-import matchers, on every file the rule's globs select. */
export function createTeamRulesAnalyzer(options: TeamRulesOptions = {}): Analyzer {
  const limitMs = options.ruleTimeLimitMs ?? RULE_TIME_LIMIT_MS;
  return {
    name: 'team rules',
    rules: (context) =>
      teamRulesOf(context.config).map((rule): RuleMeta => ({
        id: rule.id,
        description: rule.config.message,
        severity: rule.config.severity ?? 'warning',
        docsUrl: rule.config.docsUrl,
      })),
    appliesTo: anyRuleFor,
    usesBase: (path, context) => rulesFor(path, context).some((rule) => rule.config.scope === 'changed'),
    analyze: async (file, context) =>
      onlyChangedLinesWhereAsked(
        file,
        await analyzeTeamRules(file, rulesFor(file.path, context), limitMs, context.editing === true),
        context,
      ),
  };
}

/** The team rules with the standard time limit: what the editor, `rules test` and the gate run. */
export const teamRulesAnalyzer: Analyzer = createTeamRulesAnalyzer();

/**
 * `scope: changed` rules keep only findings on lines changed against the upstream. With no
 * upstream version known (a plain `preflight scan`), they report nothing: legacy code is what
 * such a rule exists to leave alone. A rule's "stopped on this file" notice is about the whole
 * file and stays.
 */
function onlyChangedLinesWhereAsked(file: SourceFile, findings: Finding[], context: AnalysisContext): Finding[] {
  const changedOnly = new Set(
    teamRulesOf(context.config)
      .filter((rule) => rule.config.scope === 'changed')
      .map((rule) => rule.id),
  );
  if (changedOnly.size === 0) return findings;
  const lines = file.base ? changedLines(file.base.text, file.text) : new Set<number>();
  return findings.filter((finding) => !changedOnly.has(finding.ruleId) || isStoppedFinding(finding) || touchesAny(finding, lines));
}

function touchesAny(finding: Finding, lines: ReadonlySet<number>): boolean {
  for (let line = finding.line; line <= finding.endLine; line++) if (lines.has(line)) return true;
  return false;
}

/**
 * The findings of these team rules in a file, before `scope: changed` and ignore comments, with no
 * tree kept for the next keystroke (the editor's incremental state of the file stays as it was).
 */
export async function teamRuleMatchesOnce(file: SourceFile, rules: readonly CompiledTeamRule[]): Promise<Finding[]> {
  const readsSyntax = importGrammarFor(file.path) !== undefined;
  const applicable = rules.filter((rule) => (rule.regex || readsSyntax) && rule.appliesTo(file.path));
  return applicable.length === 0 ? [] : analyzeTeamRules(file, applicable, RULE_TIME_LIMIT_MS, false);
}

async function analyzeTeamRules(
  file: SourceFile,
  rules: readonly CompiledTeamRule[],
  limitMs: number,
  remember = true,
): Promise<Finding[]> {
  const lines = new LineIndex(file.text);
  const findings: Finding[] = [];
  const literals = remember && rules.some((rule) => rule.literal) ? keptLiteralsOf(file.path, file.text) : undefined;
  for (const rule of rules) if (rule.regex) findings.push(...regexFindings(rule, file.path, file.text, lines, limitMs, literals));
  const grammar = importGrammarFor(file.path);
  const syntaxRules = rules.filter((rule) => rule.pattern || rule.forbiddenImports || rule.ruleObject);
  if (!grammar || syntaxRules.length === 0) return findings;
  const patterns = await patternsOf(syntaxRules, grammar, file.text);
  const objects = await objectsOf(syntaxRules, grammar, file.text);
  const importRules = syntaxRules.filter((rule) => rule.forbiddenImports);
  // Reading the text for each module name only pays when it spares the parse: a file parsed anyway
  // has its few import sites checked against every rule (on a keystroke, 30 rules read 200 KB each).
  const parsedAnyway = patterns.size > 0 || objects.length > 0;
  const imports = parsedAnyway ? importRules : importRules.filter((rule) => mayImport(rule, file.text));
  if (patterns.size === 0 && imports.length === 0 && objects.length === 0) {
    if (remember) forgetSyntax(file.path); // nothing can match: no parse at all
    return findings;
  }
  const { matches, stopped } = await syntaxMatches(file.path, lines, { grammar, patterns, imports, objects }, limitMs, { remember });
  for (const match of matches) {
    const fix =
      match.replacement === undefined
        ? undefined
        : {
            description: match.replacement === '' ? 'Delete it' : `Replace with: ${match.replacement}`,
            edits: [{ start: match.fixStart ?? match.start, end: match.fixEnd ?? match.end, newText: match.replacement }],
          };
    findings.push(teamFinding(match.rule, file.path, lines, match.start, match.end, fix));
  }
  for (const [rule, spentMs] of stopped) findings.push(stoppedFinding(rule, file.path, spentMs, 'pattern'));
  return findings;
}

/**
 * The compiled patterns by the node type they start with, leaving out those whose words the
 * file does not contain (they cannot match) and those that do not parse in this language
 * (reported on the config).
 */
async function patternsOf(
  rules: readonly CompiledTeamRule[],
  grammar: GrammarName,
  text: string,
): Promise<Map<string, Array<{ rule: CompiledTeamRule; pattern: CompiledPattern }>>> {
  const byType = new Map<string, Array<{ rule: CompiledTeamRule; pattern: CompiledPattern }>>();
  const words = fileWords(text);
  for (const rule of rules) {
    let pattern = compiledFor(rule.pattern, grammar);
    if (pattern instanceof Promise) pattern = await pattern;
    if (!pattern || pattern.root.single !== undefined || pattern.root.multi !== undefined || !words.hasAll(pattern.words)) continue;
    const same = byType.get(pattern.root.type);
    if (same) same.push({ rule, pattern });
    else byType.set(pattern.root.type, [{ rule, pattern }]);
  }
  return byType;
}

/**
 * The rule objects compiled for this language, leaving out those whose words the file does not
 * contain and those that do not compile here (reported on the config).
 */
async function objectsOf(rules: readonly CompiledTeamRule[], grammar: GrammarName, text: string): Promise<SyntaxRules['objects']> {
  const objects: SyntaxRules['objects'] = [];
  const words = fileWords(text);
  for (const rule of rules) {
    let object = compiledFor(rule.ruleObject, grammar);
    if (object instanceof Promise) object = await object;
    if (object && words.hasAll(object.words)) objects.push({ rule, object });
  }
  return objects;
}

const settled = new WeakMap<(grammar: GrammarName) => Promise<unknown>, Map<GrammarName, unknown>>();

/**
 * A rule's pattern or rule object for the grammar, undefined when it does not compile there; once
 * compiled, without a promise: awaiting each rule's made 30,000 promises of a 1,000-file scan (11 MB).
 */
function compiledFor<T>(
  compile: ((grammar: GrammarName) => Promise<T>) | undefined,
  grammar: GrammarName,
): T | undefined | Promise<T | undefined> {
  if (!compile) return undefined;
  const byGrammar = settled.get(compile);
  if (byGrammar?.has(grammar)) return byGrammar.get(grammar) as T | undefined;
  return compile(grammar).then(
    (compiled) => remember(compile, grammar, compiled),
    () => remember(compile, grammar, undefined),
  );
}

function remember<T>(compile: (grammar: GrammarName) => Promise<T>, grammar: GrammarName, compiled: T | undefined): T | undefined {
  let byGrammar = settled.get(compile);
  if (!byGrammar) settled.set(compile, (byGrammar = new Map()));
  byGrammar.set(grammar, compiled);
  return compiled;
}

/** A file can import a forbidden module only if its text names one (globs: their fixed prefix). */
function mayImport(rule: CompiledTeamRule, text: string): boolean {
  return asList(rule.config['forbid-import']).some((name) => text.includes(name.split(/[*?[{]/)[0]));
}
