import type { MigrationFormat } from '../config/types';
import type { Hit, RuleMeta } from '../rules/rule';
import type { RunnerTimeouts } from './project/runner-settings';
import { normalizeTable, type Located, type Operation } from './operations';

/** How a migration is written and run, as far as the rules care. */
export interface MigrationContext {
  /** 'sql' for every raw-SQL flavour (Flyway, golang-migrate, goose, Prisma, plain). */
  format: MigrationFormat;
  /** The runner's name, for messages: "Flyway", "goose", "Rails", ... */
  runner: string;
  /** Whether the operation at this index runs inside a transaction. */
  inTransaction(index: number): boolean;
  /** The runner itself wraps the migration in a transaction (known for SQL runners; undefined for frameworks). */
  runnerWraps?: boolean;
  /** How this format turns the transaction off, for help texts. */
  transactionOptOut: string;
  /** Tables created in this same migration: changing them locks nobody. */
  createdTables: ReadonlySet<string>;
  postgresVersion: number;
  /** Where the version comes from when not .preflight.yml or the default (pg_version in .squawk.toml), for messages. */
  postgresVersionSource?: string;
  /** The timeouts the runner already sets, with where the project says so. */
  runnerTimeouts: RunnerTimeouts;
  text: string;
  /**
   * The migration is marked to run only once the new code is deployed (django-safemigrate's
   * `Safe.after_deploy()`/`Safe.always()`): no running code still uses what it drops. The text says where.
   */
  runsAfterDeploy?: string;
  /** Where and what to insert to run this migration outside a transaction, when the format has a line for it. */
  transactionOptOutEdit?: { at: number; text: string };
}

/** What a migration rule reports: a hit at an operation. */
export interface RuleHit extends Hit {
  at: Located;
}

/** The safe way, per format ('sql' is the fallback). */
export type MigrationHelp = Partial<Record<MigrationFormat, string>> & { sql: string };

/** A migration rule: its docs page's body says which lock, for how long, and what goes wrong. */
export interface MigrationRule extends RuleMeta<MigrationHelp> {
  check(ops: readonly Located[], context: MigrationContext): RuleHit[];
}

/** Runs `visit` on every operation of one kind, with its index (for transaction state). */
export function eachOp<K extends Operation['kind']>(
  ops: readonly Located[],
  kind: K,
  visit: (at: Located<Extract<Operation, { kind: K }>>, index: number) => RuleHit | undefined,
): RuleHit[] {
  const hits: RuleHit[] = [];
  ops.forEach((at, index) => {
    if (at.op.kind !== kind) return;
    const hit = visit(at as Located<Extract<Operation, { kind: K }>>, index);
    if (hit) hits.push(hit);
  });
  return hits;
}

export function isNewTable(table: string, context: MigrationContext): boolean {
  return context.createdTables.has(normalizeTable(table));
}

/** The `notReported` line of every rule that `hasNoRows` silences. */
export const NO_ROWS_NOT_REPORTED =
  'A table created in the same migration, or emptied earlier in the same transaction (`DELETE FROM t` without `WHERE`, `TRUNCATE t`, `bulkDelete(t, {})`, `knex(t).del()`) with nothing written to it since: there are no rows to scan or fail on, and the lock is short.';

/**
 * No rows to scan, rewrite or fail on: the table is created in this migration, or every row was
 * deleted earlier in the same transaction (`DELETE FROM t`, `TRUNCATE t`, `bulkDelete('t', {})`)
 * and nothing wrote to it since.
 */
export function hasNoRows(table: string, context: MigrationContext, ops: readonly Located[], index: number): boolean {
  if (isNewTable(table, context)) return true;
  return context.inTransaction(index) && emptiedTables(ops, context)[index].has(normalizeTable(table));
}

const emptiedByMigration = new WeakMap<readonly Located[], Array<ReadonlySet<string>>>();

/**
 * Per operation, the tables emptied before it in its transaction and not written since, worked
 * out in one pass per migration (nine rules ask, for every operation: on a long migration a walk
 * back from each one would be quadratic, on every keystroke).
 */
function emptiedTables(ops: readonly Located[], context: MigrationContext): Array<ReadonlySet<string>> {
  let emptied = emptiedByMigration.get(ops);
  if (emptied) return emptied;
  emptied = [];
  let current: Set<string> = new Set();
  const change = (edit: (tables: Set<string>) => void) => {
    current = new Set(current); // the sets already handed out stay as they were
    edit(current);
  };
  ops.forEach(({ op }, index) => {
    emptied!.push(current);
    if (!context.inTransaction(index) || op.kind === 'transaction') current = new Set();
    else if (op.kind === 'truncate') change((tables) => op.tables.forEach((t) => tables.add(normalizeTable(t))));
    else if (op.kind === 'data-change' && op.table === undefined) current = new Set();
    else if (op.kind === 'data-change' && op.table !== undefined) {
      const key = normalizeTable(op.table);
      change((tables) => (op.verb === 'delete' && op.wholeTable === true ? tables.add(key) : tables.delete(key)));
    }
  });
  emptiedByMigration.set(ops, emptied);
  return emptied;
}
