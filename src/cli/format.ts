import { describeCounts, type Finding, type Severity } from '../core/findings/finding';

const LABEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info' };

/** Findings grouped by file, worst file first, in the `file:line:col` form editors and terminals link. */
export function formatFindingsText(findings: readonly Finding[], useColor: boolean): string {
  const paint = (code: number, text: string) => (useColor ? `\x1b[${code}m${text}\x1b[0m` : text);
  const colorOf: Record<Severity, number> = { error: 31, warning: 33, info: 36 };
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
  const lines: string[] = [];
  for (const [file, fileFindings] of byFile) {
    lines.push(paint(4, file));
    for (const f of fileFindings) {
      lines.push(`  ${file}:${f.line}:${f.column}  ${paint(colorOf[f.severity], LABEL[f.severity].padEnd(7))}  ${f.message}  ${paint(2, f.ruleId)}`);
      if (f.help) lines.push(`      ${paint(2, f.help.split('\n').join('\n      '))}`);
    }
    lines.push('');
  }
  lines.push(summaryLine(findings));
  return lines.join('\n');
}

export function summaryLine(findings: readonly Finding[]): string {
  return findings.length === 0 ? 'No problems found.' : `${findings.length} problem${findings.length === 1 ? '' : 's'} (${describeCounts(findings)})`;
}
