import type { Located } from '../operations';
import { eachOp, type MigrationRule, type RuleHit } from '../rule';

export const requireConcurrentReindex: MigrationRule = {
  name: 'require-concurrent-reindex',
  severity: 'warning',
  description: 'REINDEX without CONCURRENTLY blocks writes to the table (and reads that use the index) while it rebuilds.',
  why: 'REINDEX takes a SHARE lock on the table, which blocks every INSERT, UPDATE and DELETE, and an ACCESS EXCLUSIVE lock on each index, which blocks the queries that would use it, for as long as the rebuild takes. REINDEX CONCURRENTLY (PostgreSQL 12+) builds a new index beside the old one and swaps them, blocking neither. squawk reports this too (its default set).',
  help: { sql: 'REINDEX INDEX CONCURRENTLY orders_customer_id_idx;  -- outside a transaction' },
  notReported: [
    'REINDEX SYSTEM, which has no CONCURRENTLY form.',
    '`REINDEX (CONCURRENTLY false)` is reported: the option is written but off (squawk 2.66 takes it for concurrent).',
  ],
  check: (ops, context) =>
    eachOp(ops, 'reindex', (at) =>
      at.op.concurrently || at.op.target === 'system'
        ? undefined
        : {
            at,
            message:
              at.op.target === 'index' || at.op.target === 'table'
                ? `REINDEX ${at.op.target.toUpperCase()} without CONCURRENTLY blocks writes to the table while '${at.op.name}' is rebuilt.`
                : `REINDEX ${at.op.target.toUpperCase()} without CONCURRENTLY blocks writes to each table of '${at.op.name}' while its indexes are rebuilt.`,
            fix: concurrentlyFix(at, context.text),
          },
    ),
};

/** CONCURRENTLY goes after the target's keyword: REINDEX TABLE CONCURRENTLY orders. */
function concurrentlyFix(at: Located, text: string): RuleHit['fix'] {
  const keyword = /^REINDEX\s*(?:\([^)]*\)\s*)?(?:INDEX|TABLE|SCHEMA|DATABASE)\b/i.exec(text.slice(at.start, at.end));
  if (!keyword || /\(/.test(keyword[0])) return undefined;
  const where = at.start + keyword[0].length;
  return { description: 'Add CONCURRENTLY', edits: [{ start: where, end: where, newText: ' CONCURRENTLY' }] };
}
