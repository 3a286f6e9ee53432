import { eachOp, hasNoRows, NO_ROWS_NOT_REPORTED, type MigrationRule } from '../rule';

export const addingRequiredField: MigrationRule = {
  name: 'adding-required-field',
  severity: 'error',
  description: 'Adding a NOT NULL column without a default fails on a table that has rows.',
  why: 'Existing rows would have NULL in the new column, so PostgreSQL rejects the ALTER TABLE as soon as the table has a row: the migration fails in production even though it passed on an empty development database.',
  help: {
    sql: "ALTER TABLE orders ADD COLUMN channel text NOT NULL DEFAULT 'web';  -- or add it nullable, backfill, then SET NOT NULL safely",
    rails: 'add_column :orders, :channel, :string, null: false, default: "web"',
  },
  notReported: [
    "A Django field with an effective default: `default=` (computed once, a callable too), a blank text field (`''`), `auto_now`/`auto_now_add`, `db_default`.",
    'A Django `ManyToManyField`, `TaggableManager` or `GenericRelation`: they add no column.',
    'A generated column.',
    NO_ROWS_NOT_REPORTED,
  ],
  check: (ops, context) =>
    eachOp(ops, 'add-column', (at, index) => {
      const { op } = at;
      if (!op.notNull || op.default !== undefined || op.generatedStored || hasNoRows(op.table, context, ops, index)) return undefined;
      return { at, message: `Adding NOT NULL column '${op.column}' without a default fails as soon as '${op.table}' has a row.` };
    }),
};
