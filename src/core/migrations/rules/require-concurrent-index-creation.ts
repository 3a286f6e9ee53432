import type { Located } from '../operations';
import { eachOp, hasNoRows, NO_ROWS_NOT_REPORTED, type MigrationContext, type MigrationRule, type RuleHit } from '../rule';

export const requireConcurrentIndexCreation: MigrationRule = {
  name: 'require-concurrent-index-creation',
  severity: 'error',
  description: 'CREATE INDEX without CONCURRENTLY on an existing table blocks writes while the index is built.',
  why: 'A plain CREATE INDEX takes a SHARE lock on the table: every INSERT, UPDATE and DELETE waits until the whole index is built, which on a large table takes minutes. CREATE INDEX CONCURRENTLY builds it without blocking writes (it takes longer and cannot run inside a transaction).',
  help: {
    sql: 'CREATE INDEX CONCURRENTLY index_orders_on_customer_id ON orders (customer_id);  -- outside a transaction',
    rails: 'disable_ddl_transaction!\n\ndef change\n  add_index :orders, :customer_id, algorithm: :concurrently\nend',
    django:
      'from django.contrib.postgres.operations import AddIndexConcurrently\n\nclass Migration(migrations.Migration):\n    atomic = False\n    operations = [AddIndexConcurrently("order", models.Index(fields=["customer"], name="order_customer_idx"))]',
    alembic:
      'with op.get_context().autocommit_block():\n    op.create_index("ix_orders_customer_id", "orders", ["customer_id"], postgresql_concurrently=True)',
  },
  notReported: [NO_ROWS_NOT_REPORTED],
  check: (ops, context) =>
    eachOp(ops, 'create-index', (at, index) => {
      if (at.op.concurrently || hasNoRows(at.op.table, context, ops, index)) return undefined;
      return {
        at,
        message: `Building an index on '${at.op.table}' without CONCURRENTLY blocks writes to it until the index is built.`,
        fix: context.format === 'sql' ? sqlFix(at, context) : frameworkFix(at, index, context),
      };
    }),
};

function sqlFix(at: Located, context: MigrationContext): RuleHit['fix'] {
  const keyword = /\bINDEX\b/i.exec(context.text.slice(at.start, at.end));
  if (!keyword) return undefined;
  const after = at.start + keyword.index + keyword[0].length;
  return { description: 'Add CONCURRENTLY', edits: [{ start: after, end: after, newText: ' CONCURRENTLY' }] };
}

/** Rails: `algorithm: :concurrently`, plus `disable_ddl_transaction!` when the migration runs in a transaction. */
function frameworkFix(at: Located, index: number, context: MigrationContext): RuleHit['fix'] {
  if (at.argumentsEnd === undefined || context.format !== 'rails') return undefined;
  const edits = [{ start: at.argumentsEnd, end: at.argumentsEnd, newText: ', algorithm: :concurrently' }];
  const optOut = context.transactionOptOutEdit;
  if (context.inTransaction(index) && optOut) edits.unshift({ start: optOut.at, end: optOut.at, newText: optOut.text });
  return { description: 'Build the index concurrently (algorithm: :concurrently, outside a transaction)', edits };
}
