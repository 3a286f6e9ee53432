import type { Node } from 'web-tree-sitter';
import { normalizeTable, type Operation } from '../operations';
import { changesWithoutRewrite } from '../type-compatibility';
import { argumentNodes, calleeProperty, jsString, objectProperties, type ChainLink } from './syntax';

/** A column as a changeColumn call or a Knex `.alter()` chain states it, in PostgreSQL terms. */
export interface ColumnDefinition {
  /** The PostgreSQL type (`varchar(255)`, `uuid`, `integer[]`), when the code names one Preflight knows. */
  type?: string;
  notNull: boolean;
}

/** Definitions by `table.column`: what a migration's rollback restores, so what the column was before. */
export type PreviousDefinitions = ReadonlyMap<string, ColumnDefinition>;

export function definitionKey(table: string, column: string): string {
  return `${normalizeTable(table)}.${column}`;
}

/** Sequelize's types on PostgreSQL: `DataTypes.STRING` is `varchar(255)`, `DATE` is `timestamptz`. */
const SEQUELIZE_TYPES: Record<string, (size: number[]) => string | undefined> = {
  STRING: ([length = 255]) => `varchar(${length})`,
  CHAR: ([length = 255]) => `char(${length})`,
  TEXT: () => 'text',
  CITEXT: () => 'citext',
  INTEGER: () => 'integer',
  BIGINT: () => 'bigint',
  SMALLINT: () => 'smallint',
  FLOAT: () => 'double precision',
  DOUBLE: () => 'double precision',
  REAL: () => 'real',
  DECIMAL: (size) => (size.length ? `numeric(${size.join(',')})` : 'numeric'),
  BOOLEAN: () => 'boolean',
  DATE: () => 'timestamptz',
  DATEONLY: () => 'date',
  TIME: () => 'time',
  UUID: () => 'uuid',
  JSON: () => 'json',
  JSONB: () => 'jsonb',
  INET: () => 'inet',
  CIDR: () => 'cidr',
  BLOB: () => 'bytea',
};

/** `Sequelize.STRING(1024)`, `DataTypes.TEXT`, `Sequelize.ARRAY(Sequelize.UUID)` or `'VARCHAR(20)'`. */
export function sequelizeType(node: Node | undefined | null): string | undefined {
  if (!node) return undefined;
  if (node.type === 'new_expression') return sequelizeType(node.childForFieldName('constructor'));
  const literal = jsString(node)?.value;
  if (literal !== undefined) return literal.toLowerCase();
  const call = node.type === 'call_expression' ? node : undefined;
  const name = call ? calleeProperty(call) : node.type === 'member_expression' ? node.childForFieldName('property')?.text : node.text;
  const args = call ? argumentNodes(call) : [];
  if (name === 'ARRAY') {
    const element = sequelizeType(args[0]);
    return element && `${element}[]`;
  }
  const numbers = args.map((arg) => Number(arg.text)).filter((n) => Number.isInteger(n));
  return name ? SEQUELIZE_TYPES[name]?.(numbers) : undefined;
}

/** A Sequelize column: `{ type: Sequelize.STRING, allowNull: false }`, or the type alone. */
export function sequelizeDefinition(node: Node | undefined | null): ColumnDefinition {
  if (node?.type !== 'object') return { type: sequelizeType(node), notNull: false };
  const props = objectProperties(node);
  return { type: sequelizeType(props.get('type')), notNull: props.get('allowNull')?.type === 'false' };
}

/** Knex's types on PostgreSQL: `string` is `varchar(255)`, `timestamp` and `datetime` are `timestamptz`. */
const KNEX_TYPES: Record<string, (args: Node[]) => string | undefined> = {
  string: ([, length]) => `varchar(${length ? Number(length.text) : 255})`,
  text: () => 'text',
  integer: () => 'integer',
  increments: () => 'integer',
  bigInteger: () => 'bigint',
  bigint: () => 'bigint',
  bigIncrements: () => 'bigint',
  smallint: () => 'smallint',
  tinyint: () => 'smallint',
  boolean: () => 'boolean',
  uuid: () => 'uuid',
  date: () => 'date',
  time: () => 'time',
  datetime: () => 'timestamptz',
  dateTime: () => 'timestamptz',
  timestamp: () => 'timestamptz',
  float: () => 'real',
  double: () => 'double precision',
  decimal: ([, precision, scale]) => `numeric(${precision ? Number(precision.text) : 8},${scale ? Number(scale.text) : 2})`,
  json: () => 'json',
  jsonb: () => 'jsonb',
  binary: () => 'bytea',
  specificType: ([, type]) => jsString(type)?.value.toLowerCase(),
};

/** `t.string('url', 1024).notNullable().alter()`: Knex sends DROP NOT NULL unless the chain says notNullable. */
export function knexDefinition([first, ...modifiers]: ChainLink[]): ColumnDefinition {
  return { type: KNEX_TYPES[first.name]?.(first.args), notNull: modifiers.some((link) => link.name === 'notNullable') };
}

/**
 * What changing a column to `next` does, judged against what it was when the rollback says so:
 * the same or a widened type rewrites nothing, and NOT NULL on a NOT NULL column scans nothing.
 */
export function columnChangeOperations(
  table: string,
  column: string,
  next: ColumnDefinition,
  previous: ColumnDefinition | undefined,
): Operation[] {
  const ops: Operation[] = [typeChange(table, column, next.type, previous?.type)];
  if (next.notNull && !previous?.notNull) ops.push({ kind: 'set-not-null', table, column });
  return ops;
}

function typeChange(table: string, column: string, to: string | undefined, from: string | undefined): Operation {
  if (!from || !to) return { kind: 'alter-column-type', table, column };
  if (from === to || changesWithoutRewrite(from, to)) return { kind: 'other-ddl', table, description: `change '${column}' to ${to}` };
  return { kind: 'alter-column-type', table, column, from, to };
}
