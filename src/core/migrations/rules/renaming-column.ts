import { eachOp, isNewTable, type MigrationRule } from '../rule';

export const renamingColumn: MigrationRule = {
  name: 'renaming-column',
  severity: 'warning',
  description: 'Renaming a column breaks the application code that is still running during the deploy.',
  why: 'The rename is instant, but until every server runs the new code, the old code queries a column that no longer exists and fails.',
  help: {
    sql: '-- add the new column, write to both, backfill, switch reads, deploy, then drop the old one\nALTER TABLE orders ADD COLUMN placed_at timestamptz;',
    rails: 'Add the new column and keep both in sync (or use a view), and set self.ignored_columns before the final drop.',
  },
  notReported: ['A Django migration marked `safe = Safe.after_deploy()` or `Safe.always()`: the deployed code already uses the new name.'],
  check: (ops, context) =>
    eachOp(ops, 'rename-column', (at) =>
      isNewTable(at.op.table, context) || context.runsAfterDeploy
        ? undefined
        : { at, message: `Renaming '${at.op.table}.${at.op.from}' to '${at.op.to}' breaks the running code that still uses the old name.` },
    ),
};
