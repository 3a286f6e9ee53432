import type { EveryRowWrite, Located } from '../operations';
import { hasNoRows, type MigrationContext, type MigrationRule, type RuleHit } from '../rule';
import { dataChangesUnderSchemaLock, isCatalog, isRunnerBookkeeping } from './backfill-with-schema-change';

export const backfillInOneTransaction: MigrationRule = {
  name: 'backfill-in-one-transaction',
  severity: 'warning',
  description: 'A migration that updates every row of an existing table in one transaction keeps every row locked until it commits.',
  why: "An UPDATE locks each row it changes until its transaction ends. One UPDATE of a whole table, or a loop that saves every row inside the migration's transaction (Django runs RunPython in it, Rails every migration without `disable_ddl_transaction!`), holds all of them at once: every write the application makes to that table waits, for as long as the backfill takes on production's data, and the dead row versions it leaves bloat the table. Backfill in batches, each committed on its own.",
  help: {
    sql: "-- outside a transaction, batch by batch:\nUPDATE orders SET status = 'new' WHERE id BETWEEN 1 AND 10000 AND status IS NULL;",
    rails: 'disable_ddl_transaction!\n\ndef up\n  Order.in_batches(of: 10_000) { |batch| batch.update_all(status: "new") }\nend',
    django:
      'def fill(apps, schema_editor):\n    Order = apps.get_model("shop", "Order")\n    last = Order.objects.aggregate(m=Max("id"))["m"] or 0\n    for start in range(0, last + 1, 10_000):  # each batch commits on its own\n        Order.objects.filter(id__gte=start, id__lt=start + 10_000).update(status="new")\n\nclass Migration(migrations.Migration):\n    atomic = False',
  },
  notReported: [
    'An UPDATE with a WHERE clause, or a filtered queryset (`filter`, `exclude`, a slice) or scope (`where`): it may be one batch of many.',
    'A loop outside a transaction (`atomic = False` and no `atomic=True` on RunPython, `disable_ddl_transaction!`): each save commits on its own.',
    'A table created in the same migration, or emptied earlier in the same transaction.',
    "A data change after a schema change of the same transaction: backfill-with-schema-change reports it, with the schema change's lock.",
    "Code a RunPython function calls in other modules: only what the migration file's own function does is read.",
  ],
  check(ops, context) {
    const underSchemaLock = new Set(dataChangesUnderSchemaLock(ops, context));
    const hits: RuleHit[] = [];
    ops.forEach((at, index) => {
      if (at.op.kind !== 'data-change' || underSchemaLock.has(index)) return;
      for (const write of at.op.everyRow ?? []) {
        if (reported(write, ops, index, context)) hits.push({ at: write.at ? { ...at, ...write.at } : at, message: message(write) });
      }
    });
    return hits;
  },
};

function reported(write: EveryRowWrite, ops: readonly Located[], index: number, context: MigrationContext): boolean {
  if (isCatalog(write.table) || isRunnerBookkeeping(write.table) || hasNoRows(write.table, context, ops, index)) return false;
  return write.oneStatement || (write.inTransaction ?? context.inTransaction(index));
}

function message(write: EveryRowWrite): string {
  const name = `'${write.model ?? write.table}'`;
  return write.oneStatement
    ? `This updates every row of ${name} in one statement: each row stays locked until it commits, so the application's writes to ${name} wait for the whole backfill. Update in batches.`
    : `This loop writes every row of ${name} inside the migration's transaction: each row stays locked until the migration commits, so the application's writes to ${name} wait for the whole backfill. Commit batch by batch, outside the migration's transaction.`;
}
