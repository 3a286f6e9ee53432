import { normalizeTable, type Located } from '../operations';
import { eachOp, isNewTable, type MigrationRule } from '../rule';

export const banDropColumn: MigrationRule = {
  name: 'ban-drop-column',
  severity: 'warning',
  description: 'Dropping a column breaks running code that still reads it, and loses its data for good.',
  why: 'Code deployed before the migration may still select or write the column (ORMs often select every column), and the data cannot be brought back without a restore.',
  help: {
    sql: '-- first deploy code that no longer uses the column, then drop it in a later migration\nALTER TABLE orders DROP COLUMN legacy_status;',
    rails: 'self.ignored_columns += ["legacy_status"]  # deploy this first, then remove_column in a later migration',
  },
  notReported: [
    'Rollback code (`def down`, `downgrade()`, `-- +goose Down`...).',
    'A Django migration marked `safe = Safe.after_deploy()` or `Safe.always()` (django-safemigrate): no running code uses the column any more.',
    "A column inside strong_migrations' `safety_assured { }` or diesel-guard's `-- safety-assured:start` block, and a Django `ManyToManyField` (its join table is dropped instead, reported by ban-drop-table).",
    'A column added earlier in the same migration (a temporary column for copying data): no deployed code knows it.',
  ],
  check: (ops, context) =>
    eachOp(ops, 'drop-column', (at, index) =>
      isNewTable(at.op.table, context) || context.runsAfterDeploy || addedBefore(ops, index, at.op.table, at.op.column)
        ? undefined
        : { at, message: `Dropping '${at.op.table}.${at.op.column}' breaks code that still uses it and deletes its data.` },
    ),
};

function addedBefore(ops: readonly Located[], index: number, table: string, column: string): boolean {
  const key = normalizeTable(table);
  return ops.slice(0, index).some(({ op }) => op.kind === 'add-column' && op.column === column && normalizeTable(op.table) === key);
}
