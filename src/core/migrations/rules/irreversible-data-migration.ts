import { eachOp, type MigrationRule } from '../rule';

export const irreversibleDataMigration: MigrationRule = {
  name: 'irreversible-data-migration',
  severity: 'info',
  description: 'A Django RunPython or RunSQL without a reverse makes the whole migration impossible to roll back.',
  why: "Django unapplies a migration by running each operation's reverse. RunPython without reverse_code, or RunSQL without reverse_sql, has none, so `migrate app <previous>` stops with IrreversibleError at that operation: when a deploy has to be rolled back, this migration (and every one before it) cannot be, and the schema changes next to it stay. Even a data migration that needs no undo should say so, with migrations.RunPython.noop or migrations.RunSQL.noop.",
  help: {
    sql: 'migrations.RunSQL("UPDATE ...", reverse_sql=migrations.RunSQL.noop)',
    django:
      'migrations.RunPython(forwards, reverse_code=migrations.RunPython.noop)\nmigrations.RunSQL("UPDATE ...", reverse_sql=migrations.RunSQL.noop)',
  },
  notReported: [
    'Frameworks that do not roll a migration back operation by operation, and Django operations that reverse themselves (AddField, CreateModel, ...).',
  ],
  check: (ops) =>
    eachOp(ops, 'no-reverse', (at) => ({
      at,
      message: `This ${at.op.call} has no ${at.op.call === 'RunPython' ? 'reverse_code' : 'reverse_sql'}, so Django cannot roll this migration back; pass migrations.${at.op.call}.noop if nothing needs undoing.`,
    })),
};
