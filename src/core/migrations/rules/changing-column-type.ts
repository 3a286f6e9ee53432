import { eachOp, hasNoRows, NO_ROWS_NOT_REPORTED, type MigrationRule } from '../rule';

export const changingColumnType: MigrationRule = {
  name: 'changing-column-type',
  severity: 'error',
  description: "Changing a column's type usually rewrites the table and its indexes under an ACCESS EXCLUSIVE lock.",
  why: 'ALTER COLUMN ... TYPE rewrites the table and rebuilds its indexes while blocking reads and writes, unless the new type is binary-compatible (e.g. varchar(n) to text or to a larger n). Running code also breaks if it expects the old type.',
  help: {
    sql: '-- expand and contract: add the new column, write to both, backfill in batches, switch reads, then drop the old column\nALTER TABLE orders ADD COLUMN total_cents_big bigint;',
    rails: 'add_column :orders, :total_cents_big, :bigint  # write both, backfill in batches, switch reads, then remove the old column',
  },
  notReported: [
    "A change PostgreSQL makes without a rewrite: `varchar(n)` to `text` or to a longer `varchar`, removing a length limit, more `numeric` precision at the same scale, more fractional seconds, `cidr` to `inet` (it still locks briefly: the timeout rules count it). This needs the column's current type, which Preflight knows for Django (from the app's earlier migrations); in SQL and the other frameworks the change is still reported.",
    "A Django `AlterField` that changes only what Python sees (`choices`, `help_text`, `verbose_name`, `default`, `related_name`, `blank`, validators): the field is compared with its previous definition in the app's earlier migrations; a NOT NULL, index, UNIQUE or foreign-key change is reported by its own rule.",
    NO_ROWS_NOT_REPORTED,
  ],
  check: (ops, context) =>
    eachOp(ops, 'alter-column-type', (at, index) => {
      const { table, column, from, to } = at.op;
      if (hasNoRows(table, context, ops, index)) return undefined;
      if (from && to)
        return { at, message: `Changing '${table}.${column}' from ${from} to ${to} rewrites the table while blocking reads and writes.` };
      return { at, message: `Changing the type of '${table}.${column}' may rewrite the table while blocking reads and writes.` };
    }),
};
