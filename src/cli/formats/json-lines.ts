import type { CommandIo } from '../io';

/** About this much text is written at a time. */
const PIECE_CHARS = 1 << 16;
/** Array elements stringified together: a few dozen findings make about one piece. */
const ELEMENTS_PER_CHUNK = 64;

/**
 * Writes exactly `JSON.stringify(report, null, 2)` (and the newline io.out ends with), a few
 * thousand characters at a time, a few dozen array elements at a time: a scan's 7,000
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
    for (let at = 0; at < value.length; at += ELEMENTS_PER_CHUNK) {
      const to = Math.min(value.length, at + ELEMENTS_PER_CHUNK);
      await line(`${elementLines(value.slice(at, to))}${to < value.length ? ',' : ''}`);
    }
    await line(`  ]${comma}`);
  }
  await line('}');
  io.out(piece);
}

/** A value's JSON.stringify(…, null, 2) as it reads nested at `indent`: a raw newline is only ever structure (newlines in strings are escaped). */
function indented(value: unknown, indent: string): string {
  return (JSON.stringify(value, null, 2) ?? 'null').replace(/\n/g, `\n${indent}`);
}

const WRAPPED_START = '{\n  "a": [\n';
const WRAPPED_END = '\n  ]\n}';

/**
 * Elements of a top-level array as JSON.stringify(report, null, 2) lays them out, one per line
 * group, comma-separated: stringified inside an array at the same depth, so V8 indents them and
 * no copy of the text is made to indent it (that replace was a tenth of a large scan's garbage).
 */
function elementLines(elements: readonly unknown[]): string {
  const wrapped = JSON.stringify({ a: elements }, null, 2);
  return wrapped.slice(WRAPPED_START.length, wrapped.length - WRAPPED_END.length);
}
