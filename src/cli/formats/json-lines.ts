import type { CommandIo } from '../io';

/** About this much text is written at a time. */
const PIECE_CHARS = 1 << 16;

/**
 * Writes exactly `JSON.stringify(report, null, 2)` (and the newline io.out ends with), a few
 * thousand characters at a time, each array element stringified on its own: a scan's 7,000
 * findings as one string, made terminal-safe and then encoded, cost the process about 20 MB
 * more at its peak than the findings themselves.
 */
export function writeJson(io: CommandIo, report: Record<string, unknown>): void {
  const entries = Object.entries(report).filter(([, value]) => value !== undefined && typeof value !== 'function');
  if (entries.length === 0) return io.out('{}');
  let piece = '{';
  const line = (text: string) => {
    if (piece.length > PIECE_CHARS) {
      io.out(piece);
      piece = text;
    } else piece += `\n${text}`;
  };
  entries.forEach(([key, value], index) => {
    const comma = index < entries.length - 1 ? ',' : '';
    const name = `  ${JSON.stringify(key)}: `;
    if (!Array.isArray(value) || value.length === 0) {
      line(`${name}${indented(value, '  ')}${comma}`);
      return;
    }
    line(`${name}[`);
    value.forEach((element: unknown, at) => line(`    ${indented(element, '    ')}${at < value.length - 1 ? ',' : ''}`));
    line(`  ]${comma}`);
  });
  line('}');
  io.out(piece);
}

/** A value's JSON.stringify(…, null, 2) as it reads nested at `indent`: a raw newline is only ever structure (newlines in strings are escaped). */
function indented(value: unknown, indent: string): string {
  return (JSON.stringify(value, null, 2) ?? 'null').replace(/\n/g, `\n${indent}`);
}
