import { eachOp, isNewTable, type MigrationRule } from '../rule';

export const banDropTable: MigrationRule = {
  name: 'ban-drop-table',
  severity: 'warning',
  description: 'Dropping a table breaks running code that still uses it, and loses its data for good.',
  why: 'Code deployed before the migration may still query the table, and the data cannot be brought back without a restore.',
  help: {
    sql: '-- deploy code that no longer uses the table first; consider renaming it aside and dropping it a release later',
    rails: 'Deploy code that no longer uses the model first, then drop_table in a later migration.',
  },
  check: (ops, context) =>
    eachOp(ops, 'drop-table', (at) => {
      if (at.op.replacedByCreate)
        return { at, message: `'force:' drops any existing table '${at.op.table}', with its data, before creating it again.` };
      return isNewTable(at.op.table, context) || context.runsAfterDeploy
        ? undefined
        : { at, message: `Dropping table '${at.op.table}' breaks code that still uses it and deletes its data.` };
    }),
};
