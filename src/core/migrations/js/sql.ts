import type { Node } from 'web-tree-sitter';
import { embeddedSqlOperations } from '../embedded-sql';
import type { Located, Operation } from '../operations';
import { jsString } from './syntax';

/**
 * The operations of the SQL a migration passes to knex.raw / queryRunner.query /
 * sequelize.query: a string, a template literal, or a `const` of the same file holding one. A
 * `${...}` the file does not define is read as an identifier of the same length, so the statement
 * keeps its shape (`ALTER TABLE ${table} DROP COLUMN x` is still a DROP COLUMN) and its offsets;
 * messages then name it as written (`${table}`).
 */
export async function jsSqlOperations(node: Node | undefined): Promise<Located[]> {
  const sql = jsSql(node);
  if (!sql) return [];
  let ops = await embeddedSqlOperations(sql.value, sql.start);
  // `CREATE INDEX ${ifNotExists} i ON t (c)`: an unknown part may be a keyword, or nothing at all.
  if (ops.length === 0 && sql.placeholders.size > 0) ops = await embeddedSqlOperations(withoutPlaceholders(sql), sql.start);
  return sql.placeholders.size === 0 ? ops : ops.map((at) => ({ ...at, op: named(at.op, sql.placeholders) }));
}

function withoutPlaceholders({ value, placeholders }: JsSql): string {
  let blank = value;
  for (const placeholder of placeholders.keys()) blank = blank.split(placeholder).join(' '.repeat(placeholder.length));
  return blank;
}

interface JsSql {
  value: string;
  start: number;
  /** Placeholder identifier → the `${...}` it stands for. */
  placeholders: Map<string, string>;
}

function jsSql(node: Node | undefined): JsSql | undefined {
  const literal = node?.type === 'identifier' ? constantValue(node) : node;
  if (!literal || (literal.type !== 'string' && literal.type !== 'template_string')) return undefined;
  const plain = jsString(literal);
  if (plain) return { ...plain, placeholders: new Map() };
  const start = literal.startIndex + 1;
  const body = literal.text.slice(1, -1);
  const placeholders = new Map<string, string>();
  let value = '';
  let at = 0;
  for (const part of literal.namedChildren) {
    if (part?.type !== 'template_substitution') continue;
    value += body.slice(at, part.startIndex - start) + substitution(part, placeholders);
    at = part.endIndex - start;
  }
  return { value: value + body.slice(at), start, placeholders };
}

/** A constant string's value, padded to the `${...}` it replaces; else a placeholder identifier as long. */
function substitution(part: Node, placeholders: Map<string, string>): string {
  const length = part.endIndex - part.startIndex;
  const inner = part.namedChildren[0];
  const known = inner?.type === 'identifier' ? constantStrings(constantValue(inner)) : [];
  const fitting = known.filter((value) => value.length <= length && /^[\w. ]+$/.test(value)).sort((a, b) => b.length - a.length)[0];
  if (fitting !== undefined) return fitting.padEnd(length, ' ');
  const placeholder = `p${placeholders.size}`.padEnd(length, '_');
  placeholders.set(placeholder, part.text);
  return placeholder;
}

/**
 * The strings a constant can hold: `'orders'`, or each branch of `isMySQL ? '' : 'IF NOT EXISTS'`
 * (the longest is tried first: the other branch is usually another database's).
 */
function constantStrings(value: Node | undefined): string[] {
  if (value?.type === 'ternary_expression') {
    const branches = [value.childForFieldName('consequence'), value.childForFieldName('alternative')];
    return branches.flatMap((branch) => (jsString(branch) ? [jsString(branch)!.value] : []));
  }
  const plain = jsString(value)?.value;
  return plain === undefined ? [] : [plain];
}

/** `const SQL = '...'` (or a template) declared in the same file, for an identifier naming it. */
function constantValue(identifier: Node): Node | undefined {
  for (const declarator of identifier.tree.rootNode.descendantsOfType('variable_declarator')) {
    if (declarator?.childForFieldName('name')?.text !== identifier.text) continue;
    const declaration = declarator.parent;
    if (declaration?.type === 'lexical_declaration' && declaration.text.startsWith('const'))
      return declarator.childForFieldName('value') ?? undefined;
  }
  return undefined;
}

function named(op: Operation, placeholders: Map<string, string>): Operation {
  const rename = (name: string) => placeholders.get(name) ?? name;
  const renamed: Record<string, unknown> = { ...op };
  for (const key of ['table', 'column', 'from', 'to'] as const)
    if (typeof renamed[key] === 'string') renamed[key] = rename(renamed[key] as string);
  return renamed as Operation;
}
