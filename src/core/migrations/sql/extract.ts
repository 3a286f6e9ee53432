import type { ConstraintKind, DefaultKind, Located, Operation } from '../operations';
import { actionSpans } from './lexer';
import type { SqlStatement } from './parser';

type AstNode = Record<string, unknown>;

/**
 * Turns parsed PostgreSQL statements into migration operations, each at its statement, or for a
 * multi-action ALTER TABLE at its own action.
 */
export function operationsFromStatements(statements: readonly SqlStatement[], sql: string, offset = 0): Located[] {
  const located: Located[] = [];
  for (const statement of statements) {
    const perAction = alterTableActions(statement, sql);
    if (perAction) {
      perAction.forEach(({ ops, start, end }) =>
        ops.forEach((op) => located.push({ op, start: start + offset, end: end + offset, statementStart: statement.start + offset })),
      );
      continue;
    }
    for (const op of operationsOf(statement.node)) located.push({ op, start: statement.start + offset, end: statement.end + offset });
  }
  return located;
}

/** After `ALTER TABLE [IF EXISTS] [ONLY] name`: where the first action is written. */
function firstActionStart(sql: string, statement: SqlStatement): number {
  const head = ALTER_TABLE_HEAD.exec(sql.slice(statement.start, statement.end));
  return head ? statement.start + head[0].length : statement.start;
}

const ALTER_TABLE_HEAD =
  /^ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?(?:"(?:[^"]|"")*"|[\w$]+)(?:\s*\.\s*(?:"(?:[^"]|"")*"|[\w$]+))*\s*\*?\s*/i;

/** Each action's operations with its own span, when the ALTER TABLE has several and they can be told apart. */
function alterTableActions(statement: SqlStatement, sql: string): Array<{ ops: Operation[]; start: number; end: number }> | undefined {
  const node = statement.node.AlterTableStmt as AstNode | undefined;
  const commands = (node?.cmds as AstNode[] | undefined) ?? [];
  if (!node || commands.length < 2) return undefined;
  const spans = actionSpans(sql, firstActionStart(sql, statement), statement.end);
  if (spans.length !== commands.length) return undefined;
  return commands.map((command, i) => ({ ops: alterTable({ ...node, cmds: [command] }), ...spans[i] }));
}

function operationsOf(wrapper: AstNode): Operation[] {
  const [type, node] = Object.entries(wrapper)[0] as [string, AstNode];
  switch (type) {
    case 'CreateStmt':
      return [{ kind: 'create-table', table: relationName(node.relation), references: referencedTables(node) }];
    case 'IndexStmt':
      return [
        { kind: 'create-index', table: relationName(node.relation), concurrently: node.concurrent === true, unique: node.unique === true },
      ];
    case 'AlterTableStmt':
      return alterTable(node);
    case 'ViewStmt':
      return [{ kind: 'create-view', view: relationName(node.view) }];
    case 'RenameStmt':
      return rename(node);
    case 'DropStmt':
      return drop(node);
    case 'TruncateStmt':
      return [
        {
          kind: 'truncate',
          tables: (node.relations as AstNode[]).map((r) => relationName(r.RangeVar)),
          cascade: node.behavior === 'DROP_CASCADE',
        },
      ];
    case 'UpdateStmt':
      return [{ kind: 'data-change', verb: 'update', table: relationName(node.relation) }];
    case 'DeleteStmt':
      return [{ kind: 'data-change', verb: 'delete', table: relationName(node.relation), wholeTable: !node.whereClause }];
    case 'InsertStmt':
      return [{ kind: 'data-change', verb: 'insert', table: relationName(node.relation) }];
    case 'VariableSetStmt':
      return node.name === 'lock_timeout' || node.name === 'statement_timeout' ? [{ kind: 'set-timeout', setting: node.name }] : [];
    case 'TransactionStmt':
      return transaction(String(node.kind));
    default:
      return [];
  }
}

function alterTable(node: AstNode): Operation[] {
  if (node.objtype !== undefined && node.objtype !== 'OBJECT_TABLE') return [];
  const table = relationName(node.relation);
  return ((node.cmds as AstNode[]) ?? []).flatMap((wrapped): Operation[] => {
    const cmd = wrapped.AlterTableCmd as AstNode;
    const column = String(cmd.name ?? '');
    switch (cmd.subtype) {
      case 'AT_AddColumn':
        return [addColumn(table, (cmd.def as AstNode).ColumnDef as AstNode)];
      case 'AT_AlterColumnType':
        return [{ kind: 'alter-column-type', table, column }];
      case 'AT_SetNotNull':
        return [{ kind: 'set-not-null', table, column }];
      case 'AT_AddConstraint':
        return [addConstraint(table, (cmd.def as AstNode).Constraint as AstNode)];
      case 'AT_ValidateConstraint':
        return [{ kind: 'validate-constraint', table, name: column || undefined }];
      case 'AT_SetRelOptions':
      case 'AT_ResetRelOptions':
        // SET (fillfactor = ...) takes SHARE UPDATE EXCLUSIVE: reads and writes go on.
        return [];
      case 'AT_DropColumn':
        return [{ kind: 'drop-column', table, column }];
      default:
        return [{ kind: 'other-ddl', table, description: String(cmd.subtype).replace(/^AT_/, '') }];
    }
  });
}

/** The tables a CREATE TABLE's foreign keys point to, column constraints and table constraints alike. */
function referencedTables(node: AstNode): string[] {
  const elements = (node.tableElts as AstNode[] | undefined) ?? [];
  const constraints = elements.flatMap((element) => {
    const column = element.ColumnDef as AstNode | undefined;
    if (column) return ((column.constraints as AstNode[] | undefined) ?? []).map((c) => c.Constraint as AstNode);
    return element.Constraint ? [element.Constraint as AstNode] : [];
  });
  return constraints.filter((c) => c.contype === 'CONSTR_FOREIGN').map((c) => relationName(c.pktable));
}

function addColumn(table: string, def: AstNode): Operation {
  const constraints = ((def.constraints as AstNode[]) ?? []).map((c) => c.Constraint as AstNode);
  const defaultConstraint = constraints.find((c) => c.contype === 'CONSTR_DEFAULT');
  return {
    kind: 'add-column',
    table,
    column: String(def.colname),
    notNull: constraints.some((c) => c.contype === 'CONSTR_NOTNULL' || c.contype === 'CONSTR_PRIMARY'),
    default: defaultConstraint ? defaultKind(defaultConstraint.raw_expr as AstNode) : undefined,
    references: constraints.some((c) => c.contype === 'CONSTR_FOREIGN'),
    generatedStored: constraints.some((c) => c.contype === 'CONSTR_GENERATED'),
  };
}

const CONSTRAINT_KINDS: Record<string, ConstraintKind> = {
  CONSTR_FOREIGN: 'foreign-key',
  CONSTR_CHECK: 'check',
  CONSTR_UNIQUE: 'unique',
  CONSTR_PRIMARY: 'primary-key',
  CONSTR_EXCLUSION: 'exclusion',
  CONSTR_NOTNULL: 'not-null',
};

function addConstraint(table: string, constraint: AstNode): Operation {
  return {
    kind: 'add-constraint',
    table,
    constraint: CONSTRAINT_KINDS[String(constraint.contype)] ?? 'check',
    notValid: constraint.skip_validation === true,
    usingIndex: typeof constraint.indexname === 'string',
    name: typeof constraint.conname === 'string' ? constraint.conname : undefined,
  };
}

function rename(node: AstNode): Operation[] {
  const table = relationName(node.relation);
  if (node.renameType === 'OBJECT_COLUMN') return [{ kind: 'rename-column', table, from: String(node.subname), to: String(node.newname) }];
  if (node.renameType === 'OBJECT_TABLE' && !SEQUENCE_NAME.test(table)) return [{ kind: 'rename-table', table, to: String(node.newname) }];
  return [];
}

/**
 * ALTER TABLE also renames sequences, and serial columns' sequences are named <table>_<column>_seq;
 * a column default refers to its sequence by OID, so renaming one breaks no running code.
 */
const SEQUENCE_NAME = /_seq$/;

function drop(node: AstNode): Operation[] {
  const names = ((node.objects as AstNode[]) ?? []).map(qualifiedName);
  if (node.removeType === 'OBJECT_TABLE') return names.map((table) => ({ kind: 'drop-table', table }));
  if (node.removeType === 'OBJECT_INDEX') return [{ kind: 'drop-index', concurrently: node.concurrent === true }];
  return [];
}

function transaction(kind: string): Operation[] {
  if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') return [{ kind: 'transaction', action: 'begin' }];
  if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK') return [{ kind: 'transaction', action: 'commit' }];
  return [];
}

/** Functions whose value differs per row, so a default using them rewrites the whole table. */
const VOLATILE_FUNCTIONS = new Set([
  'random',
  'gen_random_uuid',
  'uuid_generate_v1',
  'uuid_generate_v4',
  'clock_timestamp',
  'timeofday',
  'nextval',
  'uuidv4',
  'uuidv7',
]);
/** Functions evaluated once per statement: a default using them is stored in the catalog (PostgreSQL 11+). */
const STABLE_FUNCTIONS = new Set([
  'now',
  'current_timestamp',
  'transaction_timestamp',
  'statement_timestamp',
  'current_date',
  'current_user',
  'lower',
  'upper',
]);

function defaultKind(expr: AstNode | undefined): DefaultKind {
  if (!expr) return 'constant';
  const [type, node] = Object.entries(expr)[0] as [string, AstNode];
  if (type === 'A_Const' || type === 'SQLValueFunction') return 'constant';
  if (type === 'TypeCast') return defaultKind(node.arg as AstNode);
  if (type === 'FuncCall') {
    const name =
      qualifiedName({ List: { items: node.funcname } })
        .split('.')
        .pop() ?? '';
    if (VOLATILE_FUNCTIONS.has(name)) return 'volatile';
    const args = (node.args as AstNode[] | undefined) ?? [];
    return STABLE_FUNCTIONS.has(name) && args.every((a) => defaultKind(a) === 'constant') ? 'constant' : 'volatile';
  }
  return 'volatile';
}

function relationName(relation: unknown): string {
  const r = relation as { schemaname?: string; relname?: string } | undefined;
  return r?.schemaname ? `${r.schemaname}.${r.relname}` : (r?.relname ?? '');
}

function qualifiedName(wrapper: AstNode): string {
  const items = ((wrapper.List as AstNode | undefined)?.items as AstNode[] | undefined) ?? [];
  return items.map((item) => String((item.String as AstNode | undefined)?.sval ?? '')).join('.');
}
