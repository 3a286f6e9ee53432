import type { ConstraintKind, DefaultKind, Located, Operation } from '../operations';
import { actionSpans } from './lexer';
import { expressionVolatility } from './volatility';
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

/**
 * A statement PostgreSQL refuses inside a transaction block, which Flyway therefore runs outside one:
 * CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, VACUUM.
 */
export function isNonTransactional(wrapper: AstNode): boolean {
  const [type, node] = Object.entries(wrapper)[0] as [string, AstNode];
  if (type === 'IndexStmt' || type === 'DropStmt') return node.concurrent === true;
  if (type === 'ReindexStmt')
    return ((node.params as AstNode[] | undefined) ?? []).some((p) => (p.DefElem as AstNode | undefined)?.defname === 'concurrently');
  return type === 'VacuumStmt' && node.is_vacuumcmd === true;
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
      return [{ kind: 'create-table', table: relationName(node.relation), references: referencedTables(node), columns: columnsOf(node) }];
    case 'CreateTableAsStmt':
      // CREATE TABLE ... AS and CREATE MATERIALIZED VIEW make a relation nobody uses yet.
      return [{ kind: 'create-table', table: relationName((node.into as AstNode).rel) }];
    case 'SelectStmt':
      return node.intoClause ? [{ kind: 'create-table', table: relationName((node.intoClause as AstNode).rel) }] : [];
    case 'LockStmt':
      return lockTable(node);
    case 'ReindexStmt':
      return reindex(node);
    case 'VacuumStmt':
      return vacuumFull(node);
    case 'ClusterStmt':
      return node.relation
        ? [{ kind: 'other-ddl', table: relationName(node.relation), description: 'CLUSTER', lock: 'access-exclusive' }]
        : [];
    case 'AlterEnumStmt':
      return typeof node.oldVal === 'string'
        ? [
            {
              kind: 'rename-enum-value',
              type: qualifiedName({ List: { items: node.typeName } }),
              from: node.oldVal,
              to: String(node.newVal),
            },
          ]
        : [];
    case 'IndexStmt':
      return [
        {
          kind: 'create-index',
          table: relationName(node.relation),
          concurrently: node.concurrent === true,
          unique: node.unique === true,
          columns: indexColumns(node),
        },
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
        return addColumn(table, (cmd.def as AstNode).ColumnDef as AstNode);
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
      case 'AT_DetachPartition':
        // DETACH ... CONCURRENTLY takes SHARE UPDATE EXCLUSIVE: reads and writes go on.
        return ((cmd.def as AstNode).PartitionCmd as AstNode | undefined)?.concurrent === true
          ? []
          : [{ kind: 'other-ddl', table, description: 'DETACH PARTITION', lock: 'access-exclusive' }];
      default:
        return [{ kind: 'other-ddl', table, description: String(cmd.subtype).replace(/^AT_/, '') }];
    }
  });
}

/** The plain columns an index covers; undefined when one of its keys is an expression. */
function indexColumns(node: AstNode): string[] | undefined {
  const names = ((node.indexParams as AstNode[] | undefined) ?? []).map((param) => (param.IndexElem as AstNode | undefined)?.name);
  return names.every((name): name is string => typeof name === 'string') ? names : undefined;
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

/**
 * ADD COLUMN, and the constraints written inline with it: an inline UNIQUE or PRIMARY KEY builds
 * its index under the ALTER TABLE's ACCESS EXCLUSIVE lock, as ADD CONSTRAINT does.
 */
function addColumn(table: string, def: AstNode): Operation[] {
  const constraints = ((def.constraints as AstNode[]) ?? []).map((c) => c.Constraint as AstNode);
  const defaultConstraint = constraints.find((c) => c.contype === 'CONSTR_DEFAULT');
  const type = columnTypeName(def.typeName as AstNode | undefined);
  // serial and identity columns fill existing rows from a sequence: nextval() per row.
  const numberedPerRow = SERIAL_TYPES.has(type) || constraints.some((c) => c.contype === 'CONSTR_IDENTITY');
  const column: Operation = {
    kind: 'add-column',
    table,
    column: String(def.colname),
    type,
    notNull: constraints.some((c) => c.contype === 'CONSTR_NOTNULL' || c.contype === 'CONSTR_PRIMARY'),
    default: numberedPerRow ? 'volatile' : defaultConstraint ? defaultKind(defaultConstraint.raw_expr as AstNode) : undefined,
    references: constraints.some((c) => c.contype === 'CONSTR_FOREIGN'),
    generatedStored: constraints.some((c) => c.contype === 'CONSTR_GENERATED'),
  };
  const inlineIndexes = constraints.filter((c) => c.contype === 'CONSTR_UNIQUE' || c.contype === 'CONSTR_PRIMARY');
  return [column, ...inlineIndexes.map((constraint) => addConstraint(table, constraint))];
}

const SERIAL_TYPES = new Set(['serial', 'serial2', 'serial4', 'serial8', 'smallserial', 'bigserial']);

/** PostgreSQL's name of a column type (`int4`, `varchar`, `json`, `text[]`), without modifiers or schema. */
function columnTypeName(typeName: AstNode | undefined): string {
  const names = (typeName?.names as AstNode[] | undefined) ?? [];
  const last = String((names[names.length - 1]?.String as AstNode | undefined)?.sval ?? '');
  return typeName?.arrayBounds ? `${last}[]` : last;
}

/** The columns a CREATE TABLE defines, with their types. */
function columnsOf(node: AstNode): Array<{ name: string; type: string }> {
  const elements = (node.tableElts as AstNode[] | undefined) ?? [];
  return elements.flatMap((element) => {
    const column = element.ColumnDef as AstNode | undefined;
    return column ? [{ name: String(column.colname), type: columnTypeName(column.typeName as AstNode | undefined) }] : [];
  });
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
  if (node.renameType === 'OBJECT_SCHEMA') return [{ kind: 'rename-schema', schema: String(node.subname), to: String(node.newname) }];
  if (node.renameType === 'OBJECT_TABLE' && !namesAnIndexOrSequence(table, String(node.newname)))
    return [{ kind: 'rename-table', table, to: String(node.newname) }];
  return [];
}

/**
 * ALTER TABLE also renames sequences and indexes (ALTER INDEX and ALTER SEQUENCE are the usual
 * spelling). A column default refers to its sequence by OID and queries never name an index, so
 * such a rename breaks no running code. Serial columns' sequences are named <table>_<column>_seq;
 * an index is taken for one when both names follow an index convention (Rails' index_..., _idx,
 * _pkey, _key), so that a table really named api_key still counts when it is renamed to api_keys.
 */
function namesAnIndexOrSequence(from: string, to: string): boolean {
  const name = from.split('.').pop() ?? from;
  return SEQUENCE_NAME.test(name) || (INDEX_NAME.test(name) && INDEX_NAME.test(to));
}

const SEQUENCE_NAME = /_seq$/;
const INDEX_NAME = /^(index|idx|ix|uix|uniq)_|_(idx|index|pkey|key|fkey|unique|uniq)$/i;

/** LOCK TABLE takes ACCESS EXCLUSIVE unless told otherwise; the modes below SHARE block neither reads nor writes. */
function lockTable(node: AstNode): Operation[] {
  const mode = Number(node.mode ?? ACCESS_EXCLUSIVE_MODE);
  if (mode < SHARE_MODE) return [];
  const lock = mode === ACCESS_EXCLUSIVE_MODE ? 'access-exclusive' : 'blocks-writes';
  return ((node.relations as AstNode[] | undefined) ?? []).map((relation): Operation => ({
    kind: 'other-ddl',
    table: relationName(relation.RangeVar),
    description: 'LOCK TABLE',
    lock,
  }));
}

// PostgreSQL's lock mode numbers (lockdefs.h), as the parse tree gives them.
const SHARE_MODE = 5;
const ACCESS_EXCLUSIVE_MODE = 8;

/** REINDEX without CONCURRENTLY blocks writes to the table and every query that would use the index being rebuilt. */
function reindex(node: AstNode): Operation[] {
  const params = ((node.params as AstNode[] | undefined) ?? []).map((p) => (p.DefElem as AstNode | undefined)?.defname);
  if (params.includes('concurrently') || !node.relation) return [];
  const onTable = node.kind === 'REINDEX_OBJECT_TABLE';
  return [{ kind: 'other-ddl', table: onTable ? relationName(node.relation) : undefined, description: 'REINDEX', lock: 'blocks-writes' }];
}

/** VACUUM FULL rewrites each table under ACCESS EXCLUSIVE; a plain VACUUM blocks nobody. */
function vacuumFull(node: AstNode): Operation[] {
  const options = ((node.options as AstNode[] | undefined) ?? []).map((o) => (o.DefElem as AstNode | undefined)?.defname);
  if (node.is_vacuumcmd !== true || !options.includes('full')) return [];
  const relations = ((node.rels as AstNode[] | undefined) ?? []).map((r) => relationName((r.VacuumRelation as AstNode).relation));
  return (relations.length > 0 ? relations : [undefined]).map((table): Operation => ({
    kind: 'other-ddl',
    table,
    description: 'VACUUM FULL',
    lock: 'access-exclusive',
  }));
}

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

/**
 * Whether existing rows get the default computed once (stored in the catalog, PostgreSQL 11+) or
 * per row (a rewrite): PostgreSQL's own rule, a default that calls a volatile function.
 */
function defaultKind(expr: AstNode | undefined): DefaultKind {
  return expressionVolatility(expr) === 'volatile' ? 'volatile' : 'constant';
}

function relationName(relation: unknown): string {
  const r = relation as { schemaname?: string; relname?: string } | undefined;
  return r?.schemaname ? `${r.schemaname}.${r.relname}` : (r?.relname ?? '');
}

function qualifiedName(wrapper: AstNode): string {
  const items = ((wrapper.List as AstNode | undefined)?.items as AstNode[] | undefined) ?? [];
  return items.map((item) => String((item.String as AstNode | undefined)?.sval ?? '')).join('.');
}
