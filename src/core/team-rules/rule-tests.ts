import type { PreflightConfig } from '../config/types';
import { analyzeFile } from '../engine/analyze-file';
import type { Analyzer } from '../engine/analyzer';
import { teamRulesAnalyzer } from './analyzer';
import { samplePath } from './compile';
import { isStoppedFinding } from './budget';

/** Kept under its first name for callers of the rule tests. */
export { samplePath as examplePath };

export interface RuleTestResult {
  ruleId: string;
  kind: 'valid' | 'invalid';
  index: number;
  code: string;
  passed: boolean;
  /** What happened instead, for a failed case. */
  problem?: string;
}

/**
 * Runs the `tests: { valid, invalid }` examples of every team rule: a valid example must not
 * be reported by its rule, an invalid one must be. The example is analysed as a file the
 * rule's `files` globs select, so extension-dependent matchers (imports) read it right.
 */
export async function runRuleTests(
  config: PreflightConfig,
  analyzers: readonly Analyzer[] = [teamRulesAnalyzer],
): Promise<RuleTestResult[]> {
  const results: RuleTestResult[] = [];
  for (const rule of config.rules) {
    if (rule.paths) continue; // push-scope rules judge a list of changed files, not code
    const path = samplePath(rule);
    const cases: Array<['valid' | 'invalid', string[]]> = [
      ['valid', rule.tests?.valid ?? []],
      ['invalid', rule.tests?.invalid ?? []],
    ];
    for (const [kind, snippets] of cases) {
      for (const [index, code] of snippets.entries()) {
        // As a new file: every line counts as changed, so `scope: changed` rules are tested too.
        const ofRule = (await analyzeFile({ path, text: code, base: { text: undefined } }, analyzers, { config, root: '/' })).filter(
          (f) => f.ruleId === `team/${rule.id}`,
        );
        // A rule that ran out of time on the example has not shown that it passes: say so, not "reported at 1:1".
        const stopped = ofRule.find(isStoppedFinding);
        const findings = ofRule.filter((f) => !isStoppedFinding(f));
        const passed = kind === 'valid' ? findings.length === 0 && !stopped : findings.length > 0;
        results.push({
          ruleId: `team/${rule.id}`,
          kind,
          index,
          code,
          passed,
          problem: passed
            ? undefined
            : kind === 'valid' && findings.length > 0
              ? `reported at line ${findings[0].line}, column ${findings[0].column}`
              : stopped
                ? stopped.message
                : 'not reported',
        });
      }
    }
  }
  return results;
}
