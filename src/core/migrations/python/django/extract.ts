import type { Node } from 'web-tree-sitter';
import { parseSyntax } from '../../../syntax/tree-sitter';
import { embeddedSqlOperations } from '../../embedded-sql';
import type { Located, Operation } from '../../operations';
import { argumentsOf, calleeName, isFalse, stringValue, type PythonArguments } from '../syntax';
import { everyRowWritesOfRunPython } from './every-row';
import { addFieldOperations, alterFieldOperations, isManyToMany, readField, referencedModels } from './fields';
import { operationCalls } from './operation-calls';
import { applyChange, provenNotNull, stateChangeOf, togetherSets, type AppState } from './state';

export interface DjangoMigration {
  ops: Located[];
  transactional: boolean;
  /** django-safemigrate's `safe = Safe.after_deploy()` (or `Safe.always()`), when the migration says so. */
  runsAfterDeploy?: string;
}

const SAFEMIGRATE_AFTER_DEPLOY = /^Safe\.(after_deploy|always)\b/;

/**
 * A Django migration read as a Python syntax tree, judged against `history`: the app's model
 * state before it (undefined when the folder could not be read). Tables are named by model
 * (`order` for model_name="order"), which is how the developer knows them; Django's real table
 * name adds the app label.
 */
export async function extractDjangoMigration(text: string, history?: AppState): Promise<DjangoMigration> {
  const tree = await parseSyntax('python', text);
  try {
    const root = tree.rootNode;
    // A squashed migration runs only where none of the migrations it replaces has run: on an empty database.
    if (classAttribute(root, 'replaces')) return { ops: [], transactional: true };
    const state: AppState = new Map(history);
    const ops: Located[] = [];
    const atomic = !isFalse(classAttribute(root, 'atomic'));
    for (const { call, runsSql, changesState } of operationCalls(root)) {
      if (runsSql) ops.push(...(await operationsOfCall(call, history && state, root, atomic)));
      const change = changesState ? stateChangeOf(call) : undefined;
      if (change) applyChange(state, change);
    }
    const safe = classAttribute(root, 'safe')?.text ?? '';
    return {
      ops,
      transactional: atomic,
      runsAfterDeploy: SAFEMIGRATE_AFTER_DEPLOY.test(safe) ? `${safe.replace(/\(\)$/, '')}() (django-safemigrate)` : undefined,
    };
  } finally {
    tree.delete();
  }
}

function classAttribute(root: Node, name: string): Node | undefined {
  const assignment = root.descendantsOfType('assignment').find((a) => a?.childForFieldName('left')?.text === name);
  return assignment?.childForFieldName('right') ?? undefined;
}

async function operationsOfCall(call: Node, state: AppState | undefined, root: Node, migrationAtomic: boolean): Promise<Located[]> {
  const args = argumentsOf(call);
  if (!hasTable(call, args, state)) return [];
  const at = (op: Operation): Located => ({ op, start: call.startIndex, end: call.endIndex });
  const text = (name: string, index: number) => stringValue(args.keywords.get(name) ?? args.positional[index])?.value ?? '';
  const model = (name = 'model_name') => text(name, 0).toLowerCase();
  const field = () => text('name', 1);
  // The reverse is the second argument, positional or by keyword; None is no reverse.
  const withoutReverse = (call: string, keyword: string): Operation[] => {
    const reverse = args.keywords.get(keyword) ?? args.positional[1];
    return !reverse || reverse.text === 'None' ? [{ kind: 'no-reverse', call }] : [];
  };
  switch (calleeName(call)) {
    case 'CreateModel':
      return [at(createModel(call))];
    case 'DeleteModel':
      return [at({ kind: 'drop-table', table: model('name') })];
    case 'RenameModel':
      return [at({ kind: 'rename-table', table: model('old_name'), to: text('new_name', 1).toLowerCase() })];
    case 'AlterModelTable':
      return [at({ kind: 'rename-table', table: model('name'), to: text('table', 1) })];
    case 'AddField': {
      const definition = readField(args.keywords.get('field') ?? args.positional[2]);
      return definition ? addFieldOperations(model(), field(), definition).map(at) : [];
    }
    case 'AlterField':
      return alterField(model(), field(), args, state).map(at);
    case 'RemoveField':
      return removeField(model(), field(), state).map(at);
    case 'RenameField':
      return [at({ kind: 'rename-column', table: model(), from: text('old_name', 1), to: text('new_name', 2) })];
    case 'AlterUniqueTogether':
    case 'AlterIndexTogether':
      return togetherOperations(call, args, state).map(at);
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
    case 'RemoveConstraint':
      return [at({ kind: 'other-ddl', table: model(), description: 'drop a constraint' })];
    case 'ValidateConstraint':
      return [at({ kind: 'validate-constraint', table: model(), name: text('name', 1) || undefined })];
    case 'RunPython': {
      const everyRow = everyRowWritesOfRunPython(root, args, migrationAtomic);
      return [
        at({ kind: 'data-change', verb: 'code', everyRow: everyRow.length > 0 ? everyRow : undefined }),
        ...withoutReverse('RunPython', 'reverse_code').map(at),
      ];
    }
    case 'RunSQL':
      return [...(await runSql(args.keywords.get('sql') ?? args.positional[0])), ...withoutReverse('RunSQL', 'reverse_sql').map(at)];
    default:
      return [];
  }
}

/** Proxy and unmanaged models (`proxy: True`, `managed: False`) have no table of their own: their operations run no SQL. */
function hasTable(call: Node, args: PythonArguments, state: AppState | undefined): boolean {
  const name = calleeName(call);
  if (name === 'CreateModel') {
    const change = stateChangeOf(call);
    return change?.kind !== 'create-model' || change.hasTable;
  }
  const model = (
    stringValue(args.keywords.get(name === 'DeleteModel' ? 'name' : 'model_name') ?? args.positional[0])?.value ?? ''
  ).toLowerCase();
  return state?.get(model)?.hasTable !== false;
}

function createModel(call: Node): Operation {
  const change = stateChangeOf(call);
  const fields = change?.kind === 'create-model' ? change.fields : [];
  const table = change?.kind === 'create-model' ? change.model : '';
  return { kind: 'create-table', table, references: referencedModels(fields) };
}

/** A ManyToManyField has a join table instead of a column; a TaggableManager or GenericRelation has neither. */
function removeField(table: string, column: string, state: AppState | undefined): Operation[] {
  const before = state?.get(table)?.fields.get(column);
  if (!before || !isManyToMany(before)) return [{ kind: 'drop-column', table, column }];
  return before.type === 'ManyToManyField' && !before.keywords.has('through') ? [{ kind: 'drop-table', table: `${table}_${column}` }] : [];
}

/** Without the field's previous definition, the change can only be assumed to be a type change. */
function alterField(table: string, column: string, args: PythonArguments, state: AppState | undefined): Operation[] {
  const after = readField(args.keywords.get('field') ?? args.positional[2]);
  const model = state?.get(table);
  const before = model?.fields.get(column);
  if (!after || !before) return [{ kind: 'alter-column-type', table, column }];
  return alterFieldOperations(table, column, before, after, provenNotNull(model, column));
}

/** unique_together / index_together: the sets that are new build a UNIQUE constraint or an index. */
function togetherOperations(call: Node, args: PythonArguments, state: AppState | undefined): Operation[] {
  const unique = calleeName(call) === 'AlterUniqueTogether';
  const table = (stringValue(args.keywords.get('name') ?? args.positional[0])?.value ?? '').toLowerCase();
  const sets = togetherSets(args.keywords.get(unique ? 'unique_together' : 'index_together') ?? args.positional[1]);
  const before = state?.get(table)?.[unique ? 'uniqueTogether' : 'indexTogether'] ?? new Set<string>();
  return sets
    .filter((set) => !before.has(set))
    .map((): Operation =>
      unique
        ? { kind: 'add-constraint', table, constraint: 'unique', notValid: false, usingIndex: false }
        : { kind: 'create-index', table, concurrently: false, unique: false },
    );
}

/** RunSQL takes a string, a list of strings, or (sql, params) pairs. */
async function runSql(sql: Node | undefined): Promise<Located[]> {
  if (!sql) return [];
  if (sql.type === 'list' || sql.type === 'tuple') {
    const items = sql.namedChildren.filter((item): item is Node => item !== null);
    const pair = sql.type === 'tuple' && items.length === 2 && items[0].type === 'string' && items[1].type !== 'string';
    const statements = pair
      ? [items[0]]
      : items.map((item) => (item.type === 'tuple' || item.type === 'list' ? item.namedChildren[0] : item));
    return (await Promise.all(statements.map((statement) => runSql(statement ?? undefined)))).flat();
  }
  const value = stringValue(sql);
  return value ? embeddedSqlOperations(value.value, value.start) : [];
}

function constraintKind(node: Node | undefined): 'check' | 'unique' {
  return node?.type === 'call' && calleeName(node) === 'UniqueConstraint' ? 'unique' : 'check';
}
