import type { Located } from '../operations';
import { eachOp, hasNoRows, NO_ROWS_NOT_REPORTED, type MigrationRule } from '../rule';

/** A VALIDATE CONSTRAINT on the table earlier in the migration: the CHECK the recipe adds before SET NOT NULL. */
function validatedBefore(ops: readonly Located[], index: number, table: string): boolean {
  return ops.slice(0, index).some(({ op }) => op.kind === 'validate-constraint' && op.table === table);
}

export const addingNotNullableField: MigrationRule = {
  name: 'adding-not-nullable-field',
  severity: 'warning',
  description: 'SET NOT NULL on an existing column scans the whole table under an ACCESS EXCLUSIVE lock.',
  why: 'ALTER COLUMN ... SET NOT NULL checks every row while holding an ACCESS EXCLUSIVE lock. Since PostgreSQL 12 the scan is skipped when a valid CHECK (column IS NOT NULL) constraint exists, so add that constraint NOT VALID, validate it, then set NOT NULL.',
  help: {
    sql: 'ALTER TABLE orders ADD CONSTRAINT orders_status_not_null CHECK (status IS NOT NULL) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_status_not_null;\nALTER TABLE orders ALTER COLUMN status SET NOT NULL;\nALTER TABLE orders DROP CONSTRAINT orders_status_not_null;',
    rails:
      'add_check_constraint :orders, "status IS NOT NULL", name: "orders_status_not_null", validate: false\n# later: validate_check_constraint ...; change_column_null :orders, :status, false; remove_check_constraint ...',
  },
  // PostgreSQL 12+ skips the scan when a valid CHECK (col IS NOT NULL) proves it: the recipe's last step.
  notReported: [
    'SET NOT NULL after a `VALIDATE CONSTRAINT` on the same table earlier in the migration, on PostgreSQL 12 and later: the validated `CHECK (col IS NOT NULL)` lets PostgreSQL skip the scan (squawk does the same), or after one validated in an earlier migration (Rails: `add_check_constraint ... validate: false` then `validate_check_constraint`; Django: `AddConstraintNotValid` then `ValidateConstraint` with `Q(col__isnull=False)`).',
    NO_ROWS_NOT_REPORTED,
  ],
  check: (ops, context) =>
    eachOp(ops, 'set-not-null', (at, index) =>
      hasNoRows(at.op.table, context, ops, index) ||
      (context.postgresVersion >= 12 && (at.op.provenNotNull || validatedBefore(ops, index, at.op.table)))
        ? undefined
        : { at, message: `Setting '${at.op.table}.${at.op.column}' NOT NULL scans the whole table while blocking reads and writes.` },
    ),
};
