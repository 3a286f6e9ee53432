import { eachOp, type MigrationRule } from '../rule';

export const banDropDatabase: MigrationRule = {
  name: 'ban-drop-database',
  severity: 'warning',
  description: 'DROP DATABASE in a migration deletes a whole database.',
  why: 'Every table and row of the database is gone, and every client connected to it fails. A migration runs on every environment, production included; a database is dropped by hand, on purpose, after a backup. squawk reports this too (its default set).',
  help: { sql: '-- drop the database by hand, after a backup, outside the migrations' },
  check: (ops) =>
    eachOp(ops, 'drop-database', (at) => ({
      at,
      message: `Dropping database '${at.op.name}' deletes all of its data, on every environment this migration runs on.`,
    })),
};
