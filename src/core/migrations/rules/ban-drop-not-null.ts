import { eachOp, type MigrationRule } from '../rule';

export const banDropNotNull: MigrationRule = {
  name: 'ban-drop-not-null',
  severity: 'warning',
  description: 'Dropping NOT NULL lets NULLs into a column that running code assumes has none.',
  why: 'The running code (and other services, reports, exports) was written for a column that always has a value. Once NOT NULL is gone, the first NULL written by any of them reaches code that does not expect it. Putting NOT NULL back later needs a full scan of the table. squawk reports this too (its default set).',
  help: {
    sql: '-- deploy code that handles NULL in this column everywhere it is read first, then:\nALTER TABLE users ALTER COLUMN phone DROP NOT NULL;',
  },
  check: (ops) =>
    eachOp(ops, 'drop-not-null', (at) => ({
      at: at.op.at ? { ...at, ...at.op.at } : at,
      message: `Dropping NOT NULL on '${at.op.table}.${at.op.column}' lets NULLs reach code that assumes the column always has a value.`,
    })),
};
