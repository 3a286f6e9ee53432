import type { ColumnType, Located } from './operations';
import type { RuleHit } from './rule';

/**
 * A column type as squawk reads it: by the words written, not by what PostgreSQL resolves them to
 * (`int` and `int4` are both int4, but only the written name says which 64-bit name to suggest).
 */
export interface WrittenType {
  /** varchar / character varying; character / char / nchar; timestamp; another keyword type; a (qualified) name. */
  shape: 'varchar' | 'character' | 'timestamp' | 'keyword' | 'name';
  /** For a name: its last part, lower-cased unless quoted. */
  name: string;
  quoted: boolean;
  /** A length or precision is given: `varchar(100)`. */
  sized: boolean;
  withTimeZone: boolean;
}

const ARRAY_SUFFIX = /(?:\s*\[\s*\d*\s*\])+$|\s+array(?:\s*\[\s*\d*\s*\])?$/i;

/** A scan reads the same few types thousands of times, once per type rule: each is read once. */
const readTypes = new Map<string, WrittenType>();

export function readWrittenType(written: string): WrittenType {
  let read = readTypes.get(written);
  if (!read) {
    if (readTypes.size > 10_000) readTypes.clear();
    readTypes.set(written, (read = readType(written)));
  }
  return read;
}

function readType(written: string): WrittenType {
  const base = written.trim().replace(ARRAY_SUFFIX, '');
  const sized = /\(/.test(base);
  const plain = { name: '', quoted: false, sized, withTimeZone: false };
  if (/^(?:varchar|(?:national\s+)?(?:character|char|nchar)\s+varying)\b/i.test(base)) return { ...plain, shape: 'varchar' };
  if (/^(?:national\s+)?(?:character|char|nchar)\b/i.test(base)) return { ...plain, shape: 'character' };
  if (/^timestamp\b/i.test(base)) return { ...plain, shape: 'timestamp', withTimeZone: /\bwith\s+time\s+zone\b/i.test(base) };
  if (/^(?:time|interval|bit|double\s+precision)\b/i.test(base) || base.includes('%')) return { ...plain, shape: 'keyword' };
  const parts = base.replace(/\(.*$/s, '').match(/"(?:[^"]|"")*"|[^.\s"]+/g) ?? [];
  const last = parts[parts.length - 1] ?? '';
  const quoted = last.startsWith('"');
  return { ...plain, shape: 'name', quoted, name: quoted ? last.slice(1, -1).replace(/""/g, '"') : last.toLowerCase() };
}

/** Every column type written in SQL: CREATE TABLE's columns, ADD COLUMN, ALTER COLUMN ... TYPE. */
export function writtenColumnTypes(ops: readonly Located[]): Array<{ at: Located; type: ColumnType }> {
  // Every column-type rule asks for the same migration's types: they are listed once per migration.
  let types = typesByMigration.get(ops);
  if (!types) typesByMigration.set(ops, (types = listTypes(ops)));
  return types;
}

const typesByMigration = new WeakMap<readonly Located[], Array<{ at: Located; type: ColumnType }>>();

function listTypes(ops: readonly Located[]): Array<{ at: Located; type: ColumnType }> {
  return ops.flatMap((at) => {
    const { op } = at;
    if (op.kind === 'create-table') return (op.columnTypes ?? []).map((type) => ({ at, type }));
    if ((op.kind === 'add-column' || op.kind === 'alter-column-type') && op.type) return [{ at, type: op.type }];
    return [];
  });
}

/** A hit at each written column type the test picks. */
export function typeHits(
  ops: readonly Located[],
  picks: (type: WrittenType) => boolean,
  message: (written: string, type: WrittenType) => string,
  replacement?: (written: string, type: WrittenType) => { text: string; description: string } | undefined,
): RuleHit[] {
  return writtenColumnTypes(ops).flatMap(({ at, type }) => {
    const read = readWrittenType(type.written);
    if (!picks(read)) return [];
    const fix = replacement?.(type.written, read);
    return [
      {
        at: { ...at, start: type.start, end: type.end },
        message: message(type.written, read),
        ...(fix ? { fix: { description: fix.description, edits: [{ start: type.start, end: type.end, newText: fix.text }] } } : {}),
      },
    ];
  });
}

/** A type written as one of these names (int, "int", pg_catalog.int4 ...). */
export function namedOneOf(names: readonly string[]): (type: WrittenType) => boolean {
  const set = new Set(names);
  return (type) => type.shape === 'name' && set.has(type.name);
}

/** The written type with its last name part replaced (keeps a schema, quotes, and [] after it). */
export function renamed(written: string, to: string): string {
  return written.replace(/("(?:[^"]|"")*"|[\w$]+)(?=\s*(?:\(|\[|$|\s+array))/i, to);
}
