import type { MigrationRule, RuleHit } from '../rule';

export const banConcurrentIndexCreationInTransaction: MigrationRule = {
  name: 'ban-concurrent-index-creation-in-transaction',
  severity: 'error',
  description: 'CREATE or DROP INDEX CONCURRENTLY inside a transaction fails at deploy time.',
  why: 'PostgreSQL refuses CONCURRENTLY inside a transaction block ("cannot run inside a transaction block"), so the migration fails when it is deployed. Most migration runners wrap each migration in a transaction unless told not to.',
  help: {
    sql: "Run the statement outside a transaction: remove BEGIN/COMMIT around it, or turn the runner's transaction off for this migration (Flyway: executeInTransaction=false; goose: -- +goose NO TRANSACTION; golang-migrate: one statement per file).",
    rails: 'Add disable_ddl_transaction! to the migration class.',
    django: 'Set atomic = False on the Migration class.',
    alembic: 'with op.get_context().autocommit_block():\n    op.create_index(..., postgresql_concurrently=True)',
  },
  notReported: [
    "A Flyway migration made only of statements Flyway's PostgreSQL parser marks non-transactional (CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, VACUUM): Flyway runs it outside a transaction. Mixed with any other statement, Flyway runs it in its transaction (or refuses the migration without `mixed=true`), so that is reported.",
    "A statement after an explicit `COMMIT` in a runner that sends one statement at a time on a plain session (goose, Rails' `execute`, Knex, TypeORM, Sequelize): squawk's documented workaround `COMMIT; CREATE INDEX CONCURRENTLY ...; BEGIN;` works there. It does not where the file is one query string (golang-migrate, Prisma, dbmate, Diesel: PostgreSQL keeps the rest of the string in a transaction, verified on PostgreSQL 15) or where the driver opens the next transaction itself (Flyway over JDBC, Django, Alembic), so those are still reported.",
  ],
  check(ops, context) {
    const hits: RuleHit[] = [];
    ops.forEach((at, index) => {
      const concurrent = (at.op.kind === 'create-index' || at.op.kind === 'drop-index') && at.op.concurrently;
      if (!concurrent || !context.inTransaction(index)) return;
      hits.push({
        at,
        message: `${context.runner} runs this migration in a transaction, where CONCURRENTLY fails; ${context.transactionOptOut}.`,
      });
    });
    return hits;
  },
};
