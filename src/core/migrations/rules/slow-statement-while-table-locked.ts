import { accessExclusiveTable, slowWork } from '../locks';
import { normalizeTable, sameTransaction, type Located } from '../operations';
import type { MigrationContext, MigrationRule, RuleHit } from '../rule';
import { hasNoRows, isNewTable } from '../rule';

export const slowStatementWhileTableLocked: MigrationRule = {
  name: 'slow-statement-while-table-locked',
  severity: 'warning',
  description:
    'A slow statement (an index build, a scan, a rewrite) runs in a transaction that already holds an ACCESS EXCLUSIVE lock on a table, so that table cannot even be read until it finishes.',
  why: "PostgreSQL keeps every lock until the transaction ends. Once a statement has taken ACCESS EXCLUSIVE on a table (ADD COLUMN, DROP COLUMN, SET NOT NULL, ADD CONSTRAINT, RENAME, LOCK TABLE...), every later statement of the same transaction runs while no query can read or write that table. A quick ALTER followed by CREATE INDEX, VALIDATE CONSTRAINT or a table rewrite turns a lock of milliseconds into one that lasts as long as the slow statement: the index build alone would only have blocked writes, now reads wait too. Django's AddField(db_index=True) is this case: ADD COLUMN, then CREATE INDEX, in one atomic migration.",
  help: {
    sql: '-- migration 1\nALTER TABLE orders ADD COLUMN customer_id bigint;\n-- migration 2, outside a transaction\nCREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);',
    rails:
      '# migration 1: add_column :orders, :customer_id, :bigint\n# migration 2:\ndisable_ddl_transaction!\ndef change\n  add_index :orders, :customer_id, algorithm: :concurrently\nend',
    django:
      '# migration 1: AddField without db_index\n# migration 2 (atomic = False): AddIndexConcurrently("order", models.Index(fields=["customer"], name="order_customer_idx"))',
  },
  notReported: [
    'A slow statement on the locked table that takes ACCESS EXCLUSIVE itself (a SET NOT NULL after an ADD COLUMN of the same table): it blocks reads on its own, and its own rule says so.',
    'A data change after the lock: backfill-with-schema-change reports it.',
    'Statements after a COMMIT, or outside a transaction (`disable_ddl_transaction!`, `atomic = False`, `-- +goose NO TRANSACTION`).',
    'Locks on tables created in the same migration: nobody reads them yet.',
  ],
  check(ops, context) {
    // One finding per lock, at the first slow statement under it: a long migration may run dozens.
    const byHolder = new Map<number, { hit: RuleHit; works: string[]; more: number }>();
    ops.forEach((at, index) => {
      const work = slowWork(at.op, context.createdTables, context.postgresVersion);
      const table = 'table' in at.op ? at.op.table : undefined;
      // A table emptied earlier in the transaction has nothing to scan or index: the statement is quick.
      if (!work || (table !== undefined && hasNoRows(table, context, ops, index))) return;
      const holder = lockHolder(ops, index, context);
      if (holder < 0) return;
      const found = byHolder.get(holder);
      if (found && found.hit.at.start === at.start) {
        // One framework call can do several slow things (add_reference: an index and a foreign key).
        if (!found.works.includes(work)) found.works.push(work);
      } else if (found) found.more++;
      else byHolder.set(holder, { hit: { at, message: '' }, works: [work], more: 0 });
    });
    const what = context.format === 'sql' ? 'statement' : 'operation';
    return [...byHolder.entries()].map(([holder, { hit, works, more }]) => {
      const locked = accessExclusiveTable(ops[holder].op)!;
      const line = context.text.slice(0, ops[holder].start).split('\n').length;
      // Django's AddField(db_index=True) is one call that adds the column, then builds the index.
      const takenBy = ops[holder].start === hit.at.start ? 'by its own first step' : `by line ${line}`;
      const others = more === 0 ? '' : ` (and ${more} more slow ${what}${more === 1 ? '' : 's'} after it)`;
      hit.message = `This ${what} ${works.join(' and ')}${others} while '${locked}' is still locked ACCESS EXCLUSIVE ${takenBy} in the same transaction: no query can read or write '${locked}' until it finishes and the transaction commits.`;
      return hit;
    });
  },
};

/**
 * The earliest operation before `index`, in the same transaction, that holds ACCESS EXCLUSIVE on an
 * existing table the slow operation does not lock that way itself; -1 when there is none.
 */
function lockHolder(ops: readonly Located[], index: number, context: MigrationContext): number {
  const slow = ops[index].op;
  const ownLock = accessExclusiveTable(slow);
  return ops.findIndex((earlier, e) => {
    if (e >= index) return false;
    const locked = accessExclusiveTable(earlier.op);
    if (locked === undefined || isNewTable(locked, context)) return false;
    if (ownLock !== undefined && normalizeTable(ownLock) === normalizeTable(locked)) return false;
    // ADD CONSTRAINT ... NOT VALID then VALIDATE in one transaction is constraint-missing-not-valid's finding.
    if (slow.kind === 'validate-constraint' && earlier.op.kind === 'add-constraint' && earlier.op.notValid) return false;
    return sameTransaction(ops, e, index, context.inTransaction);
  });
}
