import { eachOp, hasNoRows, NO_ROWS_NOT_REPORTED, type MigrationRule } from '../rule';

export const disallowedUniqueConstraint: MigrationRule = {
  name: 'disallowed-unique-constraint',
  severity: 'error',
  description: 'A UNIQUE or PRIMARY KEY constraint added without USING INDEX builds its index under an ACCESS EXCLUSIVE lock.',
  why: 'ADD CONSTRAINT ... UNIQUE (or PRIMARY KEY) builds a new index while holding an ACCESS EXCLUSIVE lock: no reads, no writes until it is done. Build the index CONCURRENTLY first, then attach it with USING INDEX, which is instant. A UNIQUE or PRIMARY KEY written inline in ADD COLUMN builds its index the same way (squawk reports an inline PRIMARY KEY only under adding-serial-primary-key-field).',
  help: {
    sql: 'CREATE UNIQUE INDEX CONCURRENTLY orders_number_key ON orders (number);\nALTER TABLE orders ADD CONSTRAINT orders_number_key UNIQUE USING INDEX orders_number_key;',
    rails: 'add_index :orders, :number, unique: true, algorithm: :concurrently  # with disable_ddl_transaction!',
  },
  notReported: [NO_ROWS_NOT_REPORTED],
  check: (ops, context) =>
    eachOp(ops, 'add-constraint', (at, index) => {
      const { constraint, usingIndex, table } = at.op;
      if ((constraint !== 'unique' && constraint !== 'primary-key') || usingIndex || hasNoRows(table, context, ops, index))
        return undefined;
      const what = constraint === 'unique' ? 'a UNIQUE' : 'a PRIMARY KEY';
      return {
        at,
        message: `Adding ${what} constraint to '${table}' builds its index while blocking all reads and writes; build it CONCURRENTLY and attach it with USING INDEX.`,
      };
    }),
};
