import type { Node } from 'web-tree-sitter';
import type { Located, Operation } from '../operations';
import { argumentNodes, calleeObject, calleeProperty, jsString, unwindChain, type ChainLink } from './syntax';
import { jsSqlOperations } from './sql';

/** Knex column types: `t.<type>('name')` in an alterTable callback adds a column. */
const COLUMN_TYPES = new Set([
  'increments',
  'bigIncrements',
  'integer',
  'bigInteger',
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
export async function knexOperations(call: Node): Promise<Located[]> {
  const at = (op: Operation, node: Node = call): Located => ({ op, start: node.startIndex, end: node.endIndex });
  const method = calleeProperty(call);
  const object = calleeObject(call)?.text ?? '';
  const args = argumentNodes(call);
  const name = (index: number) => jsString(args[index])?.value ?? '';
  if (method === 'raw') {
    return jsSqlOperations(args[0]);
  }
  if (object.endsWith('schema') || object.includes('.schema.')) {
    switch (method) {
      case 'createTable':
      case 'createTableIfNotExists':
        return [at({ kind: 'create-table', table: name(0), references: knexReferences(args[1]) })];
      case 'alterTable':
      case 'table':
        return tableBuilder(name(0), args[1], at);
      case 'dropTable':
      case 'dropTableIfExists':
        return [at({ kind: 'drop-table', table: name(0) })];
      case 'renameTable':
        return [at({ kind: 'rename-table', table: name(0), to: name(1) })];
      default:
        return [];
    }
  }
  if (DATA_METHODS.has(method) && /^(knex|trx)\s*\(/.test(object))
    return [at({ kind: 'data-change', verb: method === 'insert' ? 'insert' : method === 'update' ? 'update' : 'delete' })];
  return [];
}

/** The statements of an alterTable callback: `(t) => { t.index(...); t.string('c').notNullable(); }`. */
function tableBuilder(table: string, callback: Node | undefined, at: (op: Operation, node?: Node) => Located): Located[] {
  const param = callback?.childForFieldName('parameters')?.namedChildren[0]?.text ?? callback?.childForFieldName('parameter')?.text;
  const body = callback?.childForFieldName('body');
  if (!param || !body) return [];
  const ops: Located[] = [];
  for (const statement of body.namedChildren) {
    const expression = statement?.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
    if (expression?.type !== 'call_expression') continue;
    const { root, links } = unwindChain(expression);
    if (root?.text !== param || links.length === 0) continue;
    ops.push(...columnChain(table, links).map((op) => at(op, expression)));
  }
  return ops;
}

function columnChain(table: string, links: ChainLink[]): Operation[] {
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
  if (has('alter')) return [{ kind: 'alter-column-type', table, column }];
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
