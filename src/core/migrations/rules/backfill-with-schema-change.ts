import { locksExistingTable, type Located } from '../operations';

/** `UPDATE pg_index SET indisready = ...` edits PostgreSQL's catalog, not the application's rows. */
export function isCatalog(table: string | undefined): boolean {
  return table !== undefined && /^(pg_catalog\.)?pg_\w+$/.test(table);
}

/** The tables where migration runners record what ran: a row or two of bookkeeping, never a backfill. */
const RUNNER_TABLES = new Set([
  'django_migrations',
  'schema_migrations',
  'ar_internal_metadata',
  'alembic_version',
  'knex_migrations',
  'knex_migrations_lock',
  'flyway_schema_history',
  'goose_db_version',
  'sequelizemeta',
  '__diesel_schema_migrations',
]);

/** `DELETE FROM django_migrations WHERE app = 'old_app'`: a runner's record of its migrations. */
export function isRunnerBookkeeping(table: string | undefined): boolean {
  return table !== undefined && RUNNER_TABLES.has(table.replace(/^.*\./, '').replace(/"/g, '').toLowerCase());
}

const MESSAGE =
  'This data change runs in the same transaction as a schema change before it, so the schema locks are held for the whole backfill.';
import type { MigrationContext, MigrationRule } from '../rule';

export const backfillWithSchemaChange: MigrationRule = {
  name: 'backfill-with-schema-change',
  severity: 'warning',
  description: 'Updating data after a schema change in the same transaction holds the schema lock for the whole backfill.',
  why: 'In one transaction, the locks taken by the DDL are held until the data update finishes, which on a large table takes minutes; and a failed backfill rolls back the schema change too. Backfill in a separate migration or job, in batches.',
  help: {
    sql: '-- migration 1: the schema change only\n-- migration 2 (or a job): UPDATE ... WHERE id BETWEEN $1 AND $2, batch by batch',
    rails: 'Move the update_all into its own migration (with disable_ddl_transaction!) or a job, and use in_batches.',
    django: 'Move the RunPython into its own migration, and iterate in batches.',
  },
  /**
   * Only a data change that runs while a lock is held: after a schema change of an existing table,
   * in the same transaction. One that runs first, or outside a transaction (atomic = False,
   * disable_ddl_transaction!), holds no schema lock.
   */
  notReported: [
    'A data change before the first schema change of the transaction: no schema lock is held yet.',
    'A data change outside a transaction (`atomic = False`, `disable_ddl_transaction!`, a Sequelize migration not wrapped in `queryInterface.sequelize.transaction`, a Diesel `metadata.toml` with `run_in_transaction = false`).',
    'A data change after changes to tables created in the same migration only.',
    "A change to PostgreSQL's catalog or to a migration runner's own table (`DELETE FROM django_migrations ...`, `schema_migrations`, `alembic_version`, `flyway_schema_history`...): bookkeeping, not a backfill.",
  ],
  check: (ops, context) => dataChangesUnderSchemaLock(ops, context).map((index) => ({ at: ops[index], message: MESSAGE })),
};

/** The data changes (by index) that run while an earlier schema change of the same transaction holds its lock. */
export function dataChangesUnderSchemaLock(ops: readonly Located[], context: MigrationContext): number[] {
  const found: number[] = [];
  let lockHeld = false;
  ops.forEach((at, index) => {
    const inTransaction = context.inTransaction(index);
    if (!inTransaction) lockHeld = false;
    else if (locksExistingTable(at.op, context.createdTables)) lockHeld = true;
    else if (at.op.kind === 'data-change' && lockHeld && !isCatalog(at.op.table) && !isRunnerBookkeeping(at.op.table)) found.push(index);
    if (at.op.kind === 'transaction' && at.op.action === 'commit') lockHeld = false;
  });
  return found;
}
