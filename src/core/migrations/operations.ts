/**
 * What a migration does, independent of how it is written: each format's extractor (raw SQL,
 * Rails, ...) turns a file into these operations, and the rules judge operations. A rule
 * therefore works for every format at once, and a new format needs only an extractor.
 */
export type Operation =
  /**
   * references: the existing tables its foreign keys point to, each locked (SHARE ROW EXCLUSIVE) while it is created.
   * columns: the columns it defines, with PostgreSQL's name of each type (int4, json), for rules about types.
   * The other fields are filled from SQL only: how the statement is written, for squawk's style rules.
   */
  | {
      kind: 'create-table';
      table: string;
      references?: string[];
      columns?: Array<{ name: string; type: string }>;
      ifNotExists?: boolean;
      temporary?: boolean;
      dropOnCommit?: boolean;
      columnTypes?: ColumnType[];
      /** CREATE TABLE ... AS / SELECT INTO. */
      asQuery?: boolean;
      nameSpan?: Span;
    }
  /** columns: the indexed columns, when they are plain columns the extractor can name. */
  | {
      kind: 'create-index';
      table: string;
      concurrently: boolean;
      unique: boolean;
      columns?: string[];
      ifNotExists?: boolean;
      named?: boolean;
    }
  /** table: when the framework names it (SQL's DROP INDEX names only the index). */
  | { kind: 'drop-index'; concurrently: boolean; table?: string; ifExists?: boolean }
  | {
      kind: 'add-column';
      table: string;
      column: string;
      /** PostgreSQL's name of the type (int4, varchar, json), when the extractor knows it. */
      typeName?: string;
      notNull: boolean;
      default?: DefaultKind;
      references?: boolean;
      generatedStored?: boolean;
      ifNotExists?: boolean;
      /** The type as written in SQL, and where. */
      type?: ColumnType;
      /** Where an inline PRIMARY KEY is written. */
      primaryKey?: Span;
    }
  /** from/to: the column types when the extractor knows them (PostgreSQL names); type: as written in SQL. */
  | { kind: 'alter-column-type'; table: string; column: string; from?: string; to?: string; type?: ColumnType }
  /** provenNotNull: an earlier migration validated CHECK (column IS NOT NULL), so PostgreSQL 12+ need not scan. */
  | { kind: 'set-not-null'; table: string; column: string; provenNotNull?: boolean }
  /** at: where DROP NOT NULL is written (SQL). */
  | { kind: 'drop-not-null'; table: string; column: string; at?: Span }
  | {
      kind: 'add-constraint';
      table: string;
      constraint: ConstraintKind;
      notValid: boolean;
      usingIndex: boolean;
      name?: string;
      /** Where the constraint itself is written (SQL): after ADD, or inline in ADD COLUMN. */
      at?: Span;
      /** The column it is written inline with (ADD COLUMN ... UNIQUE). */
      column?: string;
    }
  | { kind: 'validate-constraint'; table: string; name?: string }
  | { kind: 'drop-constraint'; table: string; name: string; ifExists: boolean }
  | { kind: 'rename-column'; table: string; from: string; to: string }
  | { kind: 'rename-table'; table: string; to: string }
  /** A view reads its tables under ACCESS SHARE only; one with a renamed table's old name keeps running code working. */
  | { kind: 'create-view'; view: string }
  | { kind: 'drop-column'; table: string; column: string; ifExists?: boolean }
  /** replacedByCreate: Rails' `create_table ..., force: true`, which drops the table it is about to create. */
  | { kind: 'drop-table'; table: string; replacedByCreate?: boolean; ifExists?: boolean; nameSpan?: Span }
  | { kind: 'truncate'; tables: string[]; cascade: boolean }
  /** table: the table written, when the code names one; wholeTable: a DELETE of every row; everyRow: the writes that update every row. */
  | { kind: 'data-change'; verb: 'update' | 'delete' | 'insert' | 'code'; table?: string; wholeTable?: boolean; everyRow?: EveryRowWrite[] }
  | { kind: 'set-timeout'; setting: 'lock_timeout' | 'statement_timeout' }
  | { kind: 'transaction'; action: 'begin' | 'commit' }
  | { kind: 'other-ddl'; table?: string; description: string }
  /** LOCK TABLE in a mode that blocks writes (SHARE and up) or, the default, reads too (ACCESS EXCLUSIVE); one per table. */
  | { kind: 'lock-table'; table: string; lock: 'access-exclusive' | 'blocks-writes' }
  /** ALTER TABLE ... DETACH PARTITION (FINALIZE counts as concurrent: it finishes a concurrent detach). */
  | { kind: 'detach-partition'; table: string; partition: string; concurrently: boolean }
  /**
   * REINDEX: without CONCURRENTLY it blocks writes to the table (SHARE) and every query that would use
   * the index being rebuilt (ACCESS EXCLUSIVE on the index).
   */
  | { kind: 'reindex'; target: 'index' | 'table' | 'schema' | 'database' | 'system'; name: string; concurrently: boolean }
  /** VACUUM FULL and CLUSTER rewrite the table under ACCESS EXCLUSIVE; tables: those named (none: every table). */
  | { kind: 'rewrite-table'; how: 'vacuum-full' | 'cluster'; tables: string[] }
  /** ALTER TYPE ... RENAME VALUE: locks the type, which queries on tables never wait for. */
  | { kind: 'rename-enum-value'; type: string; from: string; to: string }
  | { kind: 'rename-schema'; schema: string; to: string }
  /** A framework operation that cannot be rolled back because its reverse is missing (Django RunPython without reverse_code). */
  | { kind: 'no-reverse'; call: string }
  | StatementOnly;

/**
 * Statements that lock no existing table (or none a query waits for), and facts about how SQL is
 * written (identifiers, duplicate columns): squawk's rules judge them, from SQL only; the timeout
 * rules do not count them.
 */
type StatementOnly =
  | { kind: 'drop-database'; name: string }
  | { kind: 'drop-type'; names: string[]; ifExists: boolean }
  /** constraints: from the first constraint written to the end of the last (CHECK, NOT NULL, ...). */
  | { kind: 'create-domain'; name: string; constraints?: Span }
  | { kind: 'alter-domain-add-constraint'; name: string; at: Span }
  /** ALTER TYPE ... ADD VALUE: locks the type only. */
  | { kind: 'add-enum-value'; type: string; value: string; positioned: boolean }
  /** An identifier longer than PostgreSQL keeps (63 bytes): it is silently truncated. */
  | { kind: 'long-identifier'; name: string }
  /** One of two or more places that name the same column in one list (SET, INSERT's columns, CREATE TABLE). */
  | { kind: 'duplicate-column'; column: string; list: 'assignment' | 'definition' };

/** A column type as written in SQL ("VARCHAR(10)[]"), and where (offsets in the migration file). */
export interface ColumnType extends Span {
  written: string;
}

export interface Span {
  start: number;
  end: number;
}

/**
 * A write that reaches every row of a table: one UPDATE (`UPDATE t SET ...` with no WHERE,
 * `Model.objects.update(...)`, `Model.update_all(...)`) or a loop that saves each row.
 */
export interface EveryRowWrite {
  table: string;
  /** The model the code writes through (`Order`), for messages. */
  model?: string;
  oneStatement: boolean;
  /** Where, when it is not the whole operation (a loop inside a RunPython function). */
  at?: Span;
  /** Whether it runs in a transaction, when the operation's own transaction does not decide it (RunPython's `atomic=True`). */
  inTransaction?: boolean;
}

const STATEMENT_ONLY: ReadonlySet<string> = new Set<StatementOnly['kind']>([
  'drop-database',
  'drop-type',
  'create-domain',
  'alter-domain-add-constraint',
  'add-enum-value',
  'long-identifier',
  'duplicate-column',
]);

export type OperationKind = Operation['kind'];
export type DefaultKind = 'constant' | 'volatile';
export type ConstraintKind = 'foreign-key' | 'check' | 'unique' | 'primary-key' | 'exclusion' | 'not-null';

/** Where an operation is written, as character offsets into the migration file. */
export interface Located<T extends Operation = Operation> {
  op: T;
  start: number;
  end: number;
  /** For an action of a multi-action ALTER TABLE: where its statement starts (a SET goes before it, not inside). */
  statementStart?: number;
  /** For framework calls (add_index ...): where another keyword argument can be appended. */
  argumentsEnd?: number;
  /** The team marked it safe in the migration itself (strong_migrations' `safety_assured { }`): no rule reports it. */
  assured?: boolean;
  /** Read from SQL (a .sql file, or SQL a framework migration runs): rules about how SQL is written apply. */
  fromSql?: boolean;
}

/** Operations that change the schema (as opposed to data or session settings). */
export function isSchemaChange(op: Operation): boolean {
  return !['data-change', 'set-timeout', 'transaction', 'no-reverse'].includes(op.kind) && !STATEMENT_ONLY.has(op.kind);
}

/** Operations that take a lock on a table that already exists and may be busy. */
export function locksExistingTable(op: Operation, createdHere: ReadonlySet<string>): boolean {
  // Renaming a type's value or a schema locks the catalog object, which queries on tables never wait for; a view reads under ACCESS SHARE.
  if (!isSchemaChange(op) || op.kind === 'create-view' || op.kind === 'rename-enum-value' || op.kind === 'rename-schema') return false;
  if (op.kind === 'create-table') return lockedTable(op, createdHere) !== undefined;
  if ((op.kind === 'create-index' || op.kind === 'drop-index') && op.concurrently) return false;
  if (op.kind === 'drop-index' || op.kind === 'truncate') return true;
  // DETACH PARTITION ... CONCURRENTLY (and FINALIZE) takes SHARE UPDATE EXCLUSIVE: reads and writes go on.
  if (op.kind === 'detach-partition' && op.concurrently) return false;
  // VALIDATE CONSTRAINT takes SHARE UPDATE EXCLUSIVE (and ROW SHARE on a referenced table): while it waits or scans, reads and writes go on.
  if (op.kind === 'validate-constraint') return false;
  if (op.kind === 'reindex') {
    // REINDEX SCHEMA, DATABASE and SYSTEM run outside a transaction, one table at a time, and name no table.
    if (op.concurrently || (op.target !== 'index' && op.target !== 'table')) return false;
    return op.target === 'index' || !createdHere.has(normalizeTable(op.name));
  }
  if (op.kind === 'rewrite-table') {
    // VACUUM FULL with no table rewrites every table; CLUSTER with none only those clustered before, if any.
    if (op.tables.length === 0) return op.how === 'vacuum-full';
    return op.tables.some((table) => !createdHere.has(normalizeTable(table)));
  }
  const table = 'table' in op ? op.table : undefined;
  return table === undefined || !createdHere.has(normalizeTable(table));
}

/** The existing table an operation locks, for messages: a new table locks the tables it references. */
export function lockedTable(op: Operation, createdHere: ReadonlySet<string>): string | undefined {
  if (op.kind === 'create-table') return op.references?.find((table) => !createdHere.has(normalizeTable(table)));
  if (op.kind === 'reindex') return op.target === 'table' ? op.name : undefined;
  if (op.kind === 'rewrite-table') return op.tables.find((table) => !createdHere.has(normalizeTable(table)));
  return 'table' in op && op.table ? op.table : undefined;
}

/** Table names compare without schema-qualification quirks or case. */
export function normalizeTable(name: string): string {
  let normalized = normalizedTables.get(name);
  if (normalized === undefined) {
    normalized = name
      .replace(/"/g, '')
      .toLowerCase()
      .replace(/^public\./, '');
    if (normalizedTables.size >= NORMALIZED_TABLES_KEPT) normalizedTables.clear();
    normalizedTables.set(name, normalized);
  }
  return normalized;
}

/** The rules ask for the same few table names again and again (3 MB of garbage in the 800-file scan); a big scan names thousands. */
const normalizedTables = new Map<string, string>();
const NORMALIZED_TABLES_KEPT = 4096;

/** Whether two operations run in one transaction: both inside one, with no BEGIN/COMMIT between them. */
export function sameTransaction(
  ops: readonly Located[],
  first: number,
  second: number,
  inTransaction: (index: number) => boolean,
): boolean {
  if (!inTransaction(first) || !inTransaction(second)) return false;
  return !ops.slice(first + 1, second).some((at) => at.op.kind === 'transaction');
}
