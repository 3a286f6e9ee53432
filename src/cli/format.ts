import { describeCounts, type Finding, type Severity } from '../core/findings/finding';
import type { GateReport } from '../core/gate/run-gate';
import { verdictLine } from '../core/gate/verdict';
import { block, inline, painter } from './terminal-text';

const LABEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info' };

/** Findings grouped by file, worst file first, in the `file:line:col` form editors and terminals link. */
export function formatFindingsText(findings: readonly Finding[], useColor: boolean): string {
  const paint = painter(useColor);
  const colorOf: Record<Severity, number> = { error: 31, warning: 33, info: 36 };
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
  const lines: string[] = [];
  for (const [file, fileFindings] of byFile) {
    lines.push(paint(4, inline(file)));
    for (const f of fileFindings) {
      lines.push(
        `  ${inline(file)}:${f.line}:${f.column}  ${paint(colorOf[f.severity], LABEL[f.severity].padEnd(7))}  ${inline(f.message)}  ${paint(2, inline(f.ruleId))}`,
      );
      if (f.help) lines.push(`      ${paint(2, block(f.help).split('\n').join('\n      '))}`);
    }
    lines.push('');
  }
  lines.push(summaryLine(findings));
  return lines.join('\n');
}

export function summaryLine(findings: readonly Finding[]): string {
  return findings.length === 0
    ? 'No problems found.'
    : `${findings.length} problem${findings.length === 1 ? '' : 's'} (${describeCounts(findings)})`;
}

/** The gate's report for a terminal: findings by file, then the reasons, then the verdict on one line. */
export function formatGateText(report: GateReport, useColor: boolean): string {
  const paint = painter(useColor);
  const lines: string[] = [];
  const commits = report.pushes.reduce((sum, p) => sum + p.commits, 0);
  const files = new Set(report.pushes.flatMap((p) => p.files)).size;
  const cut = report.pushes.some((p) => p.truncated) ? ' (range cut to the newest commits)' : '';
  const review = report.review;
  lines.push(
    review
      ? `Preflight (CI mode): ${commits} commit(s), ${files} file(s) from the merge base of ${inline(review.base)} (${review.mergeBase.slice(0, 12)}) to ${inline(review.head)}${cut}; local state not checked`
      : `Preflight: ${commits} commit(s), ${files} file(s) to ${inline(report.remote)}${cut}`,
  );
  const all = [...report.configFindings, ...report.findings];
  if (all.length > 0) lines.push('', formatFindingsText(all, useColor).replace(/\n[^\n]*$/, ''));
  for (const command of report.commands.filter((c) => c.exitCode !== 0)) {
    const tail = block(command.output.trimEnd())
      .split('\n')
      .slice(-15)
      .map((line) => `    ${line}`);
    lines.push(
      '',
      `gate command '${inline(command.name)}' (${inline(command.run)}) ${command.timedOut ? 'timed out' : `exited ${command.exitCode}`}:`,
      ...tail,
    );
  }
  // Findings are listed above, by file; the other reasons (local state, config) are listed here.
  const others = report.reasons.filter((r) => r.kind !== 'finding');
  if (others.length > 0)
    lines.push('', ...others.map((r) => `  ${r.blocking ? '✖' : '!'} ${inline(r.text)}${r.url ? `  ${paint(2, inline(r.url))}` : ''}`));
  const color = report.verdict === 'block' ? 31 : report.verdict === 'warn' ? 33 : 32;
  lines.push('', paint(color, inline(verdictLine(report.verdict, report.reasons, report.review ? 'review' : 'push'))));
  return lines.join('\n');
}
