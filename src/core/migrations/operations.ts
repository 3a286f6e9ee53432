/**
 * What a migration does, independent of how it is written: each format's extractor (raw SQL,
 * Rails, ...) turns a file into these operations, and the rules judge operations. A rule
 * therefore works for every format at once, and a new format needs only an extractor.
 */
export type Operation =
  /** references: the existing tables its foreign keys point to, each locked (SHARE ROW EXCLUSIVE) while it is created. */
  | { kind: 'create-table'; table: string; references?: string[]; columns?: Array<{ name: string; type: string }> }
  /** columns: the indexed columns, when they are plain columns the extractor can name. */
  | { kind: 'create-index'; table: string; concurrently: boolean; unique: boolean; columns?: string[] }
  /** table: when the framework names it (SQL's DROP INDEX names only the index). */
  | { kind: 'drop-index'; concurrently: boolean; table?: string }
  | {
      kind: 'add-column';
      table: string;
      column: string;
      /** PostgreSQL's name of the type (int4, varchar, json), when the extractor knows it. */
      type?: string;
      notNull: boolean;
      default?: DefaultKind;
      references?: boolean;
      generatedStored?: boolean;
    }
  /** from/to: the column types when the extractor knows them (PostgreSQL names). */
  | { kind: 'alter-column-type'; table: string; column: string; from?: string; to?: string }
  /** provenNotNull: an earlier migration validated CHECK (column IS NOT NULL), so PostgreSQL 12+ need not scan. */
  | { kind: 'set-not-null'; table: string; column: string; provenNotNull?: boolean }
  | { kind: 'add-constraint'; table: string; constraint: ConstraintKind; notValid: boolean; usingIndex: boolean; name?: string }
  | { kind: 'validate-constraint'; table: string; name?: string }
  | { kind: 'rename-column'; table: string; from: string; to: string }
  | { kind: 'rename-table'; table: string; to: string }
  /** A view reads its tables under ACCESS SHARE only; one with a renamed table's old name keeps running code working. */
  | { kind: 'create-view'; view: string }
  | { kind: 'drop-column'; table: string; column: string }
  /** replacedByCreate: Rails' `create_table ..., force: true`, which drops the table it is about to create. */
  | { kind: 'drop-table'; table: string; replacedByCreate?: boolean }
  | { kind: 'truncate'; tables: string[]; cascade: boolean }
  /** table: the table written, when the code names one; wholeTable: a DELETE of every row. */
  | { kind: 'data-change'; verb: 'update' | 'delete' | 'insert' | 'code'; table?: string; wholeTable?: boolean }
  | { kind: 'set-timeout'; setting: 'lock_timeout' | 'statement_timeout' }
  | { kind: 'transaction'; action: 'begin' | 'commit' }
  /** lock: when known and not ALTER TABLE's usual ACCESS EXCLUSIVE (LOCK TABLE, REINDEX, ...). */
  | { kind: 'other-ddl'; table?: string; description: string; lock?: 'access-exclusive' | 'blocks-writes' }
  | { kind: 'rename-enum-value'; type: string; from: string; to: string }
  | { kind: 'rename-schema'; schema: string; to: string }
  /** A framework operation that cannot be rolled back because its reverse is missing (Django RunPython without reverse_code). */
  | { kind: 'no-reverse'; call: string };

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
}

/** Operations that change the schema (as opposed to data or session settings). */
export function isSchemaChange(op: Operation): boolean {
  return !['data-change', 'set-timeout', 'transaction', 'no-reverse'].includes(op.kind);
}

/** Operations that take a lock on a table that already exists and may be busy. */
export function locksExistingTable(op: Operation, createdHere: ReadonlySet<string>): boolean {
  // Renaming a type's value or a schema locks the catalog object, which queries on tables never wait for; a view reads under ACCESS SHARE.
  if (!isSchemaChange(op) || op.kind === 'create-view' || op.kind === 'rename-enum-value' || op.kind === 'rename-schema') return false;
  if (op.kind === 'create-table') return lockedTable(op, createdHere) !== undefined;
  if ((op.kind === 'create-index' || op.kind === 'drop-index') && op.concurrently) return false;
  if (op.kind === 'drop-index' || op.kind === 'truncate') return true;
  const table = 'table' in op ? op.table : undefined;
  return table === undefined || !createdHere.has(normalizeTable(table));
}

/** The existing table an operation locks, for messages: a new table locks the tables it references. */
export function lockedTable(op: Operation, createdHere: ReadonlySet<string>): string | undefined {
  if (op.kind === 'create-table') return op.references?.find((table) => !createdHere.has(normalizeTable(table)));
  return 'table' in op && op.table ? op.table : undefined;
}

/** Table names compare without schema-qualification quirks or case. */
export function normalizeTable(name: string): string {
  return name
    .replace(/"/g, '')
    .toLowerCase()
    .replace(/^public\./, '');
}

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
