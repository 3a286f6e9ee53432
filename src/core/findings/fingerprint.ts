import { sha256Hex } from '../text/sha256';
import type { Finding } from './finding';

/**
 * A finding's identity across runs, for code scanning and GitLab to match results instead of
 * duplicating them: rule, file and message, not the line (an edit above it moves the line), plus
 * which occurrence it is in the file (the same message twice is two results).
 */
export function fingerprints(findings: readonly Finding[]): Map<Finding, string> {
  const ordered = [...findings].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  const seen = new Map<string, number>();
  const result = new Map<Finding, string>();
  for (const finding of ordered) {
    const key = `${finding.ruleId}\0${finding.file}\0${finding.message}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    result.set(finding, sha256Hex(`${key}\0${occurrence}`).slice(0, 32));
  }
  return result;
}

/** Whether the finding starts on a line the range adds or changes. */
export function onChangedLine(finding: Finding, changed: Readonly<Record<string, ReadonlyArray<readonly [number, number]>>>): boolean {
  return (changed[finding.file] ?? []).some(([start, end]) => finding.line >= start && finding.line <= end);
}

/** Findings on changed lines first, each group in its own order: where a reviewer looks, and what a capped list keeps. */
export function changedLinesFirst<F extends Finding>(
  findings: readonly F[],
  changed: Readonly<Record<string, ReadonlyArray<readonly [number, number]>>> | undefined,
): F[] {
  if (!changed) return [...findings];
  return [...findings.filter((f) => onChangedLine(f, changed)), ...findings.filter((f) => !onChangedLine(f, changed))];
}
