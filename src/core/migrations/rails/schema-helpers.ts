import type { Node } from 'web-tree-sitter';
import { sqlDefaultKind } from '../embedded-sql';
import type { ConstraintKind, DefaultKind, Located, Operation } from '../operations';
import { changesWithoutRewrite } from '../type-compatibility';
import { railsColumnType } from './column-types';
import { blockCall, isFalse, isTrue, literal, names, nestedOption, plainString, type RailsCall } from './call';

type Place = (op: Operation) => Located;

/** Column types whose values come from a sequence: adding one fills every row with nextval(), a rewrite. */
const SERIAL_TYPES = new Set(['serial', 'bigserial', 'primary_key']);

/** What each schema helper of ActiveRecord does to the database, as operations. */
/** What the migrations before this call say about a column. */
export interface ColumnHistory {
  currentType(table: string, column: string): string | undefined;
  /** A validated CHECK (column IS NOT NULL) exists. */
  provenNotNull(table: string, column: string): boolean;
}

type CurrentType = ColumnHistory['currentType'];

const NO_HISTORY: ColumnHistory = { currentType: () => undefined, provenNotNull: () => false };

export async function schemaHelperOperations(call: RailsCall, history: ColumnHistory = NO_HISTORY): Promise<Located[]> {
  const currentType = history.currentType;
  const at = placeOf(call);
  const { table, args, options } = call;
  const column = args[0] ? literal(args[0]) : '';
  switch (call.name) {
    case 'create_table':
      return createTable(at, call);
    case 'add_index':
      return [at(createIndex(table, options, args[0] ? names(args[0]) : undefined))];
    case 'remove_index':
      return [at({ kind: 'drop-index', concurrently: isConcurrent(options.get('algorithm')) })];
    case 'add_column':
      return [at(await addColumn(table, column, args[1] ? literal(args[1]) : '', options))];
    case 'add_timestamps':
      return timestamps(table, options).map(at);
    case 'add_reference':
    case 'add_belongs_to':
      return referenceOps(table, column, options).map(at);
    case 'add_foreign_key':
      return [at(constraint(table, 'foreign-key', isFalse(options.get('validate'))))];
    case 'add_check_constraint':
      return [at(constraint(table, 'check', isFalse(options.get('validate')), false, nameOption(options)))];
    case 'validate_check_constraint':
    case 'validate_foreign_key':
    case 'validate_constraint':
      return [at({ kind: 'validate-constraint', table, name: nameOption(options) })];
    case 'add_unique_constraint':
      return [at(constraint(table, 'unique', false, options.has('using_index')))];
    case 'add_exclusion_constraint':
      return [at(constraint(table, 'exclusion', false))];
    case 'change_column':
      return changeColumn(table, column, args[1] ? literal(args[1]) : '', options, currentType).map(at);
    case 'change_column_null':
      return changeColumnNull(table, column, args, history.provenNotNull(table, column)).map(at);
    case 'change_column_default':
      return [at({ kind: 'other-ddl', table, description: `change the default of '${column}'` })];
    case 'rename_column':
      return [at({ kind: 'rename-column', table, from: column, to: args[1] ? literal(args[1]) : '' })];
    case 'rename_table':
      return [at({ kind: 'rename-table', table, to: column })];
    case 'remove_column':
      return [at({ kind: 'drop-column', table, column })];
    case 'remove_columns':
      return args.flatMap(names).map((name) => at({ kind: 'drop-column', table, column: name }));
    case 'remove_timestamps':
      return ['created_at', 'updated_at'].map((name) => at({ kind: 'drop-column', table, column: name }));
    case 'remove_reference':
    case 'remove_belongs_to':
      return referenceColumns(column, options).map((name) => at({ kind: 'drop-column', table, column: name }));
    case 'drop_table':
      return [at({ kind: 'drop-table', table })];
    default:
      return [];
  }
}

/** `t.string :a, :b, null: false` inside `change_table` adds one column per name. */
export async function typedColumns(call: RailsCall, type: string): Promise<Located[]> {
  const ops: Located[] = [];
  for (const name of call.args.flatMap(names)) {
    ops.push(placeOf(call)(await addColumn(call.table, name, type, call.options)));
  }
  return ops;
}

function placeOf(call: RailsCall): Place {
  return (op) => ({
    op,
    start: call.node.startIndex,
    end: call.node.endIndex,
    argumentsEnd: call.node.childForFieldName('arguments')?.endIndex,
  });
}

/** `create_table ..., force: true` (or `:cascade`) first drops a table of that name with its data. */
function createTable(at: Place, { table, options, node }: RailsCall): Located[] {
  const force = options.get('force');
  const drops = force && !isFalse(force) ? [at({ kind: 'drop-table', table, replacedByCreate: true })] : [];
  return [...drops, at({ kind: 'create-table', table, references: referencedTables(node), columns: jsonColumns(node) })];
}

/** `t.references :shop, foreign_key: true` and `t.foreign_key :shops` in a create_table block: the tables they lock. */
function referencedTables(createTable: Node): string[] {
  const tables: string[] = [];
  for (const inner of createTable.childForFieldName('block')?.descendantsOfType('call') ?? []) {
    const method = inner?.childForFieldName('method')?.text;
    if (!inner || !inner.childForFieldName('receiver')) continue;
    const args = blockCall(inner, method ?? '', '');
    const name = args.args[0] ? literal(args.args[0]) : '';
    if (method === 'foreign_key' && name) tables.push(name);
    if (method !== 'references' && method !== 'belongs_to') continue;
    const foreignKey = args.options.get('foreign_key');
    if (!foreignKey || isFalse(foreignKey)) continue;
    const toTable = nestedOption(foreignKey, 'to_table');
    tables.push(toTable ? literal(toTable) : pluralTable(name));
  }
  return tables;
}

/** `t.json :payload` in a create_table block: the column types a rule reads (PostgreSQL's json, not jsonb). */
function jsonColumns(createTable: Node): Array<{ name: string; type: string }> {
  const columns: Array<{ name: string; type: string }> = [];
  for (const inner of createTable.childForFieldName('block')?.descendantsOfType('call') ?? []) {
    if (!inner?.childForFieldName('receiver') || inner.childForFieldName('method')?.text !== 'json') continue;
    for (const name of blockCall(inner, 'json', '').args.flatMap(names)) columns.push({ name, type: 'json' });
  }
  return columns;
}

/** ActiveRecord's table for a reference: the plural of its name (the common English cases). */
function pluralTable(name: string): string {
  if (/[^aeiou]y$/.test(name)) return `${name.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(name)) return `${name}es`;
  return `${name}s`;
}

/** Judged against the column's current type: a longer varchar or varchar → text is no rewrite, only a short lock. */
function changeColumn(table: string, column: string, type: string, options: Map<string, Node>, currentType: CurrentType): Operation[] {
  const notNull: Operation[] = isFalse(options.get('null')) ? [{ kind: 'set-not-null', table, column }] : [];
  return [typeChange(table, column, type, options, currentType), ...notNull];
}

function typeChange(table: string, column: string, type: string, options: Map<string, Node>, currentType: CurrentType): Operation {
  const from = currentType(table, column);
  const to = railsColumnType(type, Object.fromEntries([...options].map(([key, value]) => [key, value.text])));
  if (from === undefined) return { kind: 'alter-column-type', table, column };
  if (from === to) return { kind: 'other-ddl', table, description: `change_column '${column}' to the type it has` };
  if (changesWithoutRewrite(from, to)) return { kind: 'other-ddl', table, description: `widen '${column}' to ${to}` };
  return { kind: 'alter-column-type', table, column, from, to };
}

function nameOption(options: Map<string, Node>): string | undefined {
  const name = options.get('name');
  return name ? literal(name) : undefined;
}

function createIndex(table: string, options: Map<string, Node>, columns?: string[]): Operation {
  return {
    kind: 'create-index',
    table,
    concurrently: isConcurrent(options.get('algorithm')),
    unique: isTrue(options.get('unique')),
    columns,
  };
}

function constraint(table: string, kind: ConstraintKind, notValid: boolean, usingIndex = false, name?: string): Operation {
  return { kind: 'add-constraint', table, constraint: kind, notValid, usingIndex, name };
}

async function addColumn(table: string, column: string, type: string, options: Map<string, Node>): Promise<Operation> {
  return {
    kind: 'add-column',
    table,
    column,
    // Rails' json and jsonb are PostgreSQL's own names.
    typeName: type === 'json' || type === 'jsonb' ? type : undefined,
    notNull: isFalse(options.get('null')),
    default: SERIAL_TYPES.has(type) ? 'volatile' : await defaultOf(type, options.get('default')),
    generatedStored: type === 'virtual' && isTrue(options.get('stored')),
  };
}

/**
 * A lambda default (`-> { "now()" }`) is SQL; so is a string default of a uuid column with a
 * call in it (`default: "gen_random_uuid()"`), which ActiveRecord's PostgreSQL adapter passes
 * through unquoted. Any other value is a constant.
 */
async function defaultOf(type: string, value: Node | undefined): Promise<DefaultKind | undefined> {
  if (!value || value.type === 'nil') return undefined;
  if (value.type === 'lambda') {
    const sql = lambdaString(value);
    return sql === undefined ? 'volatile' : sqlDefaultKind(sql);
  }
  const text = plainString(value);
  if (type === 'uuid' && text?.includes('()')) return sqlDefaultKind(text);
  return 'constant';
}

function lambdaString(lambda: Node): string | undefined {
  const body = lambda.namedChildren.find((child) => child?.type === 'block' || child?.type === 'do_block');
  const statements = body?.namedChildren.find((child) => child?.type === 'block_body' || child?.type === 'body_statement');
  const only = statements?.namedChildren.length === 1 ? statements.namedChildren[0] : undefined;
  return plainString(only ?? undefined);
}

/** `add_timestamps` adds created_at and updated_at, NOT NULL unless `null: true` (Rails 5+). */
function timestamps(table: string, options: Map<string, Node>): Operation[] {
  const notNull = !isTrue(options.get('null'));
  const fill = options.get('default') ? ('constant' as const) : undefined;
  return ['created_at', 'updated_at'].map((column) => ({ kind: 'add-column', table, column, notNull, default: fill }));
}

/**
 * `add_reference :orders, :shop, foreign_key: true` adds shop_id (and shop_type when
 * polymorphic), an index unless `index: false`, and a foreign key when asked, NOT VALID when
 * `foreign_key: { validate: false }`.
 */
function referenceOps(table: string, name: string, options: Map<string, Node>): Operation[] {
  const index = options.get('index');
  const foreignKey = options.get('foreign_key');
  const notNull = isFalse(options.get('null'));
  const ops: Operation[] = referenceColumns(name, options).map((column) => ({ kind: 'add-column', table, column, notNull }));
  if (!isFalse(index)) {
    const concurrently = isConcurrent(nestedOption(index, 'algorithm'));
    const columns = referenceColumns(name, options);
    ops.push({ kind: 'create-index', table, concurrently, unique: isTrue(nestedOption(index, 'unique')), columns });
  }
  if (foreignKey && !isFalse(foreignKey)) ops.push(constraint(table, 'foreign-key', isFalse(nestedOption(foreignKey, 'validate'))));
  return ops;
}

function referenceColumns(name: string, options: Map<string, Node>): string[] {
  return isTrue(options.get('polymorphic')) ? [`${name}_id`, `${name}_type`] : [`${name}_id`];
}

/**
 * `change_column_null :orders, :status, false, "new"`: with a fourth argument ActiveRecord first
 * runs UPDATE ... SET status = 'new' WHERE status IS NULL, then SET NOT NULL.
 */
function changeColumnNull(table: string, column: string, args: Node[], provenNotNull: boolean): Operation[] {
  if (!isFalse(args[1])) return [];
  const backfill: Operation[] = args[2] ? [{ kind: 'data-change', verb: 'update' }] : [];
  return [...backfill, { kind: 'set-not-null', table, column, provenNotNull }];
}

function isConcurrent(algorithm: Node | undefined): boolean {
  return algorithm?.text === ':concurrently';
}
