import { isSchemaChange } from '../operations';
import type { MigrationRule, RuleHit } from '../rule';

export const backfillWithSchemaChange: MigrationRule = {
  name: 'backfill-with-schema-change',
  severity: 'warning',
  description: 'Updating data in the same migration as a schema change holds the schema lock for the whole backfill.',
  why: 'In one transaction, the locks taken by the DDL are held until the data update finishes, which on a large table takes minutes; and a failed backfill rolls back the schema change too. Backfill in a separate migration or job, in batches.',
  help: {
    sql: '-- migration 1: the schema change only\n-- migration 2 (or a job): UPDATE ... WHERE id BETWEEN $1 AND $2, batch by batch',
    rails: 'Move the update_all into its own migration (with disable_ddl_transaction!) or a job, and use in_batches.',
    django: 'Move the RunPython into its own migration, and iterate in batches.',
  },
  check(ops) {
    if (!ops.some((at) => isSchemaChange(at.op))) return [];
    return ops
      .filter((at) => at.op.kind === 'data-change')
      .map((at): RuleHit => ({
        at,
        message: 'This data change runs in the same migration as a schema change, so the schema locks are held for the whole backfill.',
      }));
  },
};
