import type { CommandIo } from '../io';

/** About this much text is written at a time. */
const PIECE_CHARS = 1 << 16;

/**
 * Writes exactly `JSON.stringify(report, null, 2)` (and the newline io.out ends with), a few
 * thousand characters at a time, each array element stringified on its own: a scan's 7,000
 * findings as one string, made terminal-safe and then encoded, cost the process about 20 MB
 * more at its peak than the findings themselves.
 */
export async function writeJson(io: CommandIo, report: Record<string, unknown>): Promise<void> {
  const entries = Object.entries(report).filter(([, value]) => value !== undefined && typeof value !== 'function');
  if (entries.length === 0) return io.out('{}');
  let piece = '{';
  const line = async (text: string) => {
    if (piece.length > PIECE_CHARS) {
      io.out(piece);
      piece = text;
      await io.drained?.(); // a pipe's reader is slower than this: wait, rather than queue the whole document
    } else piece += `\n${text}`;
  };
  for (const [index, [key, value]] of entries.entries()) {
    const comma = index < entries.length - 1 ? ',' : '';
    const name = `  ${JSON.stringify(key)}: `;
    if (!Array.isArray(value) || value.length === 0) {
      await line(`${name}${indented(value, '  ')}${comma}`);
      continue;
    }
    await line(`${name}[`);
    for (let at = 0; at < value.length; at++) await line(`    ${indented(value[at], '    ')}${at < value.length - 1 ? ',' : ''}`);
    await line(`  ]${comma}`);
  }
  await line('}');
  io.out(piece);
}

/** A value's JSON.stringify(…, null, 2) as it reads nested at `indent`: a raw newline is only ever structure (newlines in strings are escaped). */
function indented(value: unknown, indent: string): string {
  return (JSON.stringify(value, null, 2) ?? 'null').replace(/\n/g, `\n${indent}`);
}
