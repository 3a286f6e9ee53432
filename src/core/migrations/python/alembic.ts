import type { Node } from 'web-tree-sitter';
import { parseSyntax } from '../../syntax/tree-sitter';
import { embeddedSqlOperations } from '../embedded-sql';
import type { Located, Operation } from '../operations';
import { inOtherDatabaseBranch } from '../dialect-branches';
import { changesWithoutRewrite } from '../type-compatibility';
import { argumentsOf, callsIn, calleeName, isFalse, isTrue, stringValue, type PythonArguments } from './syntax';

/** Operations in `with op.get_context().autocommit_block():` run outside the migration's transaction. */
export interface AlembicMigration {
  ops: Located[];
  outsideTransaction: (index: number) => boolean;
}

/** An Alembic revision read as a Python syntax tree; `downgrade()` is skipped. */
export async function extractAlembicMigration(text: string): Promise<AlembicMigration> {
  const tree = await parseSyntax('python', text);
  try {
    const ops: Located[] = [];
    const autocommit: boolean[] = [];
    for (const call of callsIn(tree.rootNode, rollbackOnlyFunctions(tree.rootNode))) {
      if (inOtherDatabaseBranch(call)) continue;
      const found = await operationsOfCall(call);
      ops.push(...found);
      for (let i = 0; i < found.length; i++) autocommit.push(insideAutocommitBlock(call));
    }
    return { ops, outsideTransaction: (index) => autocommit[index] ?? false };
  } finally {
    tree.delete();
  }
}

/**
 * `conn = op.get_bind(); conn.execute(...)` (or a session's): SQL text is read as SQL, and a
 * SQLAlchemy `table.update()` / `insert()` / `delete()` is a data change, like op.execute's.
 */
async function connectionExecute(call: Node): Promise<Located[]> {
  if (calleeName(call) !== 'execute') return [];
  const argument = argumentsOf(call).positional[0];
  const sql = stringValue(argument?.type === 'call' ? argumentsOf(argument).positional[0] : argument);
  if (sql) return embeddedSqlOperations(sql.value, sql.start);
  const writes = argument && /\.(update|insert|delete)\s*\(/.test(argument.text);
  return writes ? [{ op: { kind: 'data-change', verb: 'code' }, start: call.startIndex, end: call.endIndex }] : [];
}

/**
 * `downgrade()` and the module's functions that only it calls (a `remove_trigrams()` helper):
 * rollback code, left out. A function reachable from `upgrade()` is kept.
 */
function rollbackOnlyFunctions(root: Node): Set<string> {
  const bodies = new Map<string, Node>();
  for (const definition of root.namedChildren) {
    const fn = definition?.type === 'decorated_definition' ? definition.childForFieldName('definition') : definition;
    if (fn?.type === 'function_definition') bodies.set(fn.childForFieldName('name')?.text ?? '', fn);
  }
  const reachable = new Set<string>();
  const visit = (name: string) => {
    const body = bodies.get(name);
    if (!body || reachable.has(name)) return;
    reachable.add(name);
    for (const call of body.descendantsOfType('call')) visit(call?.childForFieldName('function')?.text ?? '');
  };
  visit('upgrade');
  return new Set(
    [...bodies.keys()].filter(
      (name) => name === 'downgrade' || (bodies.has('upgrade') && !reachable.has(name) && calledFrom(bodies.get('downgrade'), name)),
    ),
  );
}

function calledFrom(body: Node | undefined, name: string): boolean {
  return body?.descendantsOfType('call').some((call) => call?.childForFieldName('function')?.text === name) ?? false;
}

function insideAutocommitBlock(node: Node): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === 'with_statement' && parent.text.slice(0, parent.text.indexOf(':')).includes('autocommit_block')) return true;
  }
  return false;
}

async function operationsOfCall(call: Node): Promise<Located[]> {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'attribute') return [];
  const object = fn.childForFieldName('object')?.text;
  if (object === 'op') return opOperations(call, argumentsOf(call));
  const batchTable = object ? batchTableOf(call, object) : undefined;
  return batchTable ? opOperations(call, withTable(argumentsOf(call), batchTable, calleeName(call))) : connectionExecute(call);
}

/**
 * `with op.batch_alter_table("orders") as batch_op:` — on PostgreSQL each `batch_op.<name>(...)`
 * runs as the plain `op.<name>("orders", ...)` (only SQLite has the table recreated).
 */
function batchTableOf(call: Node, name: string): Node | undefined {
  for (let parent = call.parent; parent; parent = parent.parent) {
    if (parent.type !== 'with_statement') continue;
    for (const item of parent.descendantsOfType('as_pattern')) {
      const target = item?.childForFieldName('alias')?.text ?? item?.namedChildren[1]?.text;
      const value = item?.namedChildren[0];
      if (target === name && value?.type === 'call' && calleeName(value) === 'batch_alter_table') return argumentsOf(value).positional[0];
    }
  }
  return undefined;
}

/** Where op.<name> takes the table among its positional arguments (batch operations leave it out). */
const TABLE_POSITION: Record<string, number> = {
  create_index: 1,
  create_foreign_key: 1,
  create_unique_constraint: 1,
  create_check_constraint: 1,
  create_primary_key: 1,
};

function withTable(args: PythonArguments, table: Node, name: string): PythonArguments {
  const positional = [...args.positional];
  positional.splice(TABLE_POSITION[name] ?? 0, 0, table);
  return { positional, keywords: args.keywords };
}

async function opOperations(call: Node, args: PythonArguments): Promise<Located[]> {
  const at = (op: Operation): Located => ({ op, start: call.startIndex, end: call.endIndex });
  const text = (index: number, keyword?: string) =>
    stringValue((keyword ? args.keywords.get(keyword) : undefined) ?? args.positional[index])?.value ?? '';
  switch (calleeName(call)) {
    case 'create_table':
      return [at({ kind: 'create-table', table: text(0), references: referencedTables(call) })];
    case 'drop_table':
      return [at({ kind: 'drop-table', table: text(0) })];
    case 'rename_table':
      return [at({ kind: 'rename-table', table: text(0), to: text(1) })];
    case 'create_index':
      return [
        at({
          kind: 'create-index',
          table: text(1, 'table_name'),
          concurrently: isTrue(args.keywords.get('postgresql_concurrently')),
          unique: isTrue(args.keywords.get('unique')),
          columns: columnNames(args.keywords.get('columns') ?? args.positional[2]),
        }),
      ];
    case 'drop_index':
      return [
        at({
          kind: 'drop-index',
          table: text(1, 'table_name') || undefined,
          concurrently: isTrue(args.keywords.get('postgresql_concurrently')),
        }),
      ];
    case 'add_column':
      return [addColumn(at, text(0), args.positional[1])];
    case 'drop_column':
      return [at({ kind: 'drop-column', table: text(0), column: text(1) })];
    case 'alter_column':
      return alterColumn(at, text(0), text(1), args.keywords);
    case 'create_foreign_key':
      return [at({ kind: 'add-constraint', table: text(1), constraint: 'foreign-key', notValid: false, usingIndex: false })];
    case 'create_check_constraint':
      return [at({ kind: 'add-constraint', table: text(1), constraint: 'check', notValid: false, usingIndex: false })];
    case 'create_unique_constraint':
      return [at({ kind: 'add-constraint', table: text(1), constraint: 'unique', notValid: false, usingIndex: false })];
    case 'create_primary_key':
      return [at({ kind: 'add-constraint', table: text(1), constraint: 'primary-key', notValid: false, usingIndex: false })];
    case 'bulk_insert':
      return [at({ kind: 'data-change', verb: 'insert' })];
    case 'execute': {
      const sql = stringValue(args.positional[0]?.type === 'call' ? argumentsOf(args.positional[0]).positional[0] : args.positional[0]);
      return sql ? embeddedSqlOperations(sql.value, sql.start) : [at({ kind: 'data-change', verb: 'code' })];
    }
    default:
      return [];
  }
}

function addColumn(at: (op: Operation) => Located, table: string, column: Node | undefined): Located {
  const columnArgs = column?.type === 'call' ? argumentsOf(column) : undefined;
  const name = stringValue(columnArgs?.positional[0])?.value ?? '';
  const options = columnArgs?.keywords ?? new Map<string, Node>();
  const serverDefault = options.get('server_default');
  const references = columnArgs?.positional.some((arg) => arg.type === 'call' && calleeName(arg) === 'ForeignKey') ?? false;
  return at({
    kind: 'add-column',
    table,
    column: name,
    notNull: isFalse(options.get('nullable')),
    default: serverDefault ? defaultKind(serverDefault) : undefined,
    references,
  });
}

/** `sa.text("gen_random_uuid()")` and other SQL expressions may be per-row; a plain string is a constant. */
function defaultKind(node: Node): 'constant' | 'volatile' {
  if (node.type === 'string') return 'constant';
  return /random|uuid|clock_timestamp|nextval/i.test(node.text) ? 'volatile' : 'constant';
}

/** With `existing_type=`, the change is judged as PostgreSQL does it: String(50) → Text() is no rewrite. */
function typeChange(table: string, column: string, type: Node | undefined, existing: Node | undefined): Operation {
  const [from, to] = [sqlAlchemyType(existing), sqlAlchemyType(type)];
  if (!from || !to) return { kind: 'alter-column-type', table, column };
  if (from === to || changesWithoutRewrite(from, to)) return { kind: 'other-ddl', table, description: `change '${column}' to ${to}` };
  return { kind: 'alter-column-type', table, column, from, to };
}

const SQLALCHEMY_TYPES: Record<string, string> = {
  Text: 'text',
  TEXT: 'text',
  Integer: 'integer',
  INTEGER: 'integer',
  BigInteger: 'bigint',
  BIGINT: 'bigint',
  SmallInteger: 'smallint',
  SMALLINT: 'smallint',
  Boolean: 'boolean',
  BOOLEAN: 'boolean',
  Date: 'date',
  Float: 'double precision',
  JSON: 'json',
  JSONB: 'jsonb',
  UUID: 'uuid',
  INET: 'inet',
  CIDR: 'cidr',
};

/** `sa.String(length=50)` → varchar(50), `sa.Numeric(10, 2)` → numeric(10,2); undefined when not known. */
function sqlAlchemyType(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  const name =
    node.type === 'call' ? calleeName(node) : node.type === 'attribute' ? (node.childForFieldName('attribute')?.text ?? '') : node.text;
  const args = node.type === 'call' ? argumentsOf(node) : undefined;
  const arg = (keyword: string, index: number) => (args?.keywords.get(keyword) ?? args?.positional[index])?.text;
  if (name === 'String' || name === 'VARCHAR' || name === 'Unicode') return arg('length', 0) ? `varchar(${arg('length', 0)})` : 'varchar';
  if (name === 'Numeric' || name === 'NUMERIC' || name === 'DECIMAL')
    return arg('precision', 0) ? `numeric(${arg('precision', 0)},${arg('scale', 1) ?? '0'})` : 'numeric';
  if (name === 'DateTime' || name === 'TIMESTAMP') return isTrue(args?.keywords.get('timezone')) ? 'timestamptz' : 'timestamp';
  return SQLALCHEMY_TYPES[name];
}

/** `sa.ForeignKey("users.id")` and `sa.ForeignKeyConstraint(["user_id"], ["users.id"])`: the tables a new table locks. */
function referencedTables(createTable: Node): string[] {
  const tables: string[] = [];
  for (const call of createTable.descendantsOfType('call')) {
    if (!call) continue;
    const name = calleeName(call);
    const args = argumentsOf(call);
    const target =
      name === 'ForeignKey' ? args.positional[0] : name === 'ForeignKeyConstraint' ? args.positional[1]?.namedChildren[0] : undefined;
    const column = stringValue(target ?? undefined)?.value;
    if (column?.includes('.')) tables.push(column.slice(0, column.lastIndexOf('.')));
  }
  return tables;
}

function alterColumn(at: (op: Operation) => Located, table: string, column: string, keywords: Map<string, Node>): Located[] {
  const ops: Located[] = [];
  if (keywords.has('type_')) ops.push(at(typeChange(table, column, keywords.get('type_'), keywords.get('existing_type'))));
  if (isFalse(keywords.get('nullable'))) ops.push(at({ kind: 'set-not-null', table, column }));
  const renamed = stringValue(keywords.get('new_column_name'));
  if (renamed) ops.push(at({ kind: 'rename-column', table, from: column, to: renamed.value }));
  return ops;
}

/** `["a", "b"]`: the plain column names of an index; undefined when one is an expression (sa.text(...)). */
function columnNames(list: Node | undefined): string[] | undefined {
  if (!list || (list.type !== 'list' && list.type !== 'tuple')) return undefined;
  const names = list.namedChildren.map((item) => (item ? stringValue(item)?.value : undefined));
  return names.every((name): name is string => name !== undefined) ? names : undefined;
}
