import { normalizeTable, type Located } from '../operations';
import { eachOp, hasNoRows, NO_ROWS_NOT_REPORTED, type MigrationRule } from '../rule';

export const requireConcurrentIndexDeletion: MigrationRule = {
  name: 'require-concurrent-index-deletion',
  severity: 'warning',
  description: 'DROP INDEX without CONCURRENTLY blocks reads and writes on the table.',
  why: "A plain DROP INDEX takes an ACCESS EXCLUSIVE lock on the index's table: every query on it waits, and if the lock itself has to wait behind a long query, everything queues behind it.",
  help: {
    sql: 'DROP INDEX CONCURRENTLY IF EXISTS index_orders_on_status;  -- outside a transaction',
    rails: 'disable_ddl_transaction!\n\nremove_index :orders, :status, algorithm: :concurrently',
  },
  notReported: [
    NO_ROWS_NOT_REPORTED,
    'An index of a table the same migration drops afterwards: DROP TABLE locks it anyway, and CONCURRENTLY would buy nothing (ban-drop-table reports the drop).',
  ],
  check: (ops, context) =>
    eachOp(ops, 'drop-index', (at, index) =>
      at.op.concurrently ||
      (at.op.table !== undefined && (hasNoRows(at.op.table, context, ops, index) || droppedAfter(ops, index, at.op.table)))
        ? undefined
        : { at, message: 'Dropping an index without CONCURRENTLY locks its table against reads and writes.' },
    ),
};

function droppedAfter(ops: readonly Located[], index: number, table: string): boolean {
  const key = normalizeTable(table);
  return ops.slice(index + 1).some(({ op }) => op.kind === 'drop-table' && normalizeTable(op.table) === key);
}
