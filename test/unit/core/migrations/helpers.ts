import { defaultConfig, type PreflightConfig } from '../../../../src/core/config/types';
import { analyzeFile } from '../../../../src/core/engine/analyze-file';
import { builtinAnalyzers } from '../../../../src/core/engine/registry';
import type { Finding } from '../../../../src/core/findings/finding';

export async function analyze(
  text: string,
  path = 'db/migrations/V2__change.sql',
  configure?: (config: PreflightConfig) => void,
): Promise<Finding[]> {
  const config = defaultConfig();
  configure?.(config);
  return analyzeFile({ path, text }, builtinAnalyzers(), { config, root: '/repo' });
}

/** The rule ids found, with the line of each, for one rule. */
export async function hitsOf(
  ruleId: string,
  text: string,
  path?: string,
  configure?: (config: PreflightConfig) => void,
): Promise<number[]> {
  return (await analyze(text, path, configure)).filter((f) => f.ruleId === `migration/${ruleId}`).map((f) => f.line);
}

/** Sets both timeouts first, so that a test sees only the rule it is about. */
export const TIMEOUTS = "SET lock_timeout = '5s';\nSET statement_timeout = '15min';\n";

/** One rule's findings as [line, column, endLine, endColumn, message], for exact assertions. */
export async function rangesOf(
  ruleId: string,
  text: string,
  path?: string,
  configure?: (config: PreflightConfig) => void,
): Promise<Array<[number, number, number, number, string]>> {
  return (await analyze(text, path, configure))
    .filter((f) => f.ruleId === `migration/${ruleId}`)
    .map((f) => [f.line, f.column, f.endLine, f.endColumn, f.message]);
}
