import type { Finding } from './finding';
import { commentStartBefore, commentSyntaxFor } from '../text/comment-syntax';
import { LineIndex } from '../text/line-index';
import { closestMatch } from '../text/did-you-mean';

/**
 * Suppression comments, in the file's own comment syntax:
 *   preflight-ignore <rule-id>[, <rule-id>] -- <reason>       the next code line (or this line, after code)
 *   preflight-ignore-file <rule-id>[, <rule-id>] -- <reason>  the whole file
 *   squawk-ignore <rule>[, <rule>] / squawk-ignore-file        the same, for SQL, with squawk's rule names
 * A suppression matches a finding that starts on its target line.
 */
export interface Suppression {
  /** 1-based line of the comment itself. */
  commentLine: number;
  /** 1-based line it silences; undefined when it covers the whole file. */
  targetLine?: number;
  ruleIds: SuppressedRule[];
  reason?: string;
  marker: Marker;
}

export interface SuppressedRule {
  id: string;
  column: number;
  endColumn: number;
}

type Marker = 'preflight-ignore' | 'preflight-ignore-file' | 'squawk-ignore' | 'squawk-ignore-file';

const MARKER_PATTERN = /\b(preflight-ignore-file|preflight-ignore|squawk-ignore-file|squawk-ignore)\b/;
const SQUAWK_PREFIX = 'migration/';

/** squawk's other names: an umbrella for both timeout rules, and the spelling squawk reports prefer-timestamptz under. */
const SQUAWK_ALIASES: Record<string, string[]> = {
  'migration/require-timeout-settings': ['migration/require-lock-timeout', 'migration/require-statement-timeout'],
  'migration/prefer-timestamp-tz': ['migration/prefer-timestamptz'],
};

export function parseSuppressions(file: string, text: string): Suppression[] {
  if (!text.includes('preflight-ignore') && !text.includes('squawk-ignore')) return [];
  const syntax = commentSyntaxFor(file);
  const lines = new LineIndex(text);
  const found: Array<Suppression & { ownLine: boolean }> = [];
  for (let line = 1; line <= lines.lineCount; line++) {
    const lineText = lines.lineText(line);
    const match = MARKER_PATTERN.exec(lineText);
    if (!match) continue;
    const commentAt = commentStartBefore(lineText, match.index, syntax);
    if (commentAt < 0) continue;
    const marker = match[1] as Marker;
    const parsed = parseDirectiveBody(lineText, match.index + marker.length, marker);
    found.push({ ...parsed, marker, commentLine: line, ownLine: lineText.slice(0, commentAt).trim() === '' });
  }
  return found.map(({ ownLine, ...suppression }) => ({
    ...suppression,
    targetLine: suppression.marker.endsWith('-file') ? undefined : targetLineOf(suppression.commentLine, ownLine, found, lines),
  }));
}

function parseDirectiveBody(lineText: string, bodyStart: number, marker: Marker): Pick<Suppression, 'ruleIds' | 'reason'> {
  let body = lineText.slice(bodyStart).replace(/\s*(\*\/|-->)\s*$/, '');
  let reason: string | undefined;
  const separator = /\s--(\s|$)/.exec(body);
  if (separator) {
    reason = body.slice(separator.index + separator[0].length).trim() || undefined;
    body = body.slice(0, separator.index);
  }
  const ruleIds: SuppressedRule[] = [];
  const idPattern = /[^\s,]+/g;
  for (let m = idPattern.exec(body); m; m = idPattern.exec(body)) {
    const id = marker.startsWith('squawk') && !m[0].includes('/') ? SQUAWK_PREFIX + m[0] : m[0];
    const column = bodyStart + m.index + 1;
    for (const meant of SQUAWK_ALIASES[id] ?? [id]) ruleIds.push({ id: meant, column, endColumn: column + m[0].length });
  }
  return { ruleIds, reason };
}

/** A comment on its own line silences the next line that is not itself a suppression comment. */
function targetLineOf(
  commentLine: number,
  ownLine: boolean,
  all: ReadonlyArray<{ commentLine: number; ownLine: boolean }>,
  lines: LineIndex,
): number {
  if (!ownLine) return commentLine;
  let target = commentLine + 1;
  while (all.some((s) => s.commentLine === target && s.ownLine) && target < lines.lineCount) target++;
  return target;
}

/** A finding an ignore comment silenced: kept for reports that show suppressions (SARIF). */
export type SuppressedFinding = Finding & { suppression: { line: number; reason?: string } };

export function isSuppressed(finding: Finding, suppressions: readonly Suppression[]): boolean {
  return suppressionOf(finding, suppressions) !== undefined;
}

/** The comment that silences this finding, if one does. */
export function suppressionOf(finding: Finding, suppressions: readonly Suppression[]): Suppression | undefined {
  return suppressions.find(
    (s) =>
      (s.targetLine === undefined || s.targetLine === finding.line) &&
      (s.ruleIds.length === 0 ? s.marker === 'squawk-ignore-file' : s.ruleIds.some((r) => r.id === finding.ruleId)),
  );
}

export const UNKNOWN_RULE_IN_IGNORE = 'preflight/unknown-rule-in-ignore';
export const IGNORE_WITHOUT_REASON = 'preflight/ignore-without-reason';

/** Findings about the suppression comments themselves: unknown rule ids, missing reasons. */
export function checkSuppressions(file: string, suppressions: readonly Suppression[], knownRuleIds: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  for (const suppression of suppressions) {
    for (const rule of suppression.ruleIds) {
      if (knownRuleIds.has(rule.id)) continue;
      findings.push({
        ruleId: UNKNOWN_RULE_IN_IGNORE,
        severity: 'warning',
        file,
        line: suppression.commentLine,
        column: rule.column,
        endLine: suppression.commentLine,
        endColumn: rule.endColumn,
        message: `'${rule.id}' is not a rule Preflight knows, so this ignore comment silences nothing.`,
        help: suggestRule(rule.id, knownRuleIds),
      });
    }
    if (suppression.marker.startsWith('preflight') && !suppression.reason) {
      const first = suppression.ruleIds[0];
      findings.push({
        ruleId: IGNORE_WITHOUT_REASON,
        severity: 'info',
        file,
        line: suppression.commentLine,
        column: first?.column ?? 1,
        endLine: suppression.commentLine,
        endColumn: suppression.ruleIds.at(-1)?.endColumn ?? 1,
        message: 'Say why this rule is ignored here: add "-- <reason>" after the rule ids.',
      });
    }
  }
  return findings;
}

function suggestRule(id: string, known: ReadonlySet<string>): string | undefined {
  const guess = closestMatch(id, known);
  return guess ? `Did you mean '${guess}'?` : undefined;
}
