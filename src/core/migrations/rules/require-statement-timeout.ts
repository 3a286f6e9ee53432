import type { MigrationRule } from '../rule';
import { missingTimeout, timeoutHelp } from './timeouts';

export const requireStatementTimeout: MigrationRule = {
  name: 'require-statement-timeout',
  severity: 'warning',
  description: 'A migration that locks an existing table should set statement_timeout first.',
  why: 'Without statement_timeout a slow DDL statement holds its lock for as long as it runs; a timeout bounds how long the table can be blocked.',
  help: timeoutHelp('statement_timeout', '15min'),
  notReported: [
    "A migration whose runner already sets it: strong_migrations' `StrongMigrations.statement_timeout`, activerecord-safer_migrations, `variables:` in config/database.yml, a SET in Alembic's env.py, `-c lock_timeout=...` in the OPTIONS of Django's DATABASES, or `migrations.runnerSetsTimeouts: true`.",
    'A migration whose statements take no lock that blocks reads or writes (the same list as require-lock-timeout): a long CREATE INDEX CONCURRENTLY or VALIDATE CONSTRAINT slows nothing else down, and a statement_timeout would only cancel it.',
  ],
  check: (ops, context) =>
    missingTimeout(
      'statement_timeout',
      ops,
      context,
      () => 'This migration locks an existing table without a statement_timeout, so a slow statement can hold the lock indefinitely.',
    ),
};
