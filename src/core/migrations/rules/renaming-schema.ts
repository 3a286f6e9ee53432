import { eachOp, type MigrationRule } from '../rule';

export const renamingSchema: MigrationRule = {
  name: 'renaming-schema',
  severity: 'warning',
  description: 'Renaming a schema breaks every running query, view body and search_path that names it.',
  why: 'ALTER SCHEMA ... RENAME is instant, but every object in the schema moves at once: queries that name `old_schema.table`, roles and connections whose search_path lists it, and functions whose body names it start failing with `relation does not exist` until every server and every job runs with the new name. (Views keep working: they refer to their tables by OID.)',
  help: {
    sql: '-- create the new schema and move objects one at a time (ALTER TABLE ... SET SCHEMA), with views or search_path covering both names until the code has moved\nCREATE SCHEMA billing;\nALTER TABLE invoicing.invoices SET SCHEMA billing;',
  },
  check: (ops) =>
    eachOp(ops, 'rename-schema', (at) => ({
      at,
      message: `Renaming schema '${at.op.schema}' to '${at.op.to}' breaks the running code, search_path settings and functions that still name '${at.op.schema}'.`,
    })),
};
