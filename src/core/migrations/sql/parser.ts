import { loadModule, parseSync } from 'libpg-query';

/** One parsed statement: its AST node and where its text is, as character offsets. */
export interface SqlStatement {
  node: Record<string, unknown>;
  /** Offset of the statement's first token (leading whitespace and comments skipped). */
  start: number;
  end: number;
}

export type SqlParseResult = { statements: SqlStatement[] } | { error: { message: string; offset: number } };

let loading: Promise<void> | undefined;

/** Loads the PostgreSQL parser (WASM) once per process, on first use. */
export function ensureSqlParser(): Promise<void> {
  loading ??= loadModule();
  return loading;
}

/** Parses SQL with the real PostgreSQL parser (libpg-query); never throws on bad SQL. */
export async function parseSql(text: string): Promise<SqlParseResult> {
  await ensureSqlParser();
  const toChar = byteToCharOffsets(text);
  try {
    const result = parseSync(text) as { stmts?: Array<{ stmt: Record<string, unknown>; stmt_location?: number; stmt_len?: number }> };
    const statements = (result.stmts ?? []).map((raw) => {
      const from = toChar(raw.stmt_location ?? 0);
      const to = raw.stmt_len ? toChar((raw.stmt_location ?? 0) + raw.stmt_len) : text.length;
      return { node: raw.stmt, start: skipTrivia(text, from, to), end: to };
    });
    return { statements };
  } catch (error) {
    const details = error as { message?: string; sqlDetails?: { cursorPosition?: number } };
    const cursor = details.sqlDetails?.cursorPosition;
    return { error: { message: details.message ?? String(error), offset: cursor === undefined ? 0 : toChar(Math.max(cursor, 0)) } };
  }
}

/** libpg-query reports UTF-8 byte offsets; JavaScript strings index UTF-16 code units. */
function byteToCharOffsets(text: string): (byteOffset: number) => number {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return (offset) => offset;
  const map: number[] = [];
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    const width = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    for (let b = 0; b < width; b++) map[bytes + b] = i;
    bytes += width;
    if (code >= 0x10000) i++;
  }
  return (offset) => (offset >= bytes ? text.length : map[offset]);
}

/** Skips whitespace and comments before a statement, so ranges start at its first keyword. */
function skipTrivia(text: string, from: number, to: number): number {
  let i = from;
  while (i < to) {
    if (/\s/.test(text[i])) i++;
    else if (text.startsWith('--', i)) i = lineEnd(text, i);
    else if (text.startsWith('/*', i)) i = text.indexOf('*/', i + 2) < 0 ? to : text.indexOf('*/', i + 2) + 2;
    else break;
  }
  return Math.min(i, to);
}

function lineEnd(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline < 0 ? text.length : newline + 1;
}
