import type { Node } from 'web-tree-sitter';
import type { ConstraintKind, Located, Operation } from '../operations';
import { argumentNodes, calleeObject, calleeProperty, isFalseLiteral, isTrueLiteral, jsString, objectProperties } from './syntax';
import { jsSqlOperations } from './sql';
import {
  columnChangeOperations,
  definitionKey,
  sequelizeDefinition,
  type ColumnDefinition,
  type PreviousDefinitions,
} from './column-definitions';

const CONSTRAINT_TYPES: Record<string, ConstraintKind> = {
  'foreign key': 'foreign-key',
  check: 'check',
  unique: 'unique',
  'primary key': 'primary-key',
};

/** `references: { model: 'users' }` (or `{ model: { tableName: 'users' } }`) on a new table's columns. */
function sequelizeReferences(columns: Node | undefined): string[] {
  return [...objectProperties(columns).values()].flatMap((column) => {
    const model = objectProperties(objectProperties(column).get('references')).get('model');
    const table = jsString(model)?.value ?? jsString(objectProperties(model).get('tableName'))?.value;
    return table ? [table] : [];
  });
}

/**
 * Sequelize's changeColumn on PostgreSQL sends the whole definition: ALTER COLUMN ... TYPE, then
 * SET NOT NULL when `allowNull: false`, and a foreign key (validated) for `references`.
 */
function changeColumn(table: string, column: string, definition: Node | undefined, previous: PreviousDefinitions): Operation[] {
  const ops = columnChangeOperations(table, column, sequelizeDefinition(definition), previous.get(definitionKey(table, column)));
  if (objectProperties(definition).has('references'))
    ops.push({ kind: 'add-constraint', table, constraint: 'foreign-key', notValid: false, usingIndex: false });
  return ops;
}

/** bulkDelete's `where`: `{}`, `null` or nothing deletes every row. */
function matchesEveryRow(where: Node | undefined): boolean {
  return !where || where.type === 'null' || (where.type === 'object' && where.namedChildren.length === 0);
}

function isQueryInterfaceCall(call: Node, method: string): boolean {
  return calleeProperty(call) === method && /queryInterface$/.test(calleeObject(call)?.text ?? '');
}

/** What the `down` method's changeColumn calls restore: each changed column's definition before `up`. */
export function sequelizePreviousDefinitions(downCalls: readonly Node[]): PreviousDefinitions {
  const definitions = new Map<string, ColumnDefinition>();
  for (const call of downCalls.filter((c) => isQueryInterfaceCall(c, 'changeColumn'))) {
    const [table, column, definition] = argumentNodes(call);
    definitions.set(definitionKey(jsString(table)?.value ?? '', jsString(column)?.value ?? ''), sequelizeDefinition(definition));
  }
  return definitions;
}

/** The operations of one `queryInterface.*` call in a Sequelize migration. */
export async function sequelizeOperations(call: Node, previous: PreviousDefinitions): Promise<Located[]> {
  const object = calleeObject(call)?.text ?? '';
  const at = (op: Operation): Located => ({ op, start: call.startIndex, end: call.endIndex });
  const args = argumentNodes(call);
  const name = (index: number) => jsString(args[index])?.value ?? '';
  const method = calleeProperty(call);
  if (/queryInterface\.sequelize$/.test(object) && method === 'query') {
    return jsSqlOperations(args[0]);
  }
  if (!/queryInterface$/.test(object)) return [];
  switch (method) {
    case 'createTable':
      return [at({ kind: 'create-table', table: name(0), references: sequelizeReferences(args[1]) })];
    case 'dropTable':
      return [at({ kind: 'drop-table', table: name(0) })];
    case 'renameTable':
      return [at({ kind: 'rename-table', table: name(0), to: name(1) })];
    case 'addIndex':
      return [
        at({
          kind: 'create-index',
          table: name(0),
          concurrently: isTrueLiteral(objectProperties(args[2]).get('concurrently')),
          unique: isTrueLiteral(objectProperties(args[2]).get('unique')),
        }),
      ];
    case 'removeIndex':
      return [at({ kind: 'drop-index', table: name(0), concurrently: isTrueLiteral(objectProperties(args[2]).get('concurrently')) })];
    case 'addColumn': {
      const column = objectProperties(args[2]);
      const defaultValue = column.get('defaultValue');
      // `unique: true` is an inline UNIQUE: its index is built under the ADD COLUMN's ACCESS EXCLUSIVE lock.
      const unique: Operation[] = isTrueLiteral(column.get('unique'))
        ? [{ kind: 'add-constraint', table: name(0), constraint: 'unique', notValid: false, usingIndex: false }]
        : [];
      return [
        at({
          kind: 'add-column',
          table: name(0),
          column: name(1),
          notNull: isFalseLiteral(column.get('allowNull')),
          default: defaultValue ? (/UUIDV4|fn\(|literal\(/.test(defaultValue.text) ? 'volatile' : 'constant') : undefined,
          references: column.has('references'),
        }),
        ...unique.map(at),
      ];
    }
    case 'changeColumn':
      return changeColumn(name(0), name(1), args[2], previous).map(at);
    case 'removeColumn':
      return [at({ kind: 'drop-column', table: name(0), column: name(1) })];
    case 'renameColumn':
      return [at({ kind: 'rename-column', table: name(0), from: name(1), to: name(2) })];
    case 'addConstraint': {
      const type = (jsString(objectProperties(args[1]).get('type'))?.value ?? '').toLowerCase();
      return [
        at({ kind: 'add-constraint', table: name(0), constraint: CONSTRAINT_TYPES[type] ?? 'check', notValid: false, usingIndex: false }),
      ];
    }
    case 'bulkInsert':
      return [at({ kind: 'data-change', verb: 'insert', table: name(0) })];
    case 'bulkUpdate':
      return [
        at({
          kind: 'data-change',
          verb: 'update',
          table: name(0),
          everyRow: matchesEveryRow(args[2]) ? [{ table: name(0), oneStatement: true }] : undefined,
        }),
      ];
    case 'bulkDelete':
      return [at({ kind: 'data-change', verb: 'delete', table: name(0), wholeTable: matchesEveryRow(args[1]) })];
    default:
      return [];
  }
}
