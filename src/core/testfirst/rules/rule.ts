import type { Severity } from '../../findings/finding';

/** What every test-first rule has, for its docs page, `--help` and ignore comments. */
export interface TestFirstRule {
  /** Without the `testfirst/` prefix. */
  name: string;
  severity: Severity;
  description: string;
  /** The docs page's body: what goes wrong without it. */
  why: string;
  help: string;
}

export function testFirstRuleId(rule: Pick<TestFirstRule, 'name'>): string {
  return `testfirst/${rule.name}`;
}

export const TESTFIRST_DOCS_BASE = 'https://github.com/preflight-dev/preflight/blob/main/docs/rules/testfirst/';
