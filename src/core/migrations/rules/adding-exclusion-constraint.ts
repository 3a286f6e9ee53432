import { eachOp, isNewTable, type MigrationRule } from '../rule';

export const addingExclusionConstraint: MigrationRule = {
  name: 'adding-exclusion-constraint',
  severity: 'warning',
  description: 'An exclusion constraint added to an existing table builds its index and checks every row under an ACCESS EXCLUSIVE lock.',
  why: 'ADD CONSTRAINT ... EXCLUDE takes an ACCESS EXCLUSIVE lock on the table, builds the GiST (or other) index behind the constraint and checks every existing row against every other, all before it lets a single read through. Unlike CHECK and FOREIGN KEY it has no NOT VALID, and unlike UNIQUE it cannot be attached to an index built CONCURRENTLY beforehand (USING INDEX takes only unique B-tree indexes), so there is no lock-free way to add one: the time it holds the lock grows with the table.',
  help: {
    sql: "-- Add it when the table is created, or in a maintenance window with short timeouts so a long wait gives up:\nSET lock_timeout = '5s';\nALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&);",
  },
  notReported: [
    'An exclusion constraint of a table created in the same migration (CREATE TABLE ... EXCLUDE, or ALTER TABLE on the new table).',
  ],
  check: (ops, context) =>
    eachOp(ops, 'add-constraint', (at) =>
      at.op.constraint !== 'exclusion' || isNewTable(at.op.table, context)
        ? undefined
        : {
            at,
            message: `Adding an exclusion constraint to '${at.op.table}' builds its index and checks every row while blocking all reads and writes; it cannot be added NOT VALID or from an index built concurrently.`,
          },
    ),
};
