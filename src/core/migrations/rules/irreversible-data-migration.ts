import type { Located, Operation } from '../operations';
import type { MigrationRule } from '../rule';

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
  // One finding per migration, at the first such call: one missing reverse already stops the rollback.
  check(ops) {
    const without = ops.filter((at): at is Located<Extract<Operation, { kind: 'no-reverse' }>> => at.op.kind === 'no-reverse');
    const [first, ...more] = without;
    if (!first) return [];
    const { call } = first.op;
    const others =
      more.length === 0
        ? ''
        : ` (nor ${more.length === 1 ? 'does 1 more operation' : `do ${more.length} more operations`} of this migration)`;
    return [
      {
        at: first,
        message: `This ${call} has no ${call === 'RunPython' ? 'reverse_code' : 'reverse_sql'}${others}, so Django cannot roll this migration back; pass migrations.${call}.noop if nothing needs undoing.`,
      },
    ];
  },
};
