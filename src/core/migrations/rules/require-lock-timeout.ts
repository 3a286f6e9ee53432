import { lockedTable } from '../operations';
import type { MigrationRule } from '../rule';
import { missingTimeout, timeoutHelp } from './timeouts';

export const requireLockTimeout: MigrationRule = {
  name: 'require-lock-timeout',
  severity: 'warning',
  description: 'A migration that locks an existing table should set lock_timeout first.',
  why: 'A DDL statement waiting for its lock behind one long query makes every later query on the table queue behind it: the table is down until the long query ends. With lock_timeout the migration gives up after a few seconds instead, and can be retried. (Cleo: a 10-minute full outage, fixed by lock and statement timeouts on every migration.) Every statement that locks an existing table counts, quick ones too (DROP CONSTRAINT, SET DEFAULT, a new table whose foreign key locks the table it references): the wait for the lock is the risk, not the statement itself. squawk leaves the quick ones out.',
  help: timeoutHelp('lock_timeout', '5s'),
  notReported: [
    "A migration whose runner already sets it: strong_migrations' `StrongMigrations.lock_timeout`, activerecord-safer_migrations in the Gemfile, `variables: { lock_timeout: ... }` in config/database.yml, a SET in Alembic's env.py, `-c lock_timeout=...` in the OPTIONS of Django's DATABASES, or `migrations.runnerSetsTimeouts: true`.",
    'A migration whose statements take no lock that blocks reads or writes: new tables with no foreign key to an existing table, CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, DETACH PARTITION CONCURRENTLY, CREATE TYPE, ALTER TYPE ... RENAME VALUE, ALTER SCHEMA ... RENAME, ALTER TABLE ... VALIDATE CONSTRAINT, LOCK TABLE in a mode below SHARE, a plain VACUUM. squawk reports these too (it counts SHARE UPDATE EXCLUSIVE); a waiting one lets reads and writes go on, as `postgres-lock-queue.test.ts` shows on a real PostgreSQL. One statement that does block (LOCK TABLE, REINDEX, VACUUM FULL, CLUSTER, DETACH PARTITION, any ALTER TABLE) is reported wherever it is in the migration.',
    'REINDEX SCHEMA, DATABASE and SYSTEM, and a CLUSTER that names no table: they name no table, and PostgreSQL runs them outside a transaction, one table at a time (require-concurrent-reindex and prefer-repack still report them).',
  ],
  check: (ops, context) =>
    missingTimeout('lock_timeout', ops, context, (at) => {
      const table = lockedTable(at.op, context.createdTables);
      return `This migration locks ${table ? `'${table}'` : 'a table'} without a lock_timeout, so waiting for the lock can stall every query on it.`;
    }),
};
