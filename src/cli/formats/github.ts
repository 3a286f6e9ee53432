import { describeCounts, type Finding, type Severity } from '../../core/findings/finding';
import { changedLinesFirst, onChangedLine } from '../../core/findings/fingerprint';
import { FINDING_KINDS } from '../../core/engine/registry';
import type { CiReport } from './ci-report';
import { inline } from '../terminal-text';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * GitHub Actions workflow commands, one annotation per finding. GitHub shows only the first few
 * annotations of a step, so the findings on lines the range changes come first.
 */
export function formatGithub(report: CiReport): string {
  const lines = changedLinesFirst(report.findings, report.changedLines).map(annotation);
  lines.push(escapeData(report.headline));
  return lines.join('\n');
}

function annotation(f: Finding): string {
  const properties = [
    `file=${escapeProperty(f.file)}`,
    `line=${f.line}`,
    `col=${f.column}`,
    `endLine=${Math.max(f.endLine, f.line)}`,
    `endColumn=${f.endColumn}`,
    `title=${escapeProperty(f.ruleId)}`,
  ];
  const text = [f.message, f.help, f.docsUrl].filter(Boolean).join('\n');
  return `::${COMMAND[f.severity]} ${properties.join(',')}::${escapeData(text)}`;
}

/** As actions/toolkit's command.ts escapes a message: `%`, CR and LF. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** As actions/toolkit's command.ts escapes a property value: a message's escapes, and `:` and `,`, which end a property. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** The job summary (`$GITHUB_STEP_SUMMARY`): the verdict, counts per kind, every finding in a table with its rule's docs. */
export function githubSummary(report: CiReport): string {
  const findings = changedLinesFirst(report.findings, report.changedLines);
  const out = [`## Preflight: ${markdown(report.headline)}`, ''];
  if (findings.length > 0) out.push(...countsByKind(findings), '');
  if (report.otherReasons?.length) out.push(...report.otherReasons.map((r) => `- ${markdown(r)}`), '');
  if (findings.length === 0) return [...out, 'No problems found.', ''].join('\n');
  out.push('| Severity | Rule | Location | Message |', '| --- | --- | --- | --- |');
  for (const f of findings) {
    const rule = f.docsUrl ? `[${markdown(f.ruleId)}](${linkTarget(f.docsUrl)})` : markdown(f.ruleId);
    const changed = report.changedLines && onChangedLine(f, report.changedLines) ? ' (changed)' : '';
    out.push(`| ${f.severity} | ${rule} | ${markdown(`${f.file}:${f.line}:${f.column}`)}${changed} | ${markdown(f.message)} |`);
  }
  return [...out, ''].join('\n');
}

function countsByKind(findings: readonly Finding[]): string[] {
  const rows: string[] = [];
  for (const kind of FINDING_KINDS) {
    const ofKind = findings.filter((f) => f.ruleId.startsWith(kind.prefix));
    if (ofKind.length > 0) rows.push(`- ${kind.title}: ${describeCounts(ofKind)}`);
  }
  const other = findings.filter((f) => !FINDING_KINDS.some((k) => f.ruleId.startsWith(k.prefix)));
  if (other.length > 0) rows.push(`- Preflight: ${describeCounts(other)}`);
  return rows;
}

/** One table cell of text from the repository: control characters visible, Markdown and HTML inert, no line breaks. */
export function markdown(text: string): string {
  return inline(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#!~])/g, '\\$1');
}

function linkTarget(url: string): string {
  return url.replace(/[()\s<>]/g, encodeURIComponent);
}
