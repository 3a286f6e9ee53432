import { globMatcher } from '../text/glob';
import { re2js } from '../text/re2';
import type { RE2JS } from 're2js';
import type { ConfigCheck } from '../config/loader';
import type { StringOrList, TeamRuleConfig } from '../config/types';
import type { Finding } from '../findings/finding';
import type { GrammarName } from '../syntax/tree-sitter';
import { compilePattern, type CompiledPattern } from './pattern';
import { compileRuleObject, type CompiledRuleObject, type RuleSpec } from './rule-object';
import { literalOf, type LiteralRegex } from './regex-literal';
import { extensionOfGrammar, PATTERN_LANGUAGES } from '../syntax/languages';
import { importGrammarFor } from './imports';

/** A team rule ready to run: its globs compiled, its regex compiled by a linear-time engine. */
export interface CompiledTeamRule {
  id: string;
  config: TeamRuleConfig;
  appliesTo(path: string): boolean;
  /**
   * The regex, compiled by RE2 on first use: a push or a file touches only a few of a pack's
   * rules, and a literal one is found by indexOf. The config check compiles each (compileTeamRules)
   * and leaves out a rule RE2 rejects, so the analyzers never meet one.
   */
  regex?: () => RE2JS;
  /** Set when the regex is literal text: found by indexOf, with the same matches as RE2. */
  literal?: LiteralRegex;
  forbiddenImports?: (module: string) => boolean;
  /** The syntax-tree pattern, compiled per grammar on first use. */
  pattern?: (grammar: GrammarName) => Promise<CompiledPattern>;
  /** An ast-grep rule object (or a pattern with what only a rule object has: constraints, utils, a fix object, strictness), per grammar. */
  ruleObject?: (grammar: GrammarName) => Promise<CompiledRuleObject>;
}

/** The rule object a team rule means: its `rule:`, else its pattern as one; undefined for a plain pattern or no syntax rule. */
export function ruleSpecOf(rule: TeamRuleConfig): RuleSpec | undefined {
  const plainPattern =
    typeof rule.pattern === 'string' && rule.constraints === undefined && rule.utils === undefined && typeof rule.fix !== 'object';
  if (rule.rule === undefined && (rule.pattern === undefined || plainPattern)) return undefined;
  return { rule: rule.rule ?? { pattern: rule.pattern }, constraints: rule.constraints, utils: rule.utils, fix: rule.fix };
}

export const INVALID_RULE = 'config/invalid-rule';

/** `files: a` and `files: [a, b]` alike. */
export function asList(value: StringOrList | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** A concrete path that the rule's first `files` glob matches: `src/**\/*.ts` → `src/example/example.ts`. */
export function samplePath(rule: TeamRuleConfig): string {
  const extension = rule.language && extensionOfGrammar(PATTERN_LANGUAGES[rule.language]);
  const first = asList(rule.files)[0] ?? (extension ? `example.${extension}` : 'example.txt');
  return first
    .replace(/\{([^,}]+)[^}]*\}/g, '$1')
    .replace(/\*\*\//g, 'example/')
    .replace(/\*\*/g, 'example')
    .replace(/\*/g, 'example')
    .replace(/\?/g, 'x')
    .replace(/\[([^\]])[^\]]*\]/g, '$1');
}

// A rule is compiled once, when its config is checked; the analyzers get the same compiled rule.
const compiledRules = new WeakMap<TeamRuleConfig, CompiledTeamRule | Error>();

/** The rule compiled, or why it cannot run; the same object each time for the same rule. */
export function compiledTeamRule(rule: TeamRuleConfig): CompiledTeamRule | Error {
  let compiled = compiledRules.get(rule);
  if (!compiled) {
    try {
      compiled = compileOne(rule);
    } catch (error) {
      compiled = error as Error;
    }
    compiledRules.set(rule, compiled);
  }
  return compiled;
}

/**
 * Compiles the team rules. A rule that cannot run (a regex RE2 rejects, e.g. one with a
 * backreference) is reported at its line in the config file and left out; the others run.
 * RE2's linear-time matching is what keeps a team's regex from backtracking forever.
 */
export function compileTeamRules(
  rules: readonly TeamRuleConfig[],
  configFile: string,
): { rules: CompiledTeamRule[]; findings: Finding[]; rejected: Set<TeamRuleConfig> } {
  const compiled: CompiledTeamRule[] = [];
  const findings: Finding[] = [];
  const rejected = new Set<TeamRuleConfig>();
  for (const rule of rules) {
    if (rule.paths !== undefined) continue; // push-scope: see paths-rules.ts
    const result = checkedRegex(rule, compiledTeamRule(rule));
    if (!(result instanceof Error)) {
      compiled.push(result);
      continue;
    }
    rejected.add(rule);
    const line = rule.definedAtLine ?? 1;
    findings.push({
      ruleId: INVALID_RULE,
      severity: 'error',
      file: configFile,
      line,
      column: 1,
      endLine: line,
      endColumn: 1,
      message: `Team rule '${rule.id}' is skipped: ${result.message}.`,
      help: 'Regexes run on RE2 (linear time, no backtracking): backreferences and lookarounds are not supported.',
    });
  }
  return { rules: compiled, findings, rejected };
}

/** The compiled rule once RE2 has compiled its regex, or why RE2 rejects it (kept, so that the rule is rejected once). */
function checkedRegex(rule: TeamRuleConfig, compiled: CompiledTeamRule | Error): CompiledTeamRule | Error {
  if (compiled instanceof Error) return compiled;
  try {
    compiled.regex?.();
    return compiled;
  } catch (error) {
    compiledRules.set(rule, error as Error);
    return error as Error;
  }
}

/** Team rules whose regex RE2 rejects are reported at their line and left out; the rest run. */
export const runnableTeamRules: ConfigCheck = (config, document) => {
  const { findings, rejected } = compileTeamRules(config.rules, document.file);
  return { config: { ...config, rules: config.rules.filter((rule) => !rejected.has(rule)) }, findings };
};

function compileOne(rule: TeamRuleConfig): CompiledTeamRule {
  const files = asList(rule.files);
  const ignores = asList(rule.ignores);
  // Without `files`, a rule in a language runs on that language's files, as an ast-grep rule does.
  const language = rule.language && PATTERN_LANGUAGES[rule.language];
  const included =
    files.length > 0 ? globMatcher(files, { dot: true }) : language ? (path: string) => importGrammarFor(path) === language : () => true;
  const excluded = ignores.length > 0 ? globMatcher(ignores, { dot: true }) : () => false;
  const compiled: CompiledTeamRule = { id: `team/${rule.id}`, config: rule, appliesTo: (path) => included(path) && !excluded(path) };
  if (rule.regex !== undefined) {
    const source = rule.regex;
    let regex: RE2JS | undefined;
    compiled.regex = () => (regex ??= re2js().RE2JS.compile(source, regexFlags(rule.flags ?? '')));
    compiled.literal = literalOf(source, rule.flags ?? '');
  }
  if (rule.regex !== undefined && typeof rule.fix === 'object')
    throw new Error("a regex rule's fix is a string: expandStart and expandEnd are for pattern and rule-object rules");
  const spec = ruleSpecOf(rule);
  if (spec) {
    const byGrammar = new Map<GrammarName, Promise<CompiledRuleObject>>();
    compiled.ruleObject = (grammar) => {
      let object = byGrammar.get(grammar);
      if (!object) byGrammar.set(grammar, (object = compileRuleObject(spec, grammar)));
      return object;
    };
  } else if (typeof rule.pattern === 'string') {
    const source = rule.pattern;
    const byGrammar = new Map<GrammarName, Promise<CompiledPattern>>();
    compiled.pattern = (grammar) => {
      let pattern = byGrammar.get(grammar);
      if (!pattern) byGrammar.set(grammar, (pattern = compilePattern(source, grammar)));
      return pattern;
    };
  }
  const forbidden = asList(rule['forbid-import']);
  if (forbidden.length > 0) {
    const matcher = globMatcher(forbidden);
    // A forbidden package forbids its submodules too: lodash/get (JS), requests.adapters (Python).
    compiled.forbiddenImports = (module) =>
      matcher(module) || forbidden.some((name) => module.startsWith(`${name}/`) || module.startsWith(`${name}.`));
  }
  return compiled;
}

function regexFlags(flags: string): number {
  let value = 0;
  const { RE2JS } = re2js();
  if (flags.includes('i')) value |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes('m')) value |= RE2JS.MULTILINE;
  if (flags.includes('s')) value |= RE2JS.DOTALL;
  return value;
}
