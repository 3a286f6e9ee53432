import type { PreflightConfig } from '../config/types';
import { analyzeFile } from '../engine/analyze-file';
import type { Analyzer } from '../engine/analyzer';
import { teamRulesAnalyzer } from './analyzer';
import { samplePath } from './compile';
import { isStoppedFinding } from './budget';
import { applyEdits, fixAllEdits } from './fix-all';
import type { RuleTestCase } from '../config/types';

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
  /** For an invalid case with `output:`: the file the case expects after the rule's fixes, and the one they gave. */
  output?: { expected: string; actual: string };
}

/**
 * Runs the `tests: { valid, invalid }` examples of every team rule: a valid example must not
 * be reported by its rule, an invalid one must be; an invalid one written `{code, output}` must
 * also become `output` when every fix of the rule is applied (as fix-all on save does). The example is analysed as a file the
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
    const cases: Array<['valid' | 'invalid', RuleTestCase[]]> = [
      ['valid', rule.tests?.valid ?? []],
      ['invalid', rule.tests?.invalid ?? []],
    ];
    for (const [kind, examples] of cases) {
      for (const [index, example] of examples.entries()) {
        const { code, output: expected } = typeof example === 'string' ? { code: example, output: undefined } : example;
        // As a new file: every line counts as changed, so `scope: changed` rules are tested too.
        const ofRule = (await analyzeFile({ path, text: code, base: { text: undefined } }, analyzers, { config, root: '/' })).filter(
          (f) => f.ruleId === `team/${rule.id}`,
        );
        // A rule that ran out of time on the example has not shown that it passes: say so, not "reported at 1:1".
        const stopped = ofRule.find(isStoppedFinding);
        const findings = ofRule.filter((f) => !isStoppedFinding(f));
        const output = expected === undefined ? undefined : { expected, actual: applyEdits(code, fixAllEdits(findings, code)) };
        const reported = kind === 'valid' ? findings.length === 0 && !stopped : findings.length > 0;
        const passed = reported && (output === undefined || output.actual === output.expected);
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
                : !reported
                  ? 'not reported'
                  : findings.some((f) => f.fix)
                    ? 'the fixed code differs from the expected output'
                    : 'the rule has no fix here, so the code stays as it is, not the expected output',
          output: passed ? undefined : output,
        });
      }
    }
  }
  return results;
}
