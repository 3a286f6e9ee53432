import type { ColumnType, ConstraintKind, DefaultKind, Located, Operation, Span } from '../operations';
import { actionSpans, elementEnd, identifiers, trimEnd } from './lexer';
import { expressionVolatility } from './volatility';
import type { SqlStatement } from './parser';

type AstNode = Record<string, unknown>;

/** What reading one statement needs besides its node: the text, to find where things are written. */
interface Reading {
  sql: string;
  statement: SqlStatement;
  /** Where the statement's text (or the current ALTER TABLE action's) ends. */
  end: number;
}

/**
 * Turns parsed PostgreSQL statements into migration operations, each at its statement, or for a
 * multi-action ALTER TABLE at its own action.
 */
export function operationsFromStatements(statements: readonly SqlStatement[], sql: string, offset = 0): Located[] {
  const located: Located[] = [];
  const push = (op: Operation, span: Span, statementStart?: number) =>
    located.push(
      statementStart === undefined
        ? { op: shiftSpans(op, offset), start: span.start + offset, end: span.end + offset, fromSql: true }
        : {
            op: shiftSpans(op, offset),
            start: span.start + offset,
            end: span.end + offset,
            statementStart: statementStart + offset,
            fromSql: true,
          },
    );
  for (const statement of statements) {
    const perAction = alterTableActions(statement, sql);
    if (perAction) perAction.forEach(({ ops, start, end }) => ops.forEach((op) => push(op, { start, end }, statement.start)));
    else for (const op of operationsOf(statement.node, { sql, statement, end: statement.end })) push(op, statement);
    for (const [op, span] of writtenFacts(statement, sql)) push(op, span);
  }
  return located;
}

/** The spans inside an operation are in the parsed text's offsets; the file's are `offset` further on. */
function shiftSpans(op: Operation, offset: number): Operation {
  if (offset === 0) return op;
  const shifted: Record<string, unknown> = { ...op };
  for (const [key, value] of Object.entries(op)) {
    if (Array.isArray(value) && value.every(isSpan))
      shifted[key] = (value as Span[]).map((span) => ({ ...span, start: span.start + offset, end: span.end + offset }));
    else if (isSpan(value)) shifted[key] = { ...value, start: value.start + offset, end: value.end + offset };
  }
  return shifted as Operation;
}

function isSpan(value: unknown): value is Span {
  return (
    typeof value === 'object' && value !== null && typeof (value as Span).start === 'number' && typeof (value as Span).end === 'number'
  );
}

/** A parse tree's node wrapper, `{ "CreateStmt": {...} }`: its one key and value, without listing all its entries. */
function onlyEntry(wrapper: AstNode): [string, AstNode] {
  for (const key in wrapper) return [key, wrapper[key] as AstNode];
  return Object.entries(wrapper)[0] as [string, AstNode];
}

/** PostgreSQL keeps the first 63 bytes of a name (NAMEDATALEN - 1) and drops the rest without an error. */
const MAX_IDENTIFIER_BYTES = 63;

/** Facts about how the statement is written, each at its own place: over-long names, columns named twice. */
function writtenFacts(statement: SqlStatement, sql: string): Array<[Operation, Span]> {
  const facts: Array<[Operation, Span]> = mayHoldLongName(sql.slice(statement.start, statement.end)) ? longIdentifiers(statement, sql) : [];
  return [...facts, ...duplicateColumns(statement, sql)];
}

/** Most statements have no name near the limit: a quick look saves lexing them (ASCII: 64 name characters in a row). */
function mayHoldLongName(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/^[\x00-\x7f]*$/.test(text) || /[\w$]{64}|"[^"]{64}/.test(text);
}

function longIdentifiers(statement: SqlStatement, sql: string): Array<[Operation, Span]> {
  return identifiers(sql, statement.start, statement.end)
    .filter((token) => Buffer.byteLength(token.name) > MAX_IDENTIFIER_BYTES)
    .map((token) => [{ kind: 'long-identifier', name: token.name }, token]);
}

/** Columns named twice in one SET list, INSERT column list or CREATE TABLE. */
function duplicateColumns(statement: SqlStatement, sql: string): Array<[Operation, Span]> {
  const [type, node] = onlyEntry(statement.node);
  const targets = (list: unknown) => ((list as AstNode[] | undefined) ?? []).map((t) => t.ResTarget as AstNode).filter(Boolean);
  if (type === 'UpdateStmt' || type === 'InsertStmt') {
    const list = targets(type === 'UpdateStmt' ? node.targetList : node.cols);
    return duplicatesIn(
      list.map((t) => ({ name: String(t.name ?? ''), location: t.location as number, partial: Array.isArray(t.indirection) })),
      'assignment',
      statement,
      sql,
    );
  }
  if (type === 'CreateStmt') {
    const columns = ((node.tableElts as AstNode[] | undefined) ?? []).flatMap((e) => (e.ColumnDef ? [e.ColumnDef as AstNode] : []));
    return duplicatesIn(
      columns.map((c) => ({ name: String(c.colname ?? ''), location: c.location as number, partial: false })),
      'definition',
      statement,
      sql,
    );
  }
  return [];
}

function duplicatesIn(
  names: Array<{ name: string; location: number; partial: boolean }>,
  list: 'assignment' | 'definition',
  statement: SqlStatement,
  sql: string,
): Array<[Operation, Span]> {
  const byName = new Map<string, typeof names>();
  for (const entry of names)
    if (entry.name && typeof entry.location === 'number') byName.set(entry.name, [...(byName.get(entry.name) ?? []), entry]);
  return [...byName.values()]
    .filter((same) => same.length > 1 && !same.every((entry) => entry.partial))
    .flat()
    .sort((a, b) => a.location - b.location)
    .map((entry): [Operation, Span] => {
      const start = statement.locate(entry.location);
      const token = identifiers(sql, start, Math.min(statement.end, start + 2 * entry.name.length + 2))[0];
      return [
        { kind: 'duplicate-column', column: entry.name, list },
        { start, end: token?.start === start ? token.end : start + entry.name.length },
      ];
    });
}

/**
 * A statement PostgreSQL refuses inside a transaction block, which Flyway therefore runs outside one:
 * CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, VACUUM.
 */
export function isNonTransactional(wrapper: AstNode): boolean {
  const [type, node] = onlyEntry(wrapper);
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
  return commands.map((command, i) => ({
    ops: alterTable({ ...node, cmds: [command] }, { sql, statement, end: spans[i].end }),
    ...spans[i],
  }));
}

function operationsOf(wrapper: AstNode, reading: Reading): Operation[] {
  const [type, node] = onlyEntry(wrapper);
  switch (type) {
    case 'CreateStmt':
      return [createTable(node, reading)];
    case 'CreateTableAsStmt':
      // CREATE TABLE ... AS and CREATE MATERIALIZED VIEW make a relation nobody uses yet.
      return [createTableAs(node, reading)];
    case 'SelectStmt':
      return node.intoClause ? [{ kind: 'create-table', table: relationName((node.intoClause as AstNode).rel), asQuery: true }] : [];
    case 'LockStmt':
      return lockTable(node);
    case 'IndexStmt':
      return [
        {
          kind: 'create-index',
          table: relationName(node.relation),
          concurrently: node.concurrent === true,
          unique: node.unique === true,
          columns: indexColumns(node),
          ifNotExists: node.if_not_exists === true,
          named: typeof node.idxname === 'string',
        },
      ];
    case 'AlterTableStmt':
      return alterTable(node, reading);
    case 'ReindexStmt':
      return [reindex(node)];
    case 'VacuumStmt':
      return vacuumFull(node);
    case 'ClusterStmt':
      return [{ kind: 'rewrite-table', how: 'cluster', tables: node.relation ? [relationName(node.relation)] : [] }];
    case 'DropdbStmt':
      return [{ kind: 'drop-database', name: String(node.dbname ?? '') }];
    case 'CreateDomainStmt':
      return [createDomain(node, reading)];
    case 'AlterDomainStmt':
      return node.subtype === 'C'
        ? [{ kind: 'alter-domain-add-constraint', name: nameOf(node.typeName), at: alterDomainConstraint(node, reading) }]
        : [];
    case 'AlterEnumStmt':
      if (typeof node.oldVal === 'string')
        return [{ kind: 'rename-enum-value', type: nameOf(node.typeName), from: node.oldVal, to: String(node.newVal) }];
      return typeof node.newVal === 'string'
        ? [{ kind: 'add-enum-value', type: nameOf(node.typeName), value: node.newVal, positioned: typeof node.newValNeighbor === 'string' }]
        : [];
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
    case 'UpdateStmt': {
      const table = relationName(node.relation);
      return [{ kind: 'data-change', verb: 'update', table, everyRow: node.whereClause ? undefined : [{ table, oneStatement: true }] }];
    }
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

function alterTable(node: AstNode, reading: Reading): Operation[] {
  if (node.objtype !== undefined && node.objtype !== 'OBJECT_TABLE') return [];
  const table = relationName(node.relation);
  return ((node.cmds as AstNode[]) ?? []).flatMap((wrapped): Operation[] => {
    const cmd = wrapped.AlterTableCmd as AstNode;
    const column = String(cmd.name ?? '');
    switch (cmd.subtype) {
      case 'AT_AddColumn':
        return addColumn(table, (cmd.def as AstNode).ColumnDef as AstNode, cmd.missing_ok === true, reading);
      case 'AT_AlterColumnType': {
        const def = (cmd.def as AstNode | undefined)?.ColumnDef as AstNode | undefined;
        const type = def ? columnType(def, reading) : undefined;
        return [{ kind: 'alter-column-type', table, column, ...(type ? { type } : {}) }];
      }
      case 'AT_SetNotNull':
        return [{ kind: 'set-not-null', table, column }];
      case 'AT_DropNotNull':
        return [{ kind: 'drop-not-null', table, column, at: lastMatch(/DROP\s+NOT\s+NULL/gi, reading) }];
      case 'AT_DropConstraint':
        return [{ kind: 'drop-constraint', table, name: column, ifExists: cmd.missing_ok === true }];
      case 'AT_DetachPartition':
      case 'AT_DetachPartitionFinalize': {
        const partition = (cmd.def as AstNode | undefined)?.PartitionCmd as AstNode | undefined;
        const concurrently = cmd.subtype === 'AT_DetachPartitionFinalize' || partition?.concurrent === true;
        return [{ kind: 'detach-partition', table, partition: relationName(partition?.name), concurrently }];
      }
      case 'AT_AddConstraint':
        return [addConstraint(table, (cmd.def as AstNode).Constraint as AstNode, reading)];
      case 'AT_ValidateConstraint':
        return [{ kind: 'validate-constraint', table, name: column || undefined }];
      case 'AT_SetRelOptions':
      case 'AT_ResetRelOptions':
        // SET (fillfactor = ...) takes SHARE UPDATE EXCLUSIVE: reads and writes go on.
        return [];
      case 'AT_DropColumn':
        return [{ kind: 'drop-column', table, column, ifExists: cmd.missing_ok === true }];
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
function addColumn(table: string, def: AstNode, ifNotExists: boolean, reading: Reading): Operation[] {
  const constraints = ((def.constraints as AstNode[]) ?? []).map((c) => c.Constraint as AstNode);
  const defaultConstraint = constraints.find((c) => c.contype === 'CONSTR_DEFAULT');
  const primaryKey = constraints.find((c) => c.contype === 'CONSTR_PRIMARY');
  const type = columnType(def, reading);
  const typeName = columnTypeName(def.typeName as AstNode | undefined);
  // serial and identity columns fill existing rows from a sequence: nextval() per row.
  const numberedPerRow = SERIAL_TYPES.has(typeName) || constraints.some((c) => c.contype === 'CONSTR_IDENTITY');
  const column: Operation = {
    kind: 'add-column',
    table,
    column: String(def.colname),
    typeName,
    notNull: constraints.some((c) => c.contype === 'CONSTR_NOTNULL' || c.contype === 'CONSTR_PRIMARY'),
    default: numberedPerRow ? 'volatile' : defaultConstraint ? defaultKind(defaultConstraint.raw_expr as AstNode) : undefined,
    references: constraints.some((c) => c.contype === 'CONSTR_FOREIGN'),
    generatedStored: constraints.some((c) => c.contype === 'CONSTR_GENERATED'),
    ifNotExists,
    ...(type ? { type } : {}),
    ...(primaryKey ? { primaryKey: constraintSpan(primaryKey, constraints, reading) } : {}),
  };
  const inlineIndexes = constraints.filter((c) => c.contype === 'CONSTR_UNIQUE' || c.contype === 'CONSTR_PRIMARY');
  return [
    column,
    ...inlineIndexes.map((constraint): Operation => ({
      ...addConstraint(table, constraint, reading),
      column: String(def.colname),
      at: constraintSpan(constraint, constraints, reading),
    })),
  ];
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

function createTable(node: AstNode, reading: Reading): Operation {
  const relation = node.relation as AstNode | undefined;
  const columns = ((node.tableElts as AstNode[] | undefined) ?? []).flatMap((e) => (e.ColumnDef ? [e.ColumnDef as AstNode] : []));
  const nameStart = typeof relation?.location === 'number' ? reading.statement.locate(relation.location) : undefined;
  return {
    kind: 'create-table',
    table: relationName(relation),
    references: referencedTables(node),
    columns: columnsOf(node),
    ifNotExists: node.if_not_exists === true,
    temporary: relation?.relpersistence === 't',
    dropOnCommit: node.oncommit === 'ONCOMMIT_DROP',
    columnTypes: columns.flatMap((column) => columnType(column, reading) ?? []),
    ...(nameStart === undefined ? {} : { nameSpan: qualifiedNameSpan(nameStart, reading) }),
  };
}

/** CREATE TABLE ... AS (and CREATE MATERIALIZED VIEW): a new relation, filled by a query. */
function createTableAs(node: AstNode, reading: Reading): Operation {
  const relation = (node.into as AstNode | undefined)?.rel as AstNode | undefined;
  // A materialized view is no table for squawk's rules about how tables are named: it gets no name span.
  const table = node.objtype !== 'OBJECT_MATVIEW';
  const nameStart = table && typeof relation?.location === 'number' ? reading.statement.locate(relation.location) : undefined;
  return {
    kind: 'create-table',
    table: relationName(relation),
    asQuery: true,
    ifNotExists: node.if_not_exists === true,
    temporary: relation?.relpersistence === 't',
    ...(nameStart === undefined ? {} : { nameSpan: qualifiedNameSpan(nameStart, reading) }),
  };
}

/** Where a column's type is written: from its name to the first constraint, COLLATE, USING or the end of the column. */
function columnType(def: AstNode, reading: Reading): ColumnType | undefined {
  const typeName = def.typeName as AstNode | undefined;
  if (typeof typeName?.location !== 'number') return undefined;
  const { sql, statement } = reading;
  const start = statement.locate(typeName.location);
  const after = [
    ...((def.constraints as AstNode[] | undefined) ?? []).map((c) => (c.Constraint as AstNode).location),
    (def.collClause as AstNode | undefined)?.location,
    firstLocation(def.raw_default),
  ]
    .filter((location): location is number => typeof location === 'number')
    .map((location) => statement.locate(location))
    .filter((at) => at > start);
  const bound = Math.min(elementEnd(sql, start, reading.end), ...after);
  let end = trimEnd(sql, start, bound);
  const using = /\s+USING[\s(]*$/i.exec(sql.slice(start, end));
  if (using) end -= using[0].length;
  return end > start ? { written: sql.slice(start, end), start, end } : undefined;
}

/** The smallest `location` in a subtree: where an expression starts (a cast's own location is its `::`). */
function firstLocation(node: unknown): number | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  let first: number | undefined;
  for (const [key, value] of Object.entries(node)) {
    const found = key === 'location' && typeof value === 'number' && value >= 0 ? value : firstLocation(value);
    if (found !== undefined && (first === undefined || found < first)) first = found;
  }
  return first;
}

/** A constraint's span: from its own start (or CONSTRAINT name) to the next constraint or the end of its element. */
function constraintSpan(constraint: AstNode, all: readonly AstNode[], reading: Reading): Span {
  const start = reading.statement.locate(constraint.location as number);
  const next = all
    .map((c) => (typeof c.location === 'number' ? reading.statement.locate(c.location) : -1))
    .filter((at) => at > start)
    .sort((a, b) => a - b)[0];
  const bound = Math.min(elementEnd(reading.sql, start, reading.end), next ?? Infinity);
  return { start, end: trimEnd(reading.sql, start, bound) };
}

/** A possibly schema-qualified name written at `start`. */
function qualifiedNameSpan(start: number, { sql, end }: Reading): Span {
  const name = /^(?:"(?:[^"]|"")*"|[\p{L}_][\p{L}\p{N}_$]*)(?:\s*\.\s*(?:"(?:[^"]|"")*"|[\p{L}_][\p{L}\p{N}_$]*))*/u.exec(
    sql.slice(start, end),
  );
  return { start, end: start + (name?.[0].length ?? 0) };
}

/** Where the last match of `pattern` is in the statement (or action). */
function lastMatch(pattern: RegExp, { sql, statement, end }: Reading): Span | undefined {
  const text = sql.slice(statement.start, end);
  const matches = [...text.matchAll(pattern)];
  const last = matches[matches.length - 1];
  return last?.index === undefined
    ? undefined
    : { start: statement.start + last.index, end: statement.start + last.index + last[0].length };
}

function reindex(node: AstNode): Operation {
  const targets: Record<string, 'index' | 'table' | 'schema' | 'database' | 'system'> = {
    REINDEX_OBJECT_INDEX: 'index',
    REINDEX_OBJECT_TABLE: 'table',
    REINDEX_OBJECT_SCHEMA: 'schema',
    REINDEX_OBJECT_DATABASE: 'database',
    REINDEX_OBJECT_SYSTEM: 'system',
  };
  const params = ((node.params as AstNode[] | undefined) ?? []).map((p) => p.DefElem as AstNode);
  const concurrently = params.some((p) => p?.defname === 'concurrently' && !isFalse(p.arg as AstNode | undefined));
  return {
    kind: 'reindex',
    target: targets[String(node.kind)] ?? 'table',
    name: node.relation ? relationName(node.relation) : String(node.name ?? ''),
    concurrently,
  };
}

/** `(CONCURRENTLY false)`, `(CONCURRENTLY off)`, `(CONCURRENTLY 0)`: the option written, and turned off. */
function isFalse(arg: AstNode | undefined): boolean {
  const text = (arg?.String as AstNode | undefined)?.sval ?? (arg?.Integer ? String((arg.Integer as AstNode).ival ?? 0) : undefined);
  return typeof text === 'string' && /^(false|off|no|0)$/i.test(text);
}

function vacuumFull(node: AstNode): Operation[] {
  if (node.is_vacuumcmd !== true) return []; // ANALYZE
  const full = ((node.options as AstNode[] | undefined) ?? []).map((o) => o.DefElem as AstNode).find((o) => o?.defname === 'full');
  if (!full || isFalse(full.arg as AstNode | undefined)) return [];
  const tables = ((node.rels as AstNode[] | undefined) ?? []).map((r) => relationName((r.VacuumRelation as AstNode | undefined)?.relation));
  return [{ kind: 'rewrite-table', how: 'vacuum-full', tables }];
}

function createDomain(node: AstNode, reading: Reading): Operation {
  // A DEFAULT or NULL is written among the constraints but constrains nothing.
  const constraints = ((node.constraints as AstNode[] | undefined) ?? [])
    .map((c) => c.Constraint as AstNode)
    .filter((c) => c.contype === 'CONSTR_CHECK' || c.contype === 'CONSTR_NOTNULL');
  const starts = constraints.flatMap((c) => (typeof c.location === 'number' ? [reading.statement.locate(c.location)] : []));
  const name = nameOf(node.domainname);
  if (starts.length === 0) return { kind: 'create-domain', name };
  return {
    kind: 'create-domain',
    name,
    constraints: { start: Math.min(...starts), end: trimEnd(reading.sql, reading.statement.start, reading.end) },
  };
}

/** ALTER DOMAIN ... ADD [CONSTRAINT name] CHECK (...): from ADD to the end. */
function alterDomainConstraint(node: AstNode, reading: Reading): Span {
  const constraint = (node.def as AstNode | undefined)?.Constraint as AstNode | undefined;
  const end = trimEnd(reading.sql, reading.statement.start, reading.end);
  const at = typeof constraint?.location === 'number' ? reading.statement.locate(constraint.location) : reading.statement.start;
  const add = /\bADD\s*$/i.exec(reading.sql.slice(reading.statement.start, at));
  return { start: add ? reading.statement.start + add.index : at, end };
}

function nameOf(names: unknown): string {
  return qualifiedName({ List: { items: names } });
}

const CONSTRAINT_KINDS: Record<string, ConstraintKind> = {
  CONSTR_FOREIGN: 'foreign-key',
  CONSTR_CHECK: 'check',
  CONSTR_UNIQUE: 'unique',
  CONSTR_PRIMARY: 'primary-key',
  CONSTR_EXCLUSION: 'exclusion',
  CONSTR_NOTNULL: 'not-null',
};

function addConstraint(table: string, constraint: AstNode, reading: Reading): Extract<Operation, { kind: 'add-constraint' }> {
  const at = typeof constraint.location === 'number' ? reading.statement.locate(constraint.location) : undefined;
  return {
    kind: 'add-constraint',
    table,
    constraint: CONSTRAINT_KINDS[String(constraint.contype)] ?? 'check',
    notValid: constraint.skip_validation === true,
    usingIndex: typeof constraint.indexname === 'string',
    name: typeof constraint.conname === 'string' ? constraint.conname : undefined,
    ...(at === undefined ? {} : { at: { start: at, end: trimEnd(reading.sql, at, reading.end) } }),
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
    kind: 'lock-table',
    table: relationName(relation.RangeVar),
    lock,
  }));
}

// PostgreSQL's lock mode numbers (lockdefs.h), as the parse tree gives them.
const SHARE_MODE = 5;
const ACCESS_EXCLUSIVE_MODE = 8;

function drop(node: AstNode): Operation[] {
  const ifExists = node.missing_ok === true;
  if (node.removeType === 'OBJECT_TYPE') {
    const names = ((node.objects as AstNode[]) ?? []).map((o) => nameOf((o.TypeName as AstNode | undefined)?.names));
    return [{ kind: 'drop-type', names, ifExists }];
  }
  const names = ((node.objects as AstNode[]) ?? []).map(qualifiedName);
  if (node.removeType === 'OBJECT_TABLE') return names.map((table) => ({ kind: 'drop-table', table, ifExists }));
  if (node.removeType === 'OBJECT_INDEX') return [{ kind: 'drop-index', concurrently: node.concurrent === true, ifExists }];
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

/** Where the action of a single-action ALTER TABLE is written in `text` (the migration file), for findings about the action itself. */
export function alterTableActionStart(text: string, at: Located): number {
  const head = ALTER_TABLE_HEAD.exec(text.slice(at.start, at.end));
  return head && at.start + head[0].length < at.end ? at.start + head[0].length : at.start;
}

const TABLE_NAME_AFTER =
  /^(?:ALTER|DROP)\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?((?:"(?:[^"]|"")*"|[\p{L}_][\p{L}\p{N}_$]*)(?:\s*\.\s*(?:"(?:[^"]|"")*"|[\p{L}_][\p{L}\p{N}_$]*))*)/iu;

/** Where the first table name of an ALTER TABLE or DROP TABLE statement starting at `start` is written in `text`. */
export function statementTableSpan(text: string, start: number, end: number): { start: number; end: number } | undefined {
  const match = TABLE_NAME_AFTER.exec(text.slice(start, end));
  if (!match) return undefined;
  const at = start + match[0].length - match[1].length;
  return { start: at, end: at + match[1].length };
}
