import { sameTransaction, type Located } from '../operations';
import { eachOp, hasNoRows, NO_ROWS_NOT_REPORTED, type MigrationContext, type MigrationRule, type RuleHit } from '../rule';

/**
 * NOT VALID then VALIDATE in one transaction defeats the point: the ADD's ACCESS EXCLUSIVE lock is
 * still held while VALIDATE checks every row (squawk reports it too).
 */
function validatedInTheSameTransaction(ops: readonly Located[], context: MigrationContext): RuleHit[] {
  return eachOp(ops, 'validate-constraint', (at, index) => {
    const added = ops.findIndex(
      ({ op }, earlier) =>
        earlier < index &&
        op.kind === 'add-constraint' &&
        op.notValid &&
        op.table === at.op.table &&
        (op.name === undefined || at.op.name === undefined || op.name === at.op.name),
    );
    if (added < 0 || !sameTransaction(ops, added, index, context.inTransaction)) return undefined;
    return {
      at,
      message: `Validating the constraint in the transaction that added it NOT VALID keeps '${at.op.table}' locked against reads and writes while every row is checked; validate it in a later migration.`,
    };
  });
}
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
  notReported: [
    NO_ROWS_NOT_REPORTED,
    'A constraint added NOT VALID and validated in a later migration (or after a COMMIT): that is the safe way. Validating it in the transaction that added it is reported, as squawk does.',
  ],
  check: (ops, context) => [
    ...eachOp(ops, 'add-constraint', (at, index) => {
      if (at.op.constraint !== 'check' || at.op.notValid || hasNoRows(at.op.table, context, ops, index)) return undefined;
      return {
        at,
        message: `Adding a CHECK constraint to '${at.op.table}' without NOT VALID locks it while every row is checked.`,
        fix: notValidFix(at, context),
      };
    }),
    ...validatedInTheSameTransaction(ops, context),
  ],
};
