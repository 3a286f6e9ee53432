import { eachOp, type MigrationRule } from '../rule';

export const banDuplicateColumnAssignments: MigrationRule = {
  name: 'ban-duplicate-column-assignments',
  severity: 'warning',
  description: 'The same column assigned or defined twice in one statement.',
  why: 'PostgreSQL rejects `UPDATE t SET a = 1, a = 2`, an INSERT that lists a column twice, and a CREATE TABLE that defines one twice ("multiple assignments to same column", "column specified more than once"): the migration fails at deploy. It is usually a copy-paste slip where one of the two was meant to be another column. squawk reports this too (its default set).',
  help: { sql: "UPDATE accounts SET plan = 'pro', renewed_at = now() WHERE id = 1;" },
  notReported: ['Assignments to different parts of one column (`SET tags[1] = ..., tags[2] = ...`).'],
  check: (ops) =>
    eachOp(ops, 'duplicate-column', (at) => ({
      at,
      message:
        at.op.list === 'assignment'
          ? `Column '${at.op.column}' is assigned more than once in this statement; PostgreSQL rejects it.`
          : `Column '${at.op.column}' is defined more than once in this table; PostgreSQL rejects it.`,
    })),
};
