import type { LoadedConfig } from '../config/loader';
import type { TeamRuleConfig } from '../config/types';
import { compareFindings, type Finding } from '../findings/finding';
import { PATTERN_LANGUAGES } from '../syntax/languages';
import type { GrammarName } from '../syntax/tree-sitter';
import { compiledTeamRule, INVALID_RULE, ruleSpecOf, samplePath } from './compile';
import { importGrammarFor } from './imports';
import { compilePattern } from './pattern';
import { compileRuleObject, RuleObjectError } from './rule-object';

/**
 * Parses each `pattern` and rule object in the language it is for (its `language`, else the
 * extension of its first `files` glob); a pattern that is not valid code there, or a rule object
 * ast-grep would reject, is reported at its line and the rule is left out, like an invalid regex.
 */
export async function validatePatternRules(loaded: LoadedConfig): Promise<LoadedConfig> {
  const rejected = new Set<TeamRuleConfig>();
  const findings: Finding[] = [];
  for (const rule of loaded.config.rules) {
    if (rule.pattern === undefined && rule.rule === undefined) continue;
    const grammar = grammarOf(rule);
    const problem =
      grammar === undefined
        ? { message: 'say its `language`, or give `files` globs with an extension', line: rule.definedAtLine ?? 1 }
        : await compiled(rule, grammar).then(
            () => undefined,
            (error: Error) => ({ message: error.message, line: lineOf(rule, error) }),
          );
    if (!problem) continue;
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
