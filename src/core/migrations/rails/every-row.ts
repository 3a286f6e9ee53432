import type { Node } from 'web-tree-sitter';
import type { EveryRowWrite } from '../operations';

/** Scopes that keep every row: `Order.all.update_all(...)` still updates the whole table. */
const EVERY_ROW_SCOPES = new Set(['all', 'unscoped', 'in_batches', 'order', 'reorder', 'includes', 'preload', 'eager_load', 'readonly']);
/** Calls that go through a table row by row, running their block for each. */
export const LOOPS = new Set(['find_each', 'find_in_batches', 'in_batches', 'each']);
/** What a loop's block calls to write the row back. */
const ROW_WRITES = new Set([
  'save',
  'save!',
  'update',
  'update!',
  'update_attribute',
  'update_column',
  'update_columns',
  'update_all',
  'touch',
  'increment!',
  'decrement!',
  'toggle!',
]);
const MODEL = /^[A-Z][A-Za-z0-9]*$/;

/**
 * `Order.update_all(...)` (one UPDATE of every row), `Order.in_batches.update_all(...)` and
 * `Order.find_each { |o| o.save! }` (every row, batch by batch): a model with no `where` between.
 */
export function everyRowWrites(call: Node, method: string): EveryRowWrite[] | undefined {
  if (method !== 'update_all' && !LOOPS.has(method)) return undefined;
  const scopes: string[] = [];
  let receiver = call.childForFieldName('receiver');
  while (receiver?.type === 'call') {
    scopes.push(receiver.childForFieldName('method')?.text ?? '');
    receiver = receiver.childForFieldName('receiver');
  }
  const model = receiver?.type === 'scope_resolution' ? receiver.childForFieldName('name') : receiver;
  if (model?.type !== 'constant' || !MODEL.test(model.text) || scopes.some((scope) => !EVERY_ROW_SCOPES.has(scope))) return undefined;
  if (LOOPS.has(method) && !writesInBlock(call)) return undefined;
  const oneStatement = method === 'update_all' && !scopes.includes('in_batches');
  return [{ table: tableOf(model.text), model: model.text, oneStatement }];
}

/** `find_each { |order| order.save! }`: the block writes back the row (or batch) it is given, not rows of another table. */
function writesInBlock(call: Node): boolean {
  const block = call.childForFieldName('block');
  const row = block?.childForFieldName('parameters')?.namedChildren[0];
  if (!block || row?.type !== 'identifier') return false;
  return block
    .descendantsOfType('call')
    .some((c) => ROW_WRITES.has(c?.childForFieldName('method')?.text ?? '') && c?.childForFieldName('receiver')?.text === row.text);
}

/** Rails' default table name: `LineItem` → line_items (the common plural endings only). */
export function tableOf(model: string): string {
  const snake = model.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  if (/[^aeiou]y$/.test(snake)) return snake.slice(0, -1) + 'ies';
  if (/(s|x|z|ch|sh)$/.test(snake)) return snake + 'es';
  return snake + 's';
}
