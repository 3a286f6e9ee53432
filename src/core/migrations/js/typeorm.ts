import type { Node } from 'web-tree-sitter';
import type { Located, Operation } from '../operations';
import { argumentNodes, calleeObject, calleeProperty, isFalseLiteral, jsString, objectProperties } from './syntax';
import { jsSqlOperations } from './sql';

/** The operations of one `queryRunner.*` call in a TypeORM migration. */
export async function typeormOperations(call: Node): Promise<Located[]> {
  if (!/queryRunner$/.test(calleeObject(call)?.text ?? '')) return [];
  const at = (op: Operation): Located => ({ op, start: call.startIndex, end: call.endIndex });
  const args = argumentNodes(call);
  const name = (index: number) => jsString(args[index])?.value ?? '';
  const options = (index: number) => objectProperties(args[index]?.type === 'new_expression' ? argumentNodes(args[index])[0] : args[index]);
  switch (calleeProperty(call)) {
    case 'query': {
      return jsSqlOperations(args[0]);
    }
    case 'createTable':
      return [at({ kind: 'create-table', table: jsString(options(0).get('name'))?.value ?? '' })];
    case 'dropTable':
      return [at({ kind: 'drop-table', table: name(0) })];
    case 'renameTable':
      return [at({ kind: 'rename-table', table: name(0), to: name(1) })];
    case 'createIndex':
      return [at({ kind: 'create-index', table: name(0), concurrently: false, unique: options(1).get('isUnique')?.type === 'true' })];
    case 'dropIndex':
      return [at({ kind: 'drop-index', concurrently: false })];
    case 'addColumn': {
      const column = options(1);
      const notNull = column.has('isNullable') ? isFalseLiteral(column.get('isNullable')) : true;
      return [
        at({
          kind: 'add-column',
          table: name(0),
          column: jsString(column.get('name'))?.value ?? '',
          notNull,
          default: column.has('default') ? 'constant' : undefined,
        }),
      ];
    }
    case 'changeColumn':
      return [at({ kind: 'alter-column-type', table: name(0), column: name(1) })];
    case 'dropColumn':
      return [at({ kind: 'drop-column', table: name(0), column: name(1) })];
    case 'renameColumn':
      return [at({ kind: 'rename-column', table: name(0), from: name(1), to: name(2) })];
    case 'createForeignKey':
      return [at({ kind: 'add-constraint', table: name(0), constraint: 'foreign-key', notValid: false, usingIndex: false })];
    case 'createUniqueConstraint':
      return [at({ kind: 'add-constraint', table: name(0), constraint: 'unique', notValid: false, usingIndex: false })];
    case 'createCheckConstraint':
      return [at({ kind: 'add-constraint', table: name(0), constraint: 'check', notValid: false, usingIndex: false })];
    case 'createPrimaryKey':
      return [at({ kind: 'add-constraint', table: name(0), constraint: 'primary-key', notValid: false, usingIndex: false })];
    default:
      return [];
  }
}
