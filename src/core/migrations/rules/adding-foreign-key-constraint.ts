import type { MigrationRule, RuleHit } from '../rule';
import { hasNoRows, NO_ROWS_NOT_REPORTED } from '../rule';
import { notValidFix } from '../fixes';

export const addingForeignKeyConstraint: MigrationRule = {
  name: 'adding-foreign-key-constraint',
  severity: 'warning',
  description: 'A foreign key added and validated in one step locks both tables while every row is checked.',
  why: 'ADD FOREIGN KEY takes a SHARE ROW EXCLUSIVE lock on both the table and the referenced table and scans every row to validate it, blocking writes for the whole scan. Adding it NOT VALID is instant; VALIDATE CONSTRAINT later only takes a SHARE UPDATE EXCLUSIVE lock, which lets writes through.',
  help: {
    sql: 'ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;\n-- in a later migration:\nALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;',
    rails: 'add_foreign_key :orders, :customers, validate: false\n# in a later migration:\nvalidate_foreign_key :orders, :customers',
  },
  notReported: [NO_ROWS_NOT_REPORTED],
  check(ops, context) {
    const hits: RuleHit[] = [];
    ops.forEach((at, index) => {
      const { op } = at;
      if (op.kind === 'add-constraint' && op.constraint === 'foreign-key' && !op.notValid && !hasNoRows(op.table, context, ops, index)) {
        hits.push({
          at,
          message: `Adding a validated foreign key to '${op.table}' blocks writes to it and the referenced table while every row is checked.`,
          fix: notValidFix(at, context),
        });
      }
      if (op.kind === 'add-column' && op.references && !hasNoRows(op.table, context, ops, index)) {
        hits.push({
          at,
          message: `The REFERENCES on new column '${op.column}' adds a validated foreign key, locking '${op.table}' and the referenced table.`,
        });
      }
    });
    return hits;
  },
};
