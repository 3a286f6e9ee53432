import { normalizeTable, type Located } from '../operations';
import { eachOp, type MigrationRule } from '../rule';

/** A table created earlier in this migration; one dropped and then created again is an existing table dropped. */
function createdBefore(ops: readonly Located[], index: number, table: string): boolean {
  return ops.slice(0, index).some(({ op }) => op.kind === 'create-table' && normalizeTable(op.table) === normalizeTable(table));
}

export const banDropTable: MigrationRule = {
  name: 'ban-drop-table',
  severity: 'warning',
  description: 'Dropping a table breaks running code that still uses it, and loses its data for good.',
  why: 'Code deployed before the migration may still query the table, and the data cannot be brought back without a restore.',
  help: {
    sql: '-- deploy code that no longer uses the table first; consider renaming it aside and dropping it a release later',
    rails: 'Deploy code that no longer uses the model first, then drop_table in a later migration.',
  },
  notReported: [
    'A table created earlier in the same migration (one dropped and then created again is reported: its rows are gone).',
    'A Django proxy or unmanaged model, which has no table; a migration marked `Safe.after_deploy()`.',
  ],
  check: (ops, context) =>
    eachOp(ops, 'drop-table', (at, index) => {
      if (at.op.replacedByCreate)
        return { at, message: `'force:' drops any existing table '${at.op.table}', with its data, before creating it again.` };
      return createdBefore(ops, index, at.op.table) || context.runsAfterDeploy
        ? undefined
        : { at, message: `Dropping table '${at.op.table}' breaks code that still uses it and deletes its data.` };
    }),
};
