import { sha256Hex } from '../text/sha256';
import type { KeyedCache } from '../cache/user-cache';
import type { LoadedConfig } from '../config/loader';
import type { TeamRuleConfig } from '../config/types';
import { compareFindings, type Finding } from '../findings/finding';
import { PATTERN_LANGUAGES } from '../syntax/languages';
import type { GrammarName } from '../syntax/tree-sitter';
import { compiledTeamRule, INVALID_RULE, ruleSpecOf, samplePath } from './compile';
import { importGrammarFor } from './imports';
import { compilePattern } from './pattern';
import { compileRuleObject, RuleObjectError } from './rule-object';

/** Where the CLI keeps what this check found for a config, by the hash of its syntax rules and of Preflight's build. */
export type PatternCheckCache = KeyedCache;

let checkCache: { cache: PatternCheckCache; build: string } | undefined;

/**
 * The CLI and the hook keep this check's result on disk: a run that reads no TypeScript or Python
 * then loads no TypeScript or Python grammar to check the team's TypeScript and Python patterns.
 * A rule that passed is still compiled when a file needs it, from the same text, so the findings are
 * the same; the key holds every rule's text and position and the build, so any change is a miss.
 */
export function keepPatternChecks(cache: PatternCheckCache | undefined, build: string | undefined): void {
  checkCache = cache && build ? { cache, build } : undefined;
}

interface Problem {
  index: number;
  message: string;
  line: number;
}

/**
 * Parses each `pattern` and rule object in the language it is for (its `language`, else the
 * extension of its first `files` glob); a pattern that is not valid code there, or a rule object
 * ast-grep would reject, is reported at its line and the rule is left out, like an invalid regex.
 */
export async function validatePatternRules(loaded: LoadedConfig): Promise<LoadedConfig> {
  const rules = loaded.config.rules;
  const syntaxRules = rules.flatMap((rule, index) => (rule.pattern === undefined && rule.rule === undefined ? [] : [{ rule, index }]));
  if (syntaxRules.length === 0) return loaded;
  const key = checkCache && cacheKey(checkCache.build, loaded.file, syntaxRules);
  const cached = key ? cachedProblems(key, rules) : undefined;
  const problems = cached ?? (await checkSyntaxRules(syntaxRules));
  if (key && !cached) checkCache?.cache.write(key, JSON.stringify(problems));
  const rejected = new Set<TeamRuleConfig>();
  const findings: Finding[] = [];
  for (const problem of problems) {
    const rule = rules[problem.index];
    rejected.add(rule);
    findings.push({
      ruleId: INVALID_RULE,
      severity: 'error',
      file: rule.definedIn ?? loaded.file ?? '.preflight.yml',
      line: problem.line,
      column: 1,
      endLine: problem.line,
      endColumn: 1,
      message: `Team rule '${rule.id}' is skipped: ${problem.message}.`,
    });
  }
  if (rejected.size === 0) return loaded;
  return {
    ...loaded,
    config: { ...loaded.config, rules: loaded.config.rules.filter((rule) => !rejected.has(rule)) },
    findings: [...loaded.findings, ...findings].sort(compareFindings),
  };
}

async function checkSyntaxRules(syntaxRules: ReadonlyArray<{ rule: TeamRuleConfig; index: number }>): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const { rule, index } of syntaxRules) {
    const grammar = grammarOf(rule);
    const problem =
      grammar === undefined
        ? { message: 'say its `language`, or give `files` globs with an extension', line: rule.definedAtLine ?? 1 }
        : await compiled(rule, grammar).then(
            () => undefined,
            (error: Error) => ({ message: error.message, line: lineOf(rule, error) }),
          );
    if (problem) problems.push({ index, ...problem });
  }
  return problems;
}

function cacheKey(build: string, file: string | undefined, syntaxRules: ReadonlyArray<{ rule: TeamRuleConfig; index: number }>): string {
  return sha256Hex(JSON.stringify({ build, file, rules: syntaxRules }));
}

/** The problems recorded under `key`, when the record is one this check could have written for these rules. */
function cachedProblems(key: string, rules: readonly TeamRuleConfig[]): Problem[] | undefined {
  const text = checkCache?.cache.read(key);
  if (text === undefined) return undefined;
  try {
    const problems = JSON.parse(text) as unknown;
    const valid =
      Array.isArray(problems) &&
      problems.every(
        (p: Partial<Problem>) =>
          Number.isInteger(p.index) &&
          (rules[p.index!]?.pattern !== undefined || rules[p.index!]?.rule !== undefined) &&
          typeof p.message === 'string' &&
          Number.isInteger(p.line),
      );
    return valid ? (problems as Problem[]) : undefined;
  } catch {
    return undefined;
  }
}

function grammarOf(rule: TeamRuleConfig): GrammarName | undefined {
  return rule.language ? PATTERN_LANGUAGES[rule.language] : importGrammarFor(samplePath(rule));
}

/** The rule's own compiled pattern or rule object, so that the analyzer does not compile it again. */
function compiled(rule: TeamRuleConfig, grammar: GrammarName): Promise<unknown> {
  const own = compiledTeamRule(rule);
  if (!(own instanceof Error) && own.ruleObject) return own.ruleObject(grammar);
  if (!(own instanceof Error) && own.pattern) return own.pattern(grammar);
  const spec = ruleSpecOf(rule);
  return spec ? compileRuleObject(spec, grammar) : compilePattern(rule.pattern as string, grammar);
}

/** The line of the key a rule object's problem is about (or the nearest key around it that has one). */
function lineOf(rule: TeamRuleConfig, error: Error): number {
  const fallback = rule.definedAtLine ?? 1;
  if (!(error instanceof RuleObjectError)) return rule.keyLines?.pattern ?? fallback;
  // A plain pattern with constraints is compiled as `{rule: {pattern}}`: its pattern is the rule's own key.
  const path = rule.rule === undefined && error.path[0] === 'rule' ? error.path.slice(1) : error.path;
  for (let depth = path.length; depth > 0; depth--) {
    const line = rule.keyLines?.[path.slice(0, depth).join('.')];
    if (line !== undefined) return line;
  }
  return fallback;
}
