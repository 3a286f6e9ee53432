import type { PgQueryModule } from 'libpg-query/wasm/libpg-query.js';
import { isSpace } from './lexer';

/** One parsed statement: its AST node and where its text is, as character offsets. */
export interface SqlStatement {
  node: Record<string, unknown>;
  /** Offset of the statement's first token (leading whitespace and comments skipped). */
  start: number;
  end: number;
  /** Where a node's `location` (a UTF-8 byte offset into the parsed text) is, in the same offsets as start and end. */
  locate(location: number): number;
}

export type SqlParseResult = { statements: SqlStatement[] } | { error: { message: string; offset: number } };

/**
 * The parser is a WebAssembly PostgreSQL, instantiated here rather than through libpg-query's
 * own wrapper, which holds a single instance for the whole process and lets it print.
 *
 * Why: on a statement too large for it (a 3-million-column SELECT, ~27 MB), PostgreSQL runs
 * out of memory and calls exit(1). Emscripten then writes "Terminating process due to FATAL
 * error" to stdout (into `--format json` output), a memory-context dump to stderr, sets
 * process.exitCode to 1 (a passing gate would exit 1), and the instance keeps the ~700 MB it
 * had allocated, so files it parsed before now fail too. A statement nested too deeply
 * overflows the stack inside WebAssembly, which skips the C code's cleanup. Neither is a
 * syntax error: after one, the instance is dropped and the next parse gets a fresh one.
 */
let instance: Promise<PgQueryModule> | undefined;
let loaded: PgQueryModule | undefined;
/** Instances that failed: a parse that awaited one before it failed takes the next instead. */
const broken = new WeakSet<PgQueryModule>();
/** What the current instance printed during the current parse; never written to stdout or stderr. */
let printed: string[] = [];

function parser(): Promise<PgQueryModule> {
  if (!instance) {
    // Loaded on the first SQL parse: most runs read no SQL (the bundles keep it in a file of its own).
    const loading = import('libpg-query/wasm/libpg-query.js').then(({ default: createPgQueryModule }) =>
      createPgQueryModule({ print: (text) => printed.push(text), printErr: (text) => printed.push(text) }),
    );
    instance = loading;
    loading.then(
      (module) => {
        if (instance === loading) loaded = module;
      },
      () => {
        if (instance === loading) instance = undefined; // a later parse tries again
      },
    );
  }
  return instance;
}

/** Loads the PostgreSQL parser (WASM) on first use; after a failure, a fresh one. */
export async function ensureSqlParser(): Promise<void> {
  await parser();
}

/** A syntax error PostgreSQL reported the normal way: the instance is fine. */
class SqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly cursor: number,
  ) {
    super(message);
  }
}

/** Parses SQL with the real PostgreSQL parser (libpg-query); never throws on bad SQL. */
export async function parseSql(text: string): Promise<SqlParseResult> {
  let module = await parser();
  while (broken.has(module)) module = await parser();
  const toChar = byteToCharOffsets(text);
  const exitCode = process.exitCode;
  printed = [];
  try {
    const result = parseWith(module, text) as {
      stmts?: Array<{ stmt: Record<string, unknown>; stmt_location?: number; stmt_len?: number }>;
    };
    const statements = (result.stmts ?? []).map((raw) => {
      const from = toChar(raw.stmt_location ?? 0);
      const to = raw.stmt_len ? toChar((raw.stmt_location ?? 0) + raw.stmt_len) : text.length;
      return { node: raw.stmt, start: skipTrivia(text, from, to), end: to, locate: toChar };
    });
    return { statements };
  } catch (error) {
    if (error instanceof SqlSyntaxError)
      return { error: { message: error.message, offset: codePointToCharOffset(text, Math.max(error.cursor, 0)) } };
    broken.add(module);
    if (loaded === module) instance = loaded = undefined;
    return { error: { message: failureOf(error, printed), offset: 0 } };
  } finally {
    process.exitCode = exitCode; // Emscripten's exit() sets it for the whole process
    printed = [];
  }
}

/** libpg-query's parseSync, on a given instance: the PgQueryParseResult and PgQueryError structs read as it reads them. */
function parseWith(module: PgQueryModule, query: string): unknown {
  if (query === '') throw new SqlSyntaxError('Query cannot be empty', 0);
  const size = Buffer.byteLength(query) + 1;
  const queryPointer = module._malloc(size);
  let result = 0;
  const release = () => {
    module._free(queryPointer);
    if (result) module._wasm_free_parse_result(result);
  };
  let tree: unknown;
  try {
    writeCString(module, query, queryPointer, size);
    result = module._wasm_parse_query_raw(queryPointer);
    if (!result) throw new Error('Failed to parse query: memory allocation failed');
    const treePointer = module.getValue(result, 'i32');
    const error = module.getValue(result + 8, 'i32');
    if (error) {
      const message = module.getValue(error, 'i32');
      const cursor = module.getValue(error + 16, 'i32');
      throw new SqlSyntaxError(message ? module.UTF8ToString(message) : 'Unknown error', cursor > 0 ? cursor - 1 : 0);
    }
    if (!treePointer) throw new Error('No parse tree generated');
    tree = JSON.parse(readCString(module, treePointer));
  } catch (error) {
    try {
      release();
    } catch {
      // the first error says what happened; a broken instance is dropped anyway
    }
    throw error;
  }
  release();
  return tree;
}

/**
 * Emscripten's own string copies walk the bytes one at a time in JavaScript (20 ms of the
 * 800-file scan); the encoder, and a Buffer over the instance's memory (memchr, Node's UTF-8
 * decoder), do it natively.
 */
function writeCString(module: PgQueryModule, text: string, pointer: number, size: number): void {
  const heap = module.HEAPU8;
  const { written } = utf8Encoder.encodeInto(text, heap.subarray(pointer, pointer + size - 1));
  heap[pointer + written] = 0;
}

function readCString(module: PgQueryModule, pointer: number): string {
  const heap = module.HEAPU8; // after the parse: the memory may have grown during it
  const bytes = Buffer.from(heap.buffer, heap.byteOffset, heap.length); // a view, never kept (a dropped instance's memory must go)
  const end = bytes.indexOf(0, pointer);
  return bytes.toString('utf8', pointer, end < 0 ? bytes.length : end);
}

const utf8Encoder = new TextEncoder();

/** Why the parser gave up on a file, in words for the file's finding. */
function failureOf(error: unknown, output: readonly string[]): string {
  if (error instanceof RangeError && /call stack/i.test(error.message))
    return 'it nests too deeply for the PostgreSQL parser (stack overflow)';
  if (
    output.some((line) => /^Grand total: |out of memory/i.test(line)) ||
    /memory allocation failed/.test(String((error as Error)?.message))
  )
    return 'the PostgreSQL parser ran out of memory on it (the file is too large to parse)';
  const reason = error instanceof Error ? error.message : String(error);
  return `the PostgreSQL parser failed on it (${reason})`;
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

/**
 * A syntax error's cursor counts characters (PostgreSQL's multibyte-aware position), unlike
 * statement locations, which count bytes; JavaScript indexes UTF-16 units, two per astral character.
 */
function codePointToCharOffset(text: string, codePoints: number): number {
  let index = 0;
  for (let n = 0; n < codePoints && index < text.length; n++) index += text.codePointAt(index)! >= 0x10000 ? 2 : 1;
  return index;
}

/** Skips whitespace and comments before a statement, so ranges start at its first keyword. */
function skipTrivia(text: string, from: number, to: number): number {
  let i = from;
  while (i < to) {
    if (isSpace(text[i])) i++;
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
