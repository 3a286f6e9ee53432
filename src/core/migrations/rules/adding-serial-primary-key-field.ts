import { eachOp, isNewTable, type MigrationRule } from '../rule';

export const addingSerialPrimaryKeyField: MigrationRule = {
  name: 'adding-serial-primary-key-field',
  severity: 'warning',
  description: 'Adding a PRIMARY KEY to an existing table builds its index under an ACCESS EXCLUSIVE lock.',
  why: 'ALTER TABLE ... ADD PRIMARY KEY (or ADD COLUMN ... PRIMARY KEY, typically a new serial id) builds a unique index and, for an existing column, checks it is NOT NULL, all while holding an ACCESS EXCLUSIVE lock: no reads or writes until the index is built on every row. Built first with CREATE UNIQUE INDEX CONCURRENTLY, the index becomes the key in a moment with ADD CONSTRAINT ... PRIMARY KEY USING INDEX. squawk reports this under this name (its default set); disallowed-unique-constraint says the same of the constraint.',
  help: {
    sql: 'CREATE UNIQUE INDEX CONCURRENTLY items_pkey_idx ON items (id);\nALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX items_pkey_idx;',
  },
  notReported: [
    'PRIMARY KEY ... USING INDEX.',
    'A table created earlier in the same migration: it is empty and nobody uses it yet (squawk 2.66 reports it; pg_dump writes every primary key this way).',
  ],
  check: (ops, context) => [
    ...eachOp(ops, 'add-constraint', (at) =>
      // One written inline with ADD COLUMN is reported below, naming the column.
      at.op.constraint !== 'primary-key' || at.op.usingIndex || at.op.column !== undefined || isNewTable(at.op.table, context)
        ? undefined
        : {
            at: at.op.at ? { ...at, ...at.op.at } : at,
            message: `Adding a primary key to '${at.op.table}' builds its index while the table is locked against reads and writes.`,
          },
    ),
    ...eachOp(ops, 'add-column', (at) =>
      !at.op.primaryKey || isNewTable(at.op.table, context)
        ? undefined
        : {
            at: { ...at, ...at.op.primaryKey },
            message: `Adding '${at.op.column}' as the primary key of '${at.op.table}' builds its index while the table is locked against reads and writes.`,
          },
    ),
  ],
};
