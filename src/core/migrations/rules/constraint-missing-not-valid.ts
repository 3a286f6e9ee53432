import { eachOp, isNewTable, type MigrationRule } from '../rule';
import { notValidFix } from '../fixes';

export const constraintMissingNotValid: MigrationRule = {
  name: 'constraint-missing-not-valid',
  severity: 'warning',
  description: 'A CHECK constraint added without NOT VALID blocks writes while every row is checked.',
  why: 'ADD CONSTRAINT ... CHECK takes an ACCESS EXCLUSIVE lock and scans the whole table to validate existing rows. With NOT VALID the constraint applies to new rows at once; VALIDATE CONSTRAINT in a later migration checks old rows under a lock that lets reads and writes through.',
  help: {
    sql: 'ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total_cents >= 0) NOT VALID;\n-- in a later migration:\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;',
    rails:
      'add_check_constraint :orders, "total_cents >= 0", name: "orders_total_positive", validate: false\n# later: validate_check_constraint :orders, name: "orders_total_positive"',
  },
  check: (ops, context) =>
    eachOp(ops, 'add-constraint', (at) => {
      if (at.op.constraint !== 'check' || at.op.notValid || isNewTable(at.op.table, context)) return undefined;
      return {
        at,
        message: `Adding a CHECK constraint to '${at.op.table}' without NOT VALID locks it while every row is checked.`,
        fix: notValidFix(at, context),
      };
    }),
};
