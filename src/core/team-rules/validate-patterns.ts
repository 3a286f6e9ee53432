import type { LoadedConfig } from '../config/loader';
import type { TeamRuleConfig } from '../config/types';
import { compareFindings, type Finding } from '../findings/finding';
import type { GrammarName } from '../syntax/tree-sitter';
import { compiledTeamRule, INVALID_RULE, samplePath } from './compile';
import { importGrammarFor } from './imports';
import { compilePattern, type CompiledPattern } from './pattern';

/**
 * Parses each `pattern` rule in the language it is for (its `language`, else the extension of
 * its first `files` glob); a pattern that is not valid code there is reported at the rule's line
 * and the rule is left out, like an invalid regex.
 */
export async function validatePatternRules(loaded: LoadedConfig): Promise<LoadedConfig> {
  const rejected = new Set<TeamRuleConfig>();
  const findings: Finding[] = [];
  for (const rule of loaded.config.rules) {
    if (rule.pattern === undefined) continue;
    const grammar = grammarOf(rule);
    const problem =
      grammar === undefined
        ? 'say its `language`, or give `files` globs with an extension'
        : await patternOf(rule, grammar).then(
            () => undefined,
            (error: Error) => error.message,
          );
    if (!problem) continue;
    rejected.add(rule);
    const line = rule.definedAtLine ?? 1;
    findings.push({
      ruleId: INVALID_RULE,
      severity: 'error',
      file: loaded.file ?? '.preflight.yml',
      line,
      column: 1,
      endLine: line,
      endColumn: 1,
      message: `Team rule '${rule.id}' is skipped: ${problem}.`,
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
  return rule.language ?? importGrammarFor(samplePath(rule));
}

/** The rule's own compiled pattern, so that the analyzer does not compile it again. */
function patternOf(rule: TeamRuleConfig, grammar: GrammarName): Promise<CompiledPattern> {
  const compiled = compiledTeamRule(rule);
  return compiled instanceof Error || !compiled.pattern ? compilePattern(rule.pattern!, grammar) : compiled.pattern(grammar);
}
