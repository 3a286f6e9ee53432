import { normalizeTable, type Located } from '../operations';
import { eachOp, isNewTable, type MigrationRule } from '../rule';

/** `ALTER TABLE orders RENAME TO purchases; CREATE VIEW orders AS SELECT ... FROM purchases`: the old name still answers. */
function viewKeepsOldName(ops: readonly Located[], index: number, table: string): boolean {
  return ops.slice(index + 1).some(({ op }) => op.kind === 'create-view' && normalizeTable(op.view) === normalizeTable(table));
}

export const renamingTable: MigrationRule = {
  name: 'renaming-table',
  severity: 'warning',
  description: 'Renaming a table breaks the application code that is still running during the deploy.',
  why: 'The rename is instant, but the code still running during the deploy queries the old name and fails until every server runs the new code.',
  help: {
    sql: '-- create the new table (or an updatable view with the old name), move code over, then drop the old name\nALTER TABLE orders RENAME TO purchases; CREATE VIEW orders AS SELECT * FROM purchases;',
    rails:
      'Rename in steps: create the new table or a view with the old name, deploy code that uses the new name, then remove the old one.',
  },
  notReported: [
    'A rename followed, in the same migration, by a view with the old name (running code keeps reading, and writing through an updatable view).',
    '`ALTER TABLE <name>_seq RENAME`: that renames a sequence (a column default refers to its sequence by OID, so no running code breaks).',
    '`ALTER INDEX ... RENAME`, `ALTER SEQUENCE ... RENAME`, and `ALTER TABLE` naming an index, when both the old and the new name follow an index convention (`index_...`, `..._idx`, `..._pkey`, `..._key`): queries never name an index.',
  ],
  check: (ops, context) =>
    eachOp(ops, 'rename-table', (at, index) =>
      isNewTable(at.op.table, context) || viewKeepsOldName(ops, index, at.op.table)
        ? undefined
        : { at, message: `Renaming table '${at.op.table}' to '${at.op.to}' breaks the running code that still uses the old name.` },
    ),
};
