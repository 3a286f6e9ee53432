import { normalizeTable } from '../operations';
import { literal, names, type RailsCall } from './call';

/**
 * What the migrations so far left that later ones are judged against: each table's columns with
 * their PostgreSQL types, and the CHECK (col IS NOT NULL) constraints by name.
 */
export interface ColumnTypes {
  columns: Map<string, Map<string, string>>;
  notNullChecks: Map<string, { table: string; column: string; validated: boolean }>;
}

export function emptyColumnTypes(): ColumnTypes {
  return { columns: new Map(), notNullChecks: new Map() };
}

/** A validated CHECK (col IS NOT NULL) lets PostgreSQL 12+ set NOT NULL without scanning the table. */
export function provenNotNull(types: ColumnTypes, table: string, column: string): boolean {
  const key = normalizeTable(table);
  return [...types.notNullChecks.values()].some((check) => check.validated && check.table === key && check.column === column);
}

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
  return {
    columns: new Map([...types.columns].map(([table, columns]) => [table, new Map(columns)])),
    notNullChecks: new Map([...types.notNullChecks].map(([name, check]) => [name, { ...check }])),
  };
}

/** What a schema helper does to the column types. */
export function applyColumnChanges(schema: ColumnTypes, change: ColumnChange): void {
  const types = schema.columns;
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
    case 'add_check_constraint':
    case 'validate_check_constraint':
    case 'remove_check_constraint':
      return applyCheckChange(schema, change);
  }
}

/** `add_check_constraint :orders, "status IS NOT NULL", name: "orders_status_null", validate: false` and its later validation. */
function applyCheckChange({ notNullChecks }: ColumnTypes, { helper, table, args, options }: ColumnChange): void {
  const expression = args[0]?.[0] ?? '';
  const name = (options.name ?? '').replace(/^[:"']|["']$/g, '') || expression;
  if (helper === 'remove_check_constraint') notNullChecks.delete(name);
  else if (helper === 'validate_check_constraint') {
    const check = notNullChecks.get(name);
    if (check) check.validated = true;
  } else {
    const column = /^\s*"?(\w+)"?\s+IS\s+NOT\s+NULL\s*$/i.exec(expression)?.[1];
    if (column) notNullChecks.set(name, { table, column, validated: options.validate !== 'false' });
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
