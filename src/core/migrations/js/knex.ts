import type { Node } from 'web-tree-sitter';
import type { Located, Operation } from '../operations';
import { argumentNodes, calleeObject, calleeProperty, jsString, unwindChain, type ChainLink } from './syntax';
import { inOtherDatabaseBranch } from '../dialect-branches';
import { jsSqlOperations } from './sql';
import {
  columnChangeOperations,
  definitionKey,
  knexDefinition,
  type ColumnDefinition,
  type PreviousDefinitions,
} from './column-definitions';

/** Knex column types: `t.<type>('name')` in an alterTable callback adds a column. */
const COLUMN_TYPES = new Set([
  'increments',
  'bigIncrements',
  'integer',
  'bigInteger',
  'bigint',
  'tinyint',
  'smallint',
  'mediumint',
  'text',
  'string',
  'float',
  'double',
  'decimal',
  'boolean',
  'date',
  'datetime',
  'dateTime',
  'time',
  'timestamp',
  'timestamps',
  'binary',
  'enu',
  'enum',
  'json',
  'jsonb',
  'uuid',
  'specificType',
  'geometry',
  'point',
]);
const DATA_METHODS = new Set(['update', 'del', 'delete', 'insert', 'increment', 'decrement']);

/** `.references('id').inTable('users')` and `.references('users.id')` in a createTable callback: the tables it locks. */
function knexReferences(callback: Node | undefined): string[] {
  const tables: string[] = [];
  for (const call of callback?.descendantsOfType('call_expression') ?? []) {
    if (!call) continue;
    const method = calleeProperty(call);
    const value = jsString(argumentNodes(call)[0])?.value;
    if (method === 'inTable' && value) tables.push(value);
    else if (method === 'references' && value?.includes('.')) tables.push(value.slice(0, value.lastIndexOf('.')));
  }
  return tables;
}

/** The operations of one call in a Knex migration (schema builder, raw SQL, query builder writes). */
export async function knexOperations(call: Node, previous: PreviousDefinitions): Promise<Located[]> {
  const at = (op: Operation, node: Node = call): Located => ({ op, start: node.startIndex, end: node.endIndex });
  const method = calleeProperty(call);
  const object = calleeObject(call)?.text ?? '';
  const args = argumentNodes(call);
  const name = (index: number) => jsString(args[index])?.value ?? '';
  if (method === 'raw') {
    return jsSqlOperations(args[0]);
  }
  if (isSchemaBuilder(call)) {
    switch (method) {
      case 'createTable':
      case 'createTableIfNotExists':
        return [at({ kind: 'create-table', table: name(0), references: knexReferences(args[1]) })];
      case 'alterTable':
      case 'table':
        return tableBuilder(name(0), args[1], previous, at);
      case 'dropTable':
      case 'dropTableIfExists':
        return [at({ kind: 'drop-table', table: name(0) })];
      case 'renameTable':
        return [at({ kind: 'rename-table', table: name(0), to: name(1) })];
      default:
        return [];
    }
  }
  if (DATA_METHODS.has(method) && /^(knex|trx)\s*\(/.test(object)) return [at(knexDataChange(method, calleeObject(call)))];
  return [];
}

/** `knex('orders').del()` deletes every row and `.update(...)` updates every row; `knex('orders').where(...).del()` only some. */
function knexDataChange(method: string, query: Node | null): Operation {
  const verb = method === 'insert' ? 'insert' : method === 'update' ? 'update' : 'delete';
  const direct = query?.type === 'call_expression' && /^(knex|trx)$/.test(query.childForFieldName('function')?.text ?? '');
  const table = direct ? jsString(argumentNodes(query)[0])?.value : undefined;
  const everyRow = verb === 'update' && table !== undefined ? [{ table, oneStatement: true }] : undefined;
  return { kind: 'data-change', verb, table, wholeTable: verb === 'delete' && table !== undefined, everyRow };
}

/** The column chains of an alterTable callback: `(t) => { t.index(...); t.string('c').notNullable(); }`. */
function builderChains(callback: Node | undefined): Array<{ expression: Node; links: ChainLink[] }> {
  const param = callback?.childForFieldName('parameters')?.namedChildren[0]?.text ?? callback?.childForFieldName('parameter')?.text;
  const body = callback?.childForFieldName('body');
  if (!param || !body) return [];
  return statementsOf(body).flatMap((statement) => {
    const expression = statement.namedChildren[0];
    if (expression?.type !== 'call_expression' || inOtherDatabaseBranch(expression)) return [];
    const { root, links } = unwindChain(expression);
    return root?.text === param && links.length > 0 ? [{ expression, links }] : [];
  });
}

/** The expression statements of a callback body, also inside `if (db === 'mysql') { ... } else { ... }`. */
function statementsOf(block: Node): Node[] {
  return block.namedChildren.flatMap((statement) => {
    if (!statement) return [];
    if (statement.type === 'expression_statement') return [statement];
    if (statement.type === 'if_statement' || statement.type === 'else_clause' || statement.type === 'statement_block')
      return statementsOf(statement);
    return [];
  });
}

function tableBuilder(
  table: string,
  callback: Node | undefined,
  previous: PreviousDefinitions,
  at: (op: Operation, node?: Node) => Located,
): Located[] {
  return builderChains(callback).flatMap(({ expression, links }) => columnChain(table, links, previous).map((op) => at(op, expression)));
}

function isSchemaBuilder(call: Node): boolean {
  const object = calleeObject(call)?.text ?? '';
  return object.endsWith('schema') || object.includes('.schema.');
}

/** What the `down` function's `.alter()` chains restore: each altered column's definition before `up`. */
export function knexPreviousDefinitions(downCalls: readonly Node[]): PreviousDefinitions {
  const definitions = new Map<string, ColumnDefinition>();
  for (const call of downCalls) {
    const method = calleeProperty(call);
    if (!isSchemaBuilder(call) || (method !== 'alterTable' && method !== 'table')) continue;
    const [tableArg, callback] = argumentNodes(call);
    const table = jsString(tableArg)?.value ?? '';
    for (const { links } of builderChains(callback))
      if (links.some((link) => link.name === 'alter'))
        definitions.set(definitionKey(table, jsString(links[0].args[0])?.value ?? ''), knexDefinition(links));
  }
  return definitions;
}

function columnChain(table: string, links: ChainLink[], previous: PreviousDefinitions): Operation[] {
  const [first, ...modifiers] = links;
  const column = jsString(first.args[0])?.value ?? '';
  const has = (name: string) => modifiers.some((link) => link.name === name);
  switch (first.name) {
    case 'index':
      return [{ kind: 'create-index', table, concurrently: false, unique: false }];
    case 'unique':
      return [{ kind: 'add-constraint', table, constraint: 'unique', notValid: false, usingIndex: false }];
    case 'foreign':
      return [{ kind: 'add-constraint', table, constraint: 'foreign-key', notValid: false, usingIndex: false }];
    case 'dropColumn':
    case 'dropColumns':
      return first.args.map((arg) => ({ kind: 'drop-column', table, column: jsString(arg)?.value ?? '' }));
    case 'renameColumn':
      return [{ kind: 'rename-column', table, from: column, to: jsString(first.args[1])?.value ?? '' }];
    case 'dropIndex':
      return [{ kind: 'drop-index', concurrently: false }];
    case 'dropNullable':
      return [{ kind: 'set-not-null', table, column }];
  }
  if (!COLUMN_TYPES.has(first.name)) return [];
  if (has('alter')) return columnChangeOperations(table, column, knexDefinition(links), previous.get(definitionKey(table, column)));
  // `.default()` is Knex's alias of `.defaultTo()`.
  const defaultTo = modifiers.find((link) => link.name === 'defaultTo' || link.name === 'default');
  const ops: Operation[] = [
    {
      kind: 'add-column',
      table,
      column,
      notNull: has('notNullable'),
      default: defaultTo ? (/raw|fn\.|uuid|random/.test(defaultTo.args[0]?.text ?? '') ? 'volatile' : 'constant') : undefined,
      references: has('references') || has('inTable'),
    },
  ];
  if (has('index')) ops.push({ kind: 'create-index', table, concurrently: false, unique: false });
  if (has('unique')) ops.push({ kind: 'add-constraint', table, constraint: 'unique', notValid: false, usingIndex: false });
  return ops;
}
