import type { CommandIo } from '../io';

/** About this much text is written at a time. */
const PIECE_CHARS = 1 << 16;
/** Array elements stringified together: a few dozen findings make about one piece. */
const ELEMENTS_PER_CHUNK = 64;
/** A line this long is written on its own rather than gathered with others. */
const LONG_LINE_CHARS = 1 << 14;

/**
 * Writes exactly `JSON.stringify(report, null, 2)` (and the newline io.out ends with), a few
 * thousand characters at a time, a few dozen array elements at a time: a scan's 7,000
 * findings as one string, made terminal-safe and then encoded, cost the process about 20 MB
 * more at its peak than the findings themselves.
 */
export async function writeJson(io: CommandIo, report: Record<string, unknown>): Promise<void> {
  const entries = Object.entries(report).filter(([, value]) => value !== undefined && typeof value !== 'function');
  if (entries.length === 0) return io.out('{}');
  const lines = lineWriter(io);
  await lines.add('{');
  for (const [index, [key, value]] of entries.entries()) {
    const comma = index < entries.length - 1 ? ',' : '';
    const name = `  ${JSON.stringify(key)}: `;
    if (!Array.isArray(value) || value.length === 0) {
      await lines.add(`${name}${indented(value, '  ')}${comma}`);
      continue;
    }
    await lines.add(`${name}[`);
    for (let at = 0; at < value.length; at += ELEMENTS_PER_CHUNK) {
      const to = Math.min(value.length, at + ELEMENTS_PER_CHUNK);
      await lines.add(elementLines(value.slice(at, to), to < value.length));
    }
    await lines.add(`  ]${comma}`);
  }
  await lines.add('}');
  await lines.end();
}

/**
 * Short lines are gathered into one piece; a long one (a chunk of elements) is written as it is,
 * never appended to another string: the flat string JSON.stringify made is then checked and
 * encoded without being copied first (two copies of the whole document were a fifth of the
 * 800-file scan's garbage). After each write but the last, it waits for the reader.
 */
function lineWriter(io: CommandIo): { add(text: string): Promise<void>; end(): Promise<void> } {
  let piece: string | undefined;
  let writes = 0;
  const write = async (text: string) => {
    if (writes++ > 0) await io.drained?.(); // a pipe's reader is slower than this: wait, rather than queue the whole document
    io.out(text);
  };
  const flush = async () => {
    if (piece !== undefined) await write(piece);
    piece = undefined;
  };
  return {
    async add(text) {
      if (text.length >= LONG_LINE_CHARS) {
        await flush();
        return write(text);
      }
      piece = piece === undefined ? text : `${piece}\n${text}`;
      if (piece.length > PIECE_CHARS) await flush();
    },
    end: flush,
  };
}

/** A value's JSON.stringify(…, null, 2) as it reads nested at `indent`: a raw newline is only ever structure (newlines in strings are escaped). */
function indented(value: unknown, indent: string): string {
  return (JSON.stringify(value, null, 2) ?? 'null').replace(/\n/g, `\n${indent}`);
}

const WRAPPED_START = '{\n  "a": [\n';
const WRAPPED_END = '\n  ]\n}';
/** What follows the comma after the last element when a placeholder element comes after it. */
const WRAPPED_END_AFTER_COMMA = '\n    0\n  ]\n}';

/**
 * Elements of a top-level array as JSON.stringify(report, null, 2) lays them out, one per line
 * group, comma-separated (and followed by a comma when `more` come after them): stringified
 * inside an array at the same depth, so V8 indents them and no copy of the text is made to
 * indent it (that replace was a tenth of a large scan's garbage), nor to add the comma (a
 * placeholder element after them makes V8 write it).
 */
function elementLines(elements: unknown[], more: boolean): string {
  if (!more) {
    const wrapped = JSON.stringify({ a: elements }, null, 2);
    return wrapped.slice(WRAPPED_START.length, wrapped.length - WRAPPED_END.length);
  }
  elements.push(0);
  const wrapped = JSON.stringify({ a: elements }, null, 2);
  return wrapped.slice(WRAPPED_START.length, wrapped.length - WRAPPED_END_AFTER_COMMA.length);
}
