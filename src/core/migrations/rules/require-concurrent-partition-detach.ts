import { eachOp, type MigrationRule } from '../rule';

export const requireConcurrentPartitionDetach: MigrationRule = {
  name: 'require-concurrent-partition-detach',
  severity: 'warning',
  description: 'DETACH PARTITION without CONCURRENTLY locks the partitioned table against reads and writes.',
  why: 'ALTER TABLE ... DETACH PARTITION takes an ACCESS EXCLUSIVE lock on the parent table: every query on any partition waits, and so does every query queued behind the detach. DETACH PARTITION ... CONCURRENTLY (PostgreSQL 14+) takes only SHARE UPDATE EXCLUSIVE and waits for running queries instead; it cannot run in a transaction. squawk reports this too (its default set).',
  help: { sql: 'ALTER TABLE measurements DETACH PARTITION measurements_2023 CONCURRENTLY;  -- outside a transaction' },
  notReported: ['DETACH PARTITION ... FINALIZE, which completes a concurrent detach.'],
  check: (ops) =>
    eachOp(ops, 'detach-partition', (at) =>
      at.op.concurrently
        ? undefined
        : {
            at,
            message: `Detaching '${at.op.partition}' without CONCURRENTLY locks '${at.op.table}' and all its partitions against reads and writes.`,
          },
    ),
};
