import { normalizeTable } from '../operations';
import { literal, names, type RailsCall } from './call';

/** Each table's columns and their PostgreSQL types, as the migrations so far left them. */
export type ColumnTypes = Map<string, Map<string, string>>;

/** A schema helper call, or (columnType set) a `t.<type> :name` column of a table block. */
export interface SchemaCall {
  call: RailsCall;
  columnType?: string;
  /** Part of a create_table block: the new table needs no finding of its own. */
  insideCreateTable?: boolean;
}

/** What a schema call says about column types, as plain data: kept per file after its tree is freed. */
export interface ColumnChange {
  helper: string;
  table: string;
  /** The names each positional argument after the table gives (`[:a, :b]` → [a, b]). */
  args: string[][];
  options: Record<string, string>;
  columnType?: string;
}

export function columnChangeOf({ call, columnType }: SchemaCall): ColumnChange {
  return {
    helper: call.name,
    table: normalizeTable(call.table),
    args: call.args.map((arg) => (arg.type.endsWith('array') ? names(arg) : [literal(arg)])),
    options: Object.fromEntries([...call.options].map(([key, value]) => [key, value.text])),
    columnType,
  };
}

export function copyOf(types: ColumnTypes): ColumnTypes {
  return new Map([...types].map(([table, columns]) => [table, new Map(columns)]));
}

/** What a schema helper does to the column types. */
export function applyColumnChanges(types: ColumnTypes, change: ColumnChange): void {
  const { table, args, options } = change;
  const columns = () => types.get(table) ?? types.set(table, new Map()).get(table)!;
  const [first] = args[0] ?? [''];
  if (change.columnType !== undefined) {
    for (const name of args.flat()) columns().set(name, railsColumnType(change.columnType, options));
    return;
  }
  switch (change.helper) {
    case 'create_table':
      types.set(table, new Map());
      return;
    case 'add_column':
    case 'change_column':
      if (args[1]) columns().set(first, railsColumnType(args[1][0], options));
      return;
    case 'rename_column': {
      const type = columns().get(first);
      columns().delete(first);
      if (type && args[1]) columns().set(args[1][0], type);
      return;
    }
    case 'remove_column':
    case 'remove_columns':
      for (const name of change.helper === 'remove_column' ? [first] : args.flat()) columns().delete(name);
      return;
    case 'rename_table': {
      const moved = types.get(table);
      types.delete(table);
      if (moved) types.set(normalizeTable(first), moved);
      return;
    }
    case 'drop_table':
      types.delete(table);
      return;
  }
}

const RAILS_TYPES: Record<string, string> = {
  text: 'text',
  bigint: 'bigint',
  float: 'double precision',
  date: 'date',
  boolean: 'boolean',
  binary: 'bytea',
  json: 'json',
  jsonb: 'jsonb',
  uuid: 'uuid',
  inet: 'inet',
  cidr: 'cidr',
  citext: 'citext',
  hstore: 'hstore',
};

/**
 * ActiveRecord's PostgreSQL column type for `:string, limit: 64` and the like (varchar(64));
 * an unknown type keeps its name, which compares equal only to itself.
 */
export function railsColumnType(type: string, options: Readonly<Record<string, string>>): string {
  const { limit, precision, scale } = options;
  switch (type) {
    case 'string':
      return limit ? `varchar(${limit})` : 'varchar';
    case 'integer':
      return ({ '8': 'bigint', '2': 'smallint' } as Record<string, string>)[limit ?? ''] ?? 'integer';
    case 'decimal':
    case 'numeric':
      return precision ? `numeric(${precision},${scale ?? '0'})` : 'numeric';
    case 'datetime':
    case 'timestamp':
      return precision ? `timestamp(${precision})` : 'timestamp';
    case 'time':
      return precision ? `time(${precision})` : 'time';
    default:
      return RAILS_TYPES[type] ?? type;
  }
}
