import type { Node } from 'web-tree-sitter';
import { parseSyntax } from '../../syntax/tree-sitter';
import { embeddedSqlOperations } from '../embedded-sql';
import type { Located, Operation } from '../operations';
import { argumentsOf, callsIn, calleeName, isFalse, isTrue, stringValue, type PythonArguments } from './syntax';

export interface PythonMigration {
  ops: Located[];
  transactional: boolean;
}

/**
 * A Django migration read as a Python syntax tree. Tables are named by model (`order` for
 * model_name="order"), which is how the developer knows them; Django's real table name adds
 * the app label.
 */
export async function extractDjangoMigration(text: string): Promise<PythonMigration> {
  const tree = await parseSyntax('python', text);
  try {
    const ops: Located[] = [];
    for (const call of callsIn(tree.rootNode, new Set())) ops.push(...(await operationsOfCall(call)));
    return { ops, transactional: !hasAtomicFalse(tree.rootNode) };
  } finally {
    tree.delete();
  }
}

function hasAtomicFalse(root: Node): boolean {
  return root
    .descendantsOfType('assignment')
    .some((a) => a?.childForFieldName('left')?.text === 'atomic' && isFalse(a.childForFieldName('right') ?? undefined));
}

async function operationsOfCall(call: Node): Promise<Located[]> {
  const args = argumentsOf(call);
  const at = (op: Operation): Located => ({ op, start: call.startIndex, end: call.endIndex });
  const model = (name = 'model_name') => (stringValue(args.keywords.get(name) ?? args.positional[0])?.value ?? '').toLowerCase();
  const field = (name = 'name', index = 1) => stringValue(args.keywords.get(name) ?? args.positional[index])?.value ?? '';
  switch (calleeName(call)) {
    case 'CreateModel':
      return [at({ kind: 'create-table', table: model('name') })];
    case 'DeleteModel':
      return [at({ kind: 'drop-table', table: model('name') })];
    case 'RenameModel':
      return [
        at({
          kind: 'rename-table',
          table: model('old_name'),
          to: (stringValue(args.keywords.get('new_name') ?? args.positional[1])?.value ?? '').toLowerCase(),
        }),
      ];
    case 'AddField':
      return addField(at, model(), field(), args);
    case 'AlterField':
      return [at({ kind: 'alter-column-type', table: model(), column: field() })];
    case 'RemoveField':
      return [at({ kind: 'drop-column', table: model(), column: field() })];
    case 'RenameField':
      return [at({ kind: 'rename-column', table: model(), from: field('old_name', 1), to: field('new_name', 2) })];
    case 'AddIndex':
    case 'AddIndexConcurrently':
      return [at({ kind: 'create-index', table: model(), concurrently: calleeName(call) === 'AddIndexConcurrently', unique: false })];
    case 'RemoveIndex':
    case 'RemoveIndexConcurrently':
      return [at({ kind: 'drop-index', concurrently: calleeName(call) === 'RemoveIndexConcurrently' })];
    case 'AddConstraint':
    case 'AddConstraintNotValid':
      return [
        at({
          kind: 'add-constraint',
          table: model(),
          constraint: constraintKind(args.keywords.get('constraint') ?? args.positional[1]),
          notValid: calleeName(call) === 'AddConstraintNotValid',
          usingIndex: false,
        }),
      ];
    case 'ValidateConstraint':
      return [at({ kind: 'validate-constraint', table: model() })];
    case 'RunPython':
      return [at({ kind: 'data-change', verb: 'code' })];
    case 'RunSQL': {
      const sql = stringValue(args.keywords.get('sql') ?? args.positional[0]);
      return sql ? embeddedSqlOperations(sql.value, sql.start) : [];
    }
    default:
      return [];
  }
}

function addField(at: (op: Operation) => Located, table: string, column: string, args: PythonArguments): Located[] {
  const definition = args.keywords.get('field') ?? args.positional[2];
  const options = definition?.type === 'call' ? argumentsOf(definition).keywords : new Map<string, Node>();
  const type = definition?.type === 'call' ? calleeName(definition) : '';
  const isForeignKey = type === 'ForeignKey' || type === 'OneToOneField';
  // Django fills existing rows with `default` once, in Python, then drops it: never a per-row default.
  const ops: Located[] = [
    at({
      kind: 'add-column',
      table,
      column,
      notNull: !isTrue(options.get('null')),
      default: options.has('default') || options.has('db_default') ? 'constant' : undefined,
      references: isForeignKey && !isFalse(options.get('db_constraint')),
    }),
  ];
  if ((isForeignKey && !isFalse(options.get('db_index'))) || isTrue(options.get('db_index')) || isTrue(options.get('unique'))) {
    ops.push(at({ kind: 'create-index', table, concurrently: false, unique: isTrue(options.get('unique')) }));
  }
  return ops;
}

function constraintKind(node: Node | undefined): 'check' | 'unique' {
  return node?.type === 'call' && calleeName(node) === 'UniqueConstraint' ? 'unique' : 'check';
}
