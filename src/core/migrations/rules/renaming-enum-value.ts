import { eachOp, type MigrationRule } from '../rule';

export const renamingEnumValue: MigrationRule = {
  name: 'renaming-enum-value',
  severity: 'warning',
  description: 'Renaming an enum value breaks the running code that still writes or compares the old value.',
  why: 'ALTER TYPE ... RENAME VALUE is instant and takes no lock on the tables that use the type, but it changes data in place: every row that held the old label now holds the new one. Code deployed before the migration still inserts the old label (`invalid input value for enum`) and its WHERE clauses on the old label silently match nothing, until every server runs the new code.',
  help: {
    sql: "-- add the new value, write both, move the rows, switch the code, and only then stop using the old one\nALTER TYPE order_status ADD VALUE 'shipped';\nUPDATE orders SET status = 'shipped' WHERE status = 'sent';  -- in batches",
    rails:
      '# add the new value (add_enum_value), deploy code that accepts both, migrate the rows in batches, then stop writing the old value',
  },
  check: (ops) =>
    eachOp(ops, 'rename-enum-value', (at) => ({
      at,
      message: `Renaming value '${at.op.from}' of '${at.op.type}' to '${at.op.to}' breaks the running code that still writes or compares '${at.op.from}'.`,
    })),
};
