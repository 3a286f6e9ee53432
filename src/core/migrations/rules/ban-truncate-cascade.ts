import { eachOp, type MigrationRule } from '../rule';

export const banTruncateCascade: MigrationRule = {
  name: 'ban-truncate-cascade',
  severity: 'error',
  description: 'TRUNCATE ... CASCADE also empties every table that references this one, recursively.',
  why: 'CASCADE truncates all tables with foreign keys to the named tables, and the tables referencing those, under ACCESS EXCLUSIVE locks. It is easy to wipe far more data than intended.',
  help: { sql: 'TRUNCATE orders;  -- name every table explicitly, without CASCADE' },
  check: (ops) =>
    eachOp(ops, 'truncate', (at) =>
      at.op.cascade
        ? { at, message: `TRUNCATE ${at.op.tables.join(', ')} CASCADE also empties every table that references them.` }
        : undefined,
    ),
};
