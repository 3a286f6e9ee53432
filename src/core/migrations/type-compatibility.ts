/**
 * Whether PostgreSQL changes a column from one type to another without rewriting the table or
 * rebuilding its indexes: the binary-coercible changes its ALTER COLUMN ... TYPE skips.
 * Types are written as PostgreSQL names: `varchar(100)`, `varchar`, `text`, `numeric(10,2)`.
 */
export function changesWithoutRewrite(from: string, to: string): boolean {
  const before = parseType(from);
  const after = parseType(to);
  if (!before || !after) return false;
  if (before.name === after.name) return widens(before, after);
  if (STRING_TYPES.has(before.name) && after.name === 'text') return true;
  if (before.name === 'text' && after.name === 'varchar') return after.modifiers.length === 0;
  return before.name === 'cidr' && after.name === 'inet';
}

const STRING_TYPES = new Set(['varchar']);
const ALIASES: Record<string, string> = {
  'character varying': 'varchar',
  character: 'char',
  decimal: 'numeric',
  'timestamp without time zone': 'timestamp',
  'timestamp with time zone': 'timestamptz',
  int: 'integer',
  int4: 'integer',
  int8: 'bigint',
};

interface ParsedType {
  name: string;
  /** varchar(n), numeric(p, s), timestamp(p); absent when unlimited. */
  modifiers: number[];
}

function parseType(type: string): ParsedType | undefined {
  const match = /^\s*([a-z][a-z0-9 ]*?)\s*(?:\(\s*([\d\s,]+)\s*\))?\s*$/i.exec(type);
  if (!match) return undefined;
  const name = match[1].toLowerCase();
  return { name: ALIASES[name] ?? name, modifiers: match[2] ? match[2].split(',').map((n) => Number(n.trim())) : [] };
}

/**
 * The same type with room for at least as much: a longer or unlimited varchar, more numeric
 * precision at the same scale, more fractional seconds.
 */
function widens(before: ParsedType, after: ParsedType): boolean {
  if (after.modifiers.length === 0) return true;
  if (before.modifiers.length === 0) return false;
  const [size, scale = 0] = before.modifiers;
  const [newSize, newScale = 0] = after.modifiers;
  if (before.name === 'numeric') return newScale === scale && newSize >= size;
  return ['varchar', 'timestamp', 'timestamptz', 'time', 'timetz', 'interval', 'bit varying', 'varbit'].includes(before.name)
    ? newSize >= size
    : newSize === size;
}
