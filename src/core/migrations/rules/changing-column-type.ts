import { eachOp, isNewTable, type MigrationRule } from '../rule';

export const changingColumnType: MigrationRule = {
  name: 'changing-column-type',
  severity: 'error',
  description: "Changing a column's type usually rewrites the table and its indexes under an ACCESS EXCLUSIVE lock.",
  why: 'ALTER COLUMN ... TYPE rewrites the table and rebuilds its indexes while blocking reads and writes, unless the new type is binary-compatible (e.g. varchar(n) to text or to a larger n). Running code also breaks if it expects the old type.',
  help: {
    sql: '-- expand and contract: add the new column, write to both, backfill in batches, switch reads, then drop the old column\nALTER TABLE orders ADD COLUMN total_cents_big bigint;',
    rails: 'add_column :orders, :total_cents_big, :bigint  # write both, backfill in batches, switch reads, then remove the old column',
  },
  check: (ops, context) =>
    eachOp(ops, 'alter-column-type', (at) => {
      const { table, column, from, to } = at.op;
      if (isNewTable(table, context)) return undefined;
      if (from && to)
        return { at, message: `Changing '${table}.${column}' from ${from} to ${to} rewrites the table while blocking reads and writes.` };
      return { at, message: `Changing the type of '${table}.${column}' may rewrite the table while blocking reads and writes.` };
    }),
};
