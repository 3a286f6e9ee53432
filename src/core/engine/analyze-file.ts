import { globMatcher } from '../text/glob';
import { compareFindings, type Finding } from '../findings/finding';
import {
  checkSuppressions,
  IGNORE_WITHOUT_REASON,
  parseSuppressions,
  suppressionOf,
  UNKNOWN_RULE_IN_IGNORE,
  type SuppressedFinding,
} from '../findings/suppression';
import { CONFIG_SCHEMA_RULE, CONFIG_SYNTAX_RULE } from '../config/loader';
import type { AnalysisContext, Analyzer, SourceFile } from './analyzer';

export const ANALYZER_FAILED = 'preflight/analyzer-failed';
export const FILE_TOO_LARGE = 'preflight/file-too-large';
const ENGINE_RULES = [
  CONFIG_SCHEMA_RULE,
  CONFIG_SYNTAX_RULE,
  UNKNOWN_RULE_IN_IGNORE,
  IGNORE_WITHOUT_REASON,
  ANALYZER_FAILED,
  FILE_TOO_LARGE,
];

/** Every rule id that an ignore comment may name in this context. */
export function knownRuleIds(analyzers: readonly Analyzer[], context: AnalysisContext): Set<string> {
  const ids = new Set(ENGINE_RULES);
  for (const analyzer of analyzers) for (const rule of analyzer.rules(context)) ids.add(rule.id);
  for (const rule of context.config.rules) ids.add(`team/${rule.id}`);
  return ids;
}

const ignoreMatchers = new WeakMap<AnalysisContext['config'], (path: string) => boolean>();

/** Compiled once per configuration: compiling globs costs far more than matching them. */
export function isIgnoredPath(path: string, context: AnalysisContext): boolean {
  let matcher = ignoreMatchers.get(context.config);
  if (!matcher) {
    matcher = context.config.ignore.length > 0 ? globMatcher(context.config.ignore, { dot: true }) : () => false;
    ignoreMatchers.set(context.config, matcher);
  }
  return matcher(path);
}

export function applicableAnalyzers(path: string, analyzers: readonly Analyzer[], context: AnalysisContext): Analyzer[] {
  if (isIgnoredPath(path, context)) return [];
  return analyzers.filter((analyzer) => analyzer.appliesTo(path, context));
}

/** Whether analysing this file needs its upstream version (`SourceFile.base`): git is asked only then. */
export function needsBase(path: string, analyzers: readonly Analyzer[], context: AnalysisContext): boolean {
  return applicableAnalyzers(path, analyzers, context).some((analyzer) => analyzer.usesBase?.(path, context) === true);
}

/**
 * Runs the applicable analyzers on one file, applies its ignore comments and reports
 * problems with those comments. An analyzer that throws becomes one finding, never a crash.
 */
export async function analyzeFile(file: SourceFile, analyzers: readonly Analyzer[], context: AnalysisContext): Promise<Finding[]> {
  return (await analyzeFileFully(file, analyzers, context)).findings;
}

/** analyzeFile, and the findings its ignore comments silenced, with their reasons. */
export async function analyzeFileFully(
  file: SourceFile,
  analyzers: readonly Analyzer[],
  context: AnalysisContext,
): Promise<{ findings: Finding[]; suppressed: SuppressedFinding[] }> {
  const applicable = applicableAnalyzers(file.path, analyzers, context);
  if (applicable.length > 0 && file.text.length > context.config.maxFileSize)
    return { findings: [fileTooLarge(file, context.config.maxFileSize)], suppressed: [] };
  const raw: Finding[] = [];
  for (const analyzer of applicable) {
    try {
      raw.push(...(await analyzer.analyze(file, context)));
    } catch (error) {
      raw.push(analyzerFailure(file.path, analyzer.name, error));
    }
  }
  const suppressions = parseSuppressions(file.path, file.text);
  if (suppressions.length === 0) return { findings: raw.sort(compareFindings), suppressed: [] };
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of raw) {
    const by = suppressionOf(finding, suppressions);
    if (by) suppressed.push({ ...finding, suppression: { line: by.commentLine, ...(by.reason ? { reason: by.reason } : {}) } });
    else kept.push(finding);
  }
  const aboutIgnores = checkSuppressions(file.path, suppressions, knownRuleIds(analyzers, context));
  return { findings: [...kept, ...aboutIgnores].sort(compareFindings), suppressed: suppressed.sort(compareFindings) };
}

function fileTooLarge(file: SourceFile, limit: number): Finding {
  return {
    ruleId: FILE_TOO_LARGE,
    severity: 'info',
    file: file.path,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    message: `Preflight skipped this file: it is larger than maxFileSize (${file.text.length} > ${limit} characters).`,
    help: 'Raise maxFileSize in .preflight.yml to analyse it, or add it to ignore.',
  };
}

export function analyzerFailure(path: string, analyzer: string, error: unknown): Finding {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    ruleId: ANALYZER_FAILED,
    severity: 'warning',
    file: path,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    message: `The ${analyzer} analyzer could not check this file: ${reason}`,
    help: 'This is a bug in Preflight; the other analyzers still ran. Please report it with the file that caused it.',
  };
}
