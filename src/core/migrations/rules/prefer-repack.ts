import { eachOp, type MigrationRule } from '../rule';

/** The PostgreSQL version that has REPACK (CONCURRENTLY). */
const REPACK_SINCE = 19;

export const preferRepack: MigrationRule = {
  name: 'prefer-repack',
  severity: 'warning',
  description:
    'VACUUM FULL or CLUSTER locks the table against reads and writes while it is rewritten (PostgreSQL 19 has REPACK CONCURRENTLY).',
  why: 'VACUUM FULL and CLUSTER write a new copy of the table and its indexes while holding an ACCESS EXCLUSIVE lock: nothing reads or writes the table until the copy is done, which on a large table is minutes to hours. From PostgreSQL 19, REPACK (CONCURRENTLY) does the same rewrite while reads and writes go on. squawk reports this too (its default set), from PostgreSQL 19 only; Preflight reads the version from `postgres.version` in .preflight.yml.',
  help: {
    sql: 'REPACK (CONCURRENTLY) orders;  -- PostgreSQL 19+\nREPACK (CONCURRENTLY) orders USING INDEX orders_pkey;  -- instead of CLUSTER',
  },
  notReported: [
    'PostgreSQL before 19 (the default `postgres.version` is 15), which has no concurrent alternative built in.',
    'VACUUM without FULL.',
  ],
  check: (ops, context) =>
    context.postgresVersion < REPACK_SINCE
      ? []
      : eachOp(ops, 'rewrite-table', (at) => ({
          at,
          message: `${at.op.how === 'cluster' ? 'CLUSTER' : 'VACUUM FULL'} locks ${at.op.tables.length ? at.op.tables.map((t) => `'${t}'`).join(', ') : 'every table it rewrites'} against reads and writes until the rewrite is done; use REPACK (CONCURRENTLY).`,
        })),
};
