import { eachOp, type MigrationRule } from '../rule';

export const transactionNesting: MigrationRule = {
  name: 'transaction-nesting',
  severity: 'warning',
  description: "A BEGIN inside a transaction, or a COMMIT or ROLLBACK outside one (or of the runner's own transaction).",
  why: "PostgreSQL has no nested transactions: a BEGIN inside one only warns, and the COMMIT meant for the inner part commits everything, the runner's transaction included, so the runner's own bookkeeping then runs outside it and a failure later leaves the migration half-applied but recorded. A COMMIT with no transaction open means the statements before it were not in one. squawk reports this too (its default set); Preflight knows which runners wrap a migration in a transaction, where squawk needs --assume-in-transaction.",
  help: {
    sql: "-- the runner (Flyway, goose, dbmate ...) already wraps the file in a transaction: no BEGIN/COMMIT in it.\n-- to run outside one, use the runner's switch (e.g. -- +goose NO TRANSACTION) instead",
  },
  check: (ops, context) => {
    let explicit = false;
    return eachOp(ops, 'transaction', (at) => {
      const begins = at.op.action === 'begin';
      const wasExplicit = explicit;
      explicit = begins;
      if (context.runnerWraps)
        return {
          at,
          message: begins
            ? `${context.runner} already runs this migration in a transaction; this BEGIN does not start a new one.`
            : `This ends the transaction ${context.runner} runs the migration in: what follows runs outside it.`,
        };
      if (begins && wasExplicit) return { at, message: 'A transaction is already open here: this BEGIN does not start a new one.' };
      if (!begins && !wasExplicit) return { at, message: 'No transaction is open here: the statements before it were not in one.' };
      return undefined;
    });
  },
};
