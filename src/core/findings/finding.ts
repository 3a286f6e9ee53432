/**
 * The Finding contract shared by the core, the CLI's JSON output and the editor's diagnostics.
 * Positions are 1-based; `file` is a POSIX path relative to the repository root.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface Position {
  line: number;
  column: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  file: string;
  range: Range;
  newText: string;
}

export interface Fix {
  description: string;
  edits: TextEdit[];
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  help?: string;
  docsUrl?: string;
  fix?: Fix;
  /** 'push': about the push as a whole (found by the gate, not recomputed as you type). */
  scope?: 'push';
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function severityRank(severity: Severity): number {
  return SEVERITY_RANK[severity];
}

/** Worst first, then by file and position: the order reports and the gate present findings in. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    byCodeUnits(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    byCodeUnits(a.ruleId, b.ruleId)
  );
}

/**
 * The same order on every machine: localeCompare would follow the user's locale (the editor and
 * CI could list findings differently), and setting up ICU's collator costs a one-file run ~12 ms.
 */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

/** "2 errors, 1 warning", or "no problems": the one wording every front end uses. */
export function describeCounts(findings: readonly Finding[]): string {
  const counts = countBySeverity(findings);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 || word === 'info' ? '' : 's'}`;
  const parts = (['error', 'warning', 'info'] as const).filter((s) => counts[s] > 0).map((s) => plural(counts[s], s));
  return parts.length > 0 ? parts.join(', ') : 'no problems';
}
