import type { Node } from 'web-tree-sitter';
import { parseSyntax } from '../../syntax/tree-sitter';
import type { Located, Operation } from '../operations';
import { embeddedSqlOperations } from '../embedded-sql';

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

/** Reads a Rails migration as a Ruby syntax tree and lists what it does. */
export async function extractRailsMigration(text: string): Promise<RailsMigration> {
  const tree = await parseSyntax('ruby', text);
  try {
    const ops: Located[] = [];
    let transactional = true;
    let classBodyStart: number | undefined;
    const calls: Node[] = [];
    collect(tree.rootNode, calls);
    for (const call of calls) {
      const name = call.childForFieldName('method')?.text ?? '';
      if (name === 'disable_ddl_transaction!') transactional = false;
      ops.push(...(await operationsOfCall(call, name, text)));
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
function collect(node: Node, calls: Node[]): void {
  if (isRollback(node)) return;
  if (node.type === 'call') calls.push(node);
  for (const child of node.namedChildren) if (child) collect(child, calls);
}

function isRollback(node: Node): boolean {
  if (node.type === 'method' || node.type === 'singleton_method') return node.childForFieldName('name')?.text === 'down';
  if (node.type !== 'call') return false;
  const method = node.childForFieldName('method')?.text;
  const receiver = node.childForFieldName('receiver');
  if (method === 'down') return receiver !== null && node.childForFieldName('block') !== null;
  return method === 'revert' && receiver === null;
}

async function operationsOfCall(call: Node, name: string, text: string): Promise<Located[]> {
  const args = argumentsOf(call);
  const argumentsEnd = call.childForFieldName('arguments')?.endIndex;
  const at = (op: Operation): Located => ({ op, start: call.startIndex, end: call.endIndex, argumentsEnd });
  const table = args.positional[0] ?? '';
  const option = (key: string) => args.options.get(key);
  switch (name) {
    case 'create_table':
      return [at({ kind: 'create-table', table })];
    case 'add_index':
      return [
        at({ kind: 'create-index', table, concurrently: isConcurrent(option('algorithm')), unique: option('unique')?.text === 'true' }),
      ];
    case 'remove_index':
      return [at({ kind: 'drop-index', concurrently: isConcurrent(option('algorithm')) })];
    case 'add_column':
      return [
        at({
          kind: 'add-column',
          table,
          column: args.positional[1] ?? '',
          notNull: option('null')?.text === 'false',
          default: defaultOf(option('default')),
        }),
      ];
    case 'add_reference':
    case 'add_belongs_to':
      return referenceOps(at, table, args.positional[1] ?? '', option('index'), option('foreign_key'), option('null'));
    case 'add_foreign_key':
      return [
        at({ kind: 'add-constraint', table, constraint: 'foreign-key', notValid: option('validate')?.text === 'false', usingIndex: false }),
      ];
    case 'add_check_constraint':
      return [
        at({ kind: 'add-constraint', table, constraint: 'check', notValid: option('validate')?.text === 'false', usingIndex: false }),
      ];
    case 'change_column':
      return [at({ kind: 'alter-column-type', table, column: args.positional[1] ?? '' })];
    case 'change_column_null':
      return call.childForFieldName('arguments')?.namedChildren[2]?.text === 'false'
        ? [at({ kind: 'set-not-null', table, column: args.positional[1] ?? '' })]
        : [];
    case 'rename_column':
      return [at({ kind: 'rename-column', table, from: args.positional[1] ?? '', to: args.positional[2] ?? '' })];
    case 'rename_table':
      return [at({ kind: 'rename-table', table, to: args.positional[1] ?? '' })];
    case 'remove_column':
      return [at({ kind: 'drop-column', table, column: args.positional[1] ?? '' })];
    case 'drop_table':
      return [at({ kind: 'drop-table', table })];
    case 'execute':
      return embeddedSql(call, text);
    default:
      return call.childForFieldName('receiver') && DATA_METHODS.has(name) && receiverIsModel(call)
        ? [at({ kind: 'data-change', verb: 'code' })]
        : [];
  }
}

function referenceOps(
  at: (op: Operation) => Located,
  table: string,
  name: string,
  index: Node | undefined,
  foreignKey: Node | undefined,
  nullOption: Node | undefined,
): Located[] {
  const ops: Located[] = [
    at({
      kind: 'add-column',
      table,
      column: `${name}_id`,
      notNull: nullOption?.text === 'false',
      references: Boolean(foreignKey && foreignKey.text !== 'false'),
    }),
  ];
  // add_reference indexes by default; `index: { algorithm: :concurrently }` builds it concurrently.
  if (index?.text !== 'false')
    ops.push(
      at({ kind: 'create-index', table, concurrently: Boolean(index && /algorithm:\s*:concurrently/.test(index.text)), unique: false }),
    );
  return ops;
}

interface Arguments {
  positional: string[];
  options: Map<string, Node>;
}

function argumentsOf(call: Node): Arguments {
  const positional: string[] = [];
  const options = new Map<string, Node>();
  for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (!arg) continue;
    if (arg.type === 'pair') {
      const key = arg.childForFieldName('key')?.text.replace(/:$/, '').replace(/^:/, '') ?? '';
      const value = arg.childForFieldName('value');
      if (value) options.set(key, value);
    } else positional.push(literal(arg));
  }
  return { positional, options };
}

/** `:orders`, `"orders"`, `'orders'` → orders. */
function literal(node: Node): string {
  return node.text.replace(/^:/, '').replace(/^["']|["']$/g, '');
}

function isConcurrent(algorithm: Node | undefined): boolean {
  return algorithm?.text === ':concurrently';
}

/** A lambda default (`-> { "gen_random_uuid()" }`) is SQL evaluated per row; a literal is constant. */
function defaultOf(value: Node | undefined): 'constant' | 'volatile' | undefined {
  if (!value || value.text === 'nil') return undefined;
  return value.type === 'lambda' ? 'volatile' : 'constant';
}

function receiverIsModel(call: Node): boolean {
  let receiver = call.childForFieldName('receiver');
  while (receiver?.type === 'call') receiver = receiver.childForFieldName('receiver');
  return receiver?.type === 'constant' || receiver?.type === 'scope_resolution';
}

/** `execute "SQL"` and `execute <<~SQL ... SQL`: the SQL is parsed and its operations placed in the Ruby file. */
async function embeddedSql(call: Node, text: string): Promise<Located[]> {
  const arg = call.childForFieldName('arguments')?.namedChildren[0];
  if (!arg) return [];
  const body = arg.type === 'heredoc_beginning' ? nextHeredocBody(call) : arg.type === 'string' ? arg : undefined;
  if (!body) return [];
  const contents = body.namedChildren.filter((n): n is Node => n !== null && (n.type === 'string_content' || n.type === 'heredoc_content'));
  if (contents.length !== 1 || body.namedChildren.some((n) => n?.type === 'interpolation')) return [];
  const content = contents[0];
  return embeddedSqlOperations(text.slice(content.startIndex, content.endIndex), content.startIndex);
}

function nextHeredocBody(call: Node): Node | undefined {
  for (let sibling = call.nextNamedSibling; sibling; sibling = sibling.nextNamedSibling) {
    if (sibling.type === 'heredoc_body') return sibling;
  }
  return undefined;
}
