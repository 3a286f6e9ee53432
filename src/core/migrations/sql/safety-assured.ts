import type { Located } from '../operations';

/** diesel-guard's block markers, matched as it matches them: whole-line comments, any case. */
const MARKER = /^[ \t]*--[ \t]*safety-assured:(start|end)[ \t]*$/gim;

/**
 * The spans between `-- safety-assured:start` and `-- safety-assured:end`, where a team using
 * diesel-guard has marked the statements safe. A start without its end marks nothing: a
 * forgotten end must not silence the rest of the file.
 */
export function safetyAssuredSpans(sql: string): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  let open: number | undefined;
  for (const marker of sql.matchAll(MARKER)) {
    if (marker[1].toLowerCase() === 'start') open ??= marker.index + marker[0].length;
    else if (open !== undefined) {
      spans.push({ start: open, end: marker.index });
      open = undefined;
    }
  }
  return spans;
}

/** The operations written inside a safety-assured block, marked as the team's own judgement. */
export function markSafetyAssured(ops: readonly Located[], sql: string): Located[] {
  const spans = safetyAssuredSpans(sql);
  if (spans.length === 0) return [...ops];
  return ops.map((at) => (spans.some((span) => at.start >= span.start && at.start < span.end) ? { ...at, assured: true } : at));
}
