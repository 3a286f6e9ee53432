import type { Node } from 'web-tree-sitter';
import { parseSyntax } from '../../syntax/tree-sitter';
import type { Located } from '../operations';
import { embeddedSqlOperations } from '../embedded-sql';
import { normalizeTable } from '../operations';
import { blockCall, topLevelCall } from './call';
import { everyRowWrites, LOOPS } from './every-row';
import {
  applyColumnChanges,
  columnChangeOf,
  copyOf,
  emptyColumnTypes,
  provenNotNull,
  type ColumnTypes,
  type SchemaCall,
} from './column-types';
import { schemaHelperOperations, typedColumns } from './schema-helpers';

export interface RailsMigration {
  ops: Located[];
  /** `disable_ddl_transaction!` is absent: Rails wraps the migration in a transaction. */
  transactional: boolean;
  /** Where a `disable_ddl_transaction!` line would go (after the class line), for quick fixes. */
  classBodyStart?: number;
  /** The indentation of the class body. */
  indent: string;
}

/** Ruby method calls that read or write rows: a backfill when they run beside schema changes. */
const DATA_METHODS = new Set([
  'update_all',
  'delete_all',
  'destroy_all',
  'update_column',
  'update_columns',
  'find_each',
  'find_in_batches',
  'in_batches',
  'each',
  'update!',
  'save!',
  'insert_all',
  'upsert_all',
]);

/**
 * Reads a Rails migration as a Ruby syntax tree and lists what it does; `history` holds the
 * column types the earlier migrations left, so that change_column is judged against them.
 */
export async function extractRailsMigration(text: string, history: ColumnTypes = emptyColumnTypes()): Promise<RailsMigration> {
  const tree = await parseSyntax('ruby', text);
  try {
    const ops: Located[] = [];
    let transactional = true;
    let classBodyStart: number | undefined;
    const calls: DeployedCall[] = [];
    collect(tree.rootNode, calls, false);
    const types: ColumnTypes = copyOf(history);
    for (const { call, assured } of calls) {
      const name = call.childForFieldName('method')?.text ?? '';
      if (name === 'disable_ddl_transaction!') transactional = false;
      const found = await operationsOfCall(call, name, text, types);
      ops.push(...(assured ? found.map((at) => ({ ...at, assured })) : found));
    }
    const klass = tree.rootNode.descendantsOfType('class')[0];
    if (klass) classBodyStart = text.indexOf('\n', klass.startIndex) + 1 || undefined;
    const indent = klass ? ' '.repeat(klass.startPosition.column + 2) : '  ';
    return { ops: ops.sort((a, b) => a.start - b.start), transactional, classBodyStart, indent };
  } finally {
    tree.delete();
  }
}

/**
 * Every call that runs on deploy, in source order. Rollback code undoes things by design and is
 * left out: `def down` and `def self.down`, `dir.down { }` inside `reversible`, and `revert`
 * (its block runs inverted, which is not what it says; `up_only { }` and `dir.up { }` are kept).
 */
export function collect(node: Node, calls: DeployedCall[], assured: boolean): void {
  if (isRollback(node)) return;
  if (node.type === 'call') calls.push({ call: node, assured });
  const inside = assured || isSafetyAssured(node);
  for (const child of node.namedChildren) if (child) collect(child, calls, inside);
}

export interface DeployedCall {
  call: Node;
  /** Inside strong_migrations' `safety_assured { }`: the team has judged these operations safe. */
  assured: boolean;
}

function isSafetyAssured(node: Node): boolean {
  return node.type === 'call' && node.childForFieldName('method')?.text === 'safety_assured' && !node.childForFieldName('receiver');
}

function isRollback(node: Node): boolean {
  if (node.type === 'method' || node.type === 'singleton_method') return node.childForFieldName('name')?.text === 'down';
  if (node.type !== 'call') return false;
  const method = node.childForFieldName('method')?.text;
  const receiver = node.childForFieldName('receiver');
  if (method === 'down') return receiver !== null && node.childForFieldName('block') !== null;
  return method === 'revert' && receiver === null;
}

/** Column types a `t.<type> :name` call adds inside `change_table` (any other name is a helper below). */
const BLOCK_HELPERS: Record<string, string> = {
  column: 'add_column',
  references: 'add_reference',
  belongs_to: 'add_belongs_to',
  index: 'add_index',
  change: 'change_column',
  change_default: 'change_column_default',
  change_null: 'change_column_null',
  rename: 'rename_column',
  remove: 'remove_columns',
  remove_index: 'remove_index',
  remove_references: 'remove_reference',
  remove_belongs_to: 'remove_reference',
  timestamps: 'add_timestamps',
  remove_timestamps: 'remove_timestamps',
  check_constraint: 'add_check_constraint',
  foreign_key: 'add_foreign_key',
  unique_constraint: 'add_unique_constraint',
  exclusion_constraint: 'add_exclusion_constraint',
};

/** Block methods that read the table rather than change it. */
const BLOCK_QUERIES = new Set(['index_exists?', 'column_exists?', 'check_constraint_exists?', 'foreign_key_exists?', 'references?']);

async function operationsOfCall(call: Node, name: string, text: string, types: ColumnTypes): Promise<Located[]> {
  if (name === 'execute') return embeddedSql(call, text);
  if (call.childForFieldName('receiver'))
    return isDataChange(call, name) && !loopsOverDataChanges(call, name)
      ? [{ op: { kind: 'data-change', verb: 'code', everyRow: everyRowWrites(call, name) }, start: call.startIndex, end: call.endIndex }]
      : [];
  const ops: Located[] = [];
  for (const schemaCall of schemaCalls(call, name)) {
    if (!schemaCall.insideCreateTable) ops.push(...(await operationsOfSchemaCall(schemaCall, types)));
    applyColumnChanges(types, columnChangeOf(schemaCall));
  }
  return ops;
}

async function operationsOfSchemaCall({ call, columnType }: SchemaCall, types: ColumnTypes): Promise<Located[]> {
  if (columnType !== undefined) return typedColumns(call, columnType);
  return schemaHelperOperations(call, {
    currentType: (table, column) => types.columns.get(normalizeTable(table))?.get(column),
    provenNotNull: (table, column) => provenNotNull(types, table, column),
  });
}

/**
 * The schema helpers a call runs, as top-level helpers: itself, or for `change_table :orders do
 * |t| ... end` each `t.<helper>` on that table (reported at its own line), and for `create_table`
 * the columns its block defines (which need no finding, but give later changes their type).
 */
export function schemaCalls(call: Node, name: string): SchemaCall[] {
  if (call.childForFieldName('receiver')) return [];
  if (name !== 'change_table' && name !== 'create_table') return [{ call: topLevelCall(call, name) }];
  const outer = topLevelCall(call, name);
  const block = call.childForFieldName('block');
  const param = block?.descendantsOfType('block_parameters')[0]?.namedChildren[0]?.text;
  const calls: SchemaCall[] = name === 'create_table' ? [{ call: outer }] : [];
  if (!block || !param) return calls;
  for (const inner of block.descendantsOfType('call')) {
    if (!inner || inner.childForFieldName('receiver')?.text !== param) continue;
    const method = inner.childForFieldName('method')?.text ?? '';
    if (BLOCK_QUERIES.has(method)) continue;
    const helper = BLOCK_HELPERS[method];
    const insideCreateTable = name === 'create_table';
    calls.push(
      helper
        ? { call: blockCall(inner, helper, outer.table), insideCreateTable }
        : { call: blockCall(inner, 'add_column', outer.table), columnType: method, insideCreateTable },
    );
  }
  return calls;
}

function isDataChange(call: Node, name: string): boolean {
  return DATA_METHODS.has(name) && receiverIsModel(call);
}

/**
 * `Merchant.where(...).pluck(:id).each do |id| Transaction.where(...).update_all(...) end`: the
 * writes in the block are data changes of their own, each reported at its line; the loop is not one more.
 */
function loopsOverDataChanges(call: Node, name: string): boolean {
  const block = LOOPS.has(name) ? call.childForFieldName('block') : null;
  return (
    block
      ?.descendantsOfType('call')
      .some((inner) => inner !== null && isDataChange(inner, inner.childForFieldName('method')?.text ?? '')) ?? false
  );
}

function receiverIsModel(call: Node): boolean {
  let receiver = call.childForFieldName('receiver');
  while (receiver?.type === 'call') receiver = receiver.childForFieldName('receiver');
  return (receiver?.type === 'constant' && !VALUE_CONSTANT.test(receiver.text)) || receiver?.type === 'scope_resolution';
}

/** `PERMISSIONS.each { ... }` loops over a list the migration defines; a model is named like a class (`Order`). */
const VALUE_CONSTANT = /^[A-Z][A-Z0-9_]*$/;

/** `execute "SQL"` and `execute <<~SQL ... SQL`: the SQL is parsed and its operations placed in the Ruby file. */
async function embeddedSql(call: Node, text: string): Promise<Located[]> {
  const arg = withoutStringMethods(call.childForFieldName('arguments')?.namedChildren[0]);
  if (!arg) return [];
  const body = arg.type === 'heredoc_beginning' ? nextHeredocBody(call) : arg.type === 'string' ? arg : undefined;
  if (!body) return [];
  const contents = body.namedChildren.filter((n): n is Node => n !== null && (n.type === 'string_content' || n.type === 'heredoc_content'));
  if (contents.length !== 1 || body.namedChildren.some((n) => n?.type === 'interpolation')) return [];
  const content = contents[0];
  return embeddedSqlOperations(text.slice(content.startIndex, content.endIndex), content.startIndex);
}

/** `<<~SQL.squish` and `"...".strip` are the same SQL: squish only joins lines, and the parser ignores whitespace. */
function withoutStringMethods(arg: Node | null | undefined): Node | undefined {
  let node = arg ?? undefined;
  while (node?.type === 'call' && STRING_METHODS.has(node.childForFieldName('method')?.text ?? '')) {
    node = node.childForFieldName('receiver') ?? undefined;
  }
  return node;
}

const STRING_METHODS = new Set(['squish', 'strip', 'freeze', 'strip_heredoc', 'chomp']);

function nextHeredocBody(call: Node): Node | undefined {
  for (let sibling = call.nextNamedSibling; sibling; sibling = sibling.nextNamedSibling) {
    if (sibling.type === 'heredoc_body') return sibling;
  }
  return undefined;
}
