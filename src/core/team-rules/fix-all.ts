import type { Finding, Range } from '../findings/finding';
import { LineIndex } from '../text/line-index';

/** A replacement in character offsets of one text. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * The team-rule fixes of one file that "fix all" applies (on save with `source.fixAll.preflight`,
 * and `rules test`'s `output:`), as ESLint applies fixes: in order of position, and a fix that
 * overlaps or touches one already taken is skipped (it would have to be worked out again on the
 * fixed text). Findings of other rules, and fixes that edit another file, are left alone.
 */
export function fixAllEdits(findings: readonly Finding[], text: string): OffsetEdit[] {
  const lines = new LineIndex(text);
  const fixes = findings
    .filter((finding) => finding.ruleId.startsWith('team/') && finding.fix && finding.fix.edits.length > 0)
    .filter((finding) => finding.fix!.edits.every((edit) => edit.file === finding.file))
    .map((finding) =>
      finding
        .fix!.edits.map((edit) => ({ ...offsetsOf(edit.range, lines), newText: edit.newText }))
        .sort((a, b) => a.start - b.start || a.end - b.end),
    )
    .map((edits) => ({ edits, start: edits[0].start, end: edits[edits.length - 1].end }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const taken: OffsetEdit[] = [];
  let lastEnd = -Infinity;
  for (const fix of fixes) {
    if (fix.start <= lastEnd) continue;
    taken.push(...fix.edits);
    lastEnd = fix.end;
  }
  return taken;
}

/** The text with the edits applied (they must not overlap). */
export function applyEdits(text: string, edits: readonly OffsetEdit[]): string {
  let result = '';
  let at = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start || a.end - b.end)) {
    result += text.slice(at, edit.start) + edit.newText;
    at = edit.end;
  }
  return result + text.slice(at);
}

function offsetsOf(range: Range, lines: LineIndex): { start: number; end: number } {
  return { start: lines.offsetAt(range.start), end: lines.offsetAt(range.end) };
}
