import type { Finding } from '../findings/finding';
import type { LineIndex } from '../text/line-index';
import type { CompiledTeamRule } from './compile';

/** A team rule's finding at a character range, with its fix's edits turned into positions. */
export function teamFinding(
  rule: CompiledTeamRule,
  path: string,
  lines: LineIndex,
  start: number,
  end: number,
  fix?: { description: string; edits: Array<{ start: number; end: number; newText: string }> },
): Finding {
  const from = lines.positionAt(start);
  const to = lines.positionAt(end);
  const finding: Finding = {
    ruleId: rule.id,
    severity: rule.config.severity ?? 'warning',
    file: path,
    line: from.line,
    column: from.column,
    endLine: to.line,
    endColumn: to.column,
    message: rule.config.message,
  };
  if (rule.config.help) finding.help = rule.config.help;
  if (rule.config.docsUrl) finding.docsUrl = rule.config.docsUrl;
  if (fix) finding.fix = { description: fix.description, edits: fix.edits.map((e) => ({ file: path, range: { start: lines.positionAt(e.start), end: lines.positionAt(e.end) }, newText: e.newText })) };
  return finding;
}
