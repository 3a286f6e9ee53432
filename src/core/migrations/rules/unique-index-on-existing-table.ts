import { normalizeTable, type Located } from '../operations';
import { eachOp, hasNoRows, type MigrationRule } from '../rule';

/**
 * The migration also drops an index: the usual shape of replacing a unique index with one over more
 * columns (or a partial one), which lets through every write the old one did.
 */
function replacesAnIndex(ops: readonly Located[]): boolean {
  return ops.some(({ op }) => op.kind === 'drop-index');
}

/**
 * An indexed column was added by this migration, before the index, without a default: the deployed
 * code does not write it, so its rows all have NULL there, and NULLs never collide.
 */
function onNewColumnsOnly(ops: readonly Located[], index: number): boolean {
  const { op } = ops[index];
  if (op.kind !== 'create-index' || !op.columns || op.columns.length === 0) return false;
  const table = normalizeTable(op.table);
  const added = new Set(
    ops
      .slice(0, index)
      .flatMap(({ op: earlier }) =>
        earlier.kind === 'add-column' && earlier.default === undefined && normalizeTable(earlier.table) === table ? [earlier.column] : [],
      ),
  );
  return op.columns.some((column) => added.has(column));
}

export const uniqueIndexOnExistingTable: MigrationRule = {
  name: 'unique-index-on-existing-table',
  severity: 'info',
  description:
    'A unique index on an existing table, even one built CONCURRENTLY, makes writes that the running code does today fail with a unique violation.',
  why: 'CREATE UNIQUE INDEX CONCURRENTLY takes no lock that blocks reads or writes, but a lock is not the only way to break production. From the moment the build starts, PostgreSQL checks every new INSERT and UPDATE against the index: code that still writes a duplicate value (a retried job, a race between two requests, an import) gets `duplicate key value violates unique constraint` instead of a row. If duplicates already exist, the build fails, and CONCURRENTLY leaves an INVALID index behind that still slows every write until it is dropped. Check for duplicates, and make sure the deployed code cannot write one (an upsert, a validation) before the index goes in.',
  help: {
    sql: '-- first: no duplicates, and no code path that writes one\nSELECT number, count(*) FROM orders GROUP BY number HAVING count(*) > 1;\nCREATE UNIQUE INDEX CONCURRENTLY orders_number_key ON orders (number);\n-- if it fails: DROP INDEX CONCURRENTLY orders_number_key; fix the data; try again',
    rails:
      '# first: Order.group(:number).having("count(*) > 1").count is empty, and the code validates uniqueness\nadd_index :orders, :number, unique: true, algorithm: :concurrently',
  },
  notReported: [
    'A unique index on a table created in the same migration: no code writes to it yet.',
    'A unique index over a column added earlier in the same migration without a default (`add_reference ... index: { unique: true }`, a Django `AddField(unique=True)`): the running code does not write it, so its rows have NULL there, and NULLs never collide.',
    'A unique index in a migration that also drops an index: the shape of replacing a unique index with a wider or partial one, which rejects nothing the old one accepted.',
    'A UNIQUE or PRIMARY KEY constraint added with ADD CONSTRAINT: disallowed-unique-constraint reports its lock, which is the bigger problem; with USING INDEX the index was already unique.',
  ],
  check: (ops, context) =>
    eachOp(ops, 'create-index', (at, index) =>
      !at.op.unique || hasNoRows(at.op.table, context, ops, index) || onNewColumnsOnly(ops, index) || replacesAnIndex(ops)
        ? undefined
        : {
            at,
            message: `From the start of this build, writes of a duplicate to '${at.op.table}' fail with a unique violation, and the build itself fails if duplicates exist; make sure the running code cannot write one.`,
          },
    ),
};
