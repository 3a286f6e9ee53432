import { eachOp, hasNoRows, NO_ROWS_NOT_REPORTED, type MigrationRule } from '../rule';

export const addingFieldWithDefault: MigrationRule = {
  name: 'adding-field-with-default',
  severity: 'warning',
  description:
    'A new column whose default must be computed per row (or any default before PostgreSQL 11, or a stored generated column) rewrites the table.',
  why: "Since PostgreSQL 11 a default that is not volatile is evaluated once, stored in the catalog, and ADD COLUMN is instant. A volatile default (random(), gen_random_uuid(), clock_timestamp(), nextval() of a serial or identity column, a function of your own, which CREATE FUNCTION makes VOLATILE unless told otherwise), a STORED generated column, or any default on PostgreSQL 10 and older makes PostgreSQL rewrite every row under an ACCESS EXCLUSIVE lock. Volatility is PostgreSQL's own: Preflight carries the provolatile of every built-in function (and pgcrypto's and uuid-ossp's) from PostgreSQL 15's pg_proc.",
  notReported: [
    "A default that calls only immutable or stable functions, on PostgreSQL 11 and later: `now()`, `CURRENT_TIMESTAMP`, `now() - interval '1 day'`, casts (`'{}'::jsonb`), `ARRAY[...]`, `2 + 2`, `lower('X')`. An integration test asks a real PostgreSQL, through `pg_relation_filenode`, which defaults rewrite the table.",
    NO_ROWS_NOT_REPORTED,
  ],
  help: {
    sql: 'ALTER TABLE orders ADD COLUMN token uuid;  -- no default\n-- backfill in batches in a separate data migration, then:\nALTER TABLE orders ALTER COLUMN token SET DEFAULT gen_random_uuid();',
    rails: 'add_column :orders, :token, :uuid  # no default; backfill in batches later, then change_column_default',
  },
  check: (ops, context) =>
    eachOp(ops, 'add-column', (at, index) => {
      const { op } = at;
      if (hasNoRows(op.table, context, ops, index)) return undefined;
      if (op.generatedStored)
        return {
          at,
          message: `Adding stored generated column '${op.column}' rewrites every row of '${op.table}' while blocking reads and writes.`,
        };
      if (op.default === 'volatile')
        return {
          at,
          message: `The default of '${op.column}' is computed per row, so adding it rewrites every row of '${op.table}' while blocking reads and writes.`,
        };
      if (op.default === 'constant' && context.postgresVersion < 11) {
        return {
          at,
          message: `On PostgreSQL ${context.postgresVersion}${context.postgresVersionSource ? ` (${context.postgresVersionSource})` : ''}, adding '${op.column}' with a default rewrites every row of '${op.table}' (PostgreSQL 11+ does not).`,
        };
      }
      return undefined;
    }),
};
