import { eachOp, isNewTable, type MigrationRule } from '../rule';

export const requireConcurrentIndexCreation: MigrationRule = {
  name: 'require-concurrent-index-creation',
  severity: 'error',
  description: 'CREATE INDEX without CONCURRENTLY on an existing table blocks writes while the index is built.',
  why: 'A plain CREATE INDEX takes a SHARE lock on the table: every INSERT, UPDATE and DELETE waits until the whole index is built, which on a large table takes minutes. CREATE INDEX CONCURRENTLY builds it without blocking writes (it takes longer and cannot run inside a transaction).',
  help: {
    sql: 'CREATE INDEX CONCURRENTLY index_orders_on_customer_id ON orders (customer_id);  -- outside a transaction',
    rails: 'disable_ddl_transaction!\n\ndef change\n  add_index :orders, :customer_id, algorithm: :concurrently\nend',
  },
  check: (ops, context) =>
    eachOp(ops, 'create-index', (at) => {
      if (at.op.concurrently || isNewTable(at.op.table, context)) return undefined;
      const statement = context.text.slice(at.start, at.end);
      const keyword = /\bINDEX\b/i.exec(statement);
      return {
        at,
        message: `Building an index on '${at.op.table}' without CONCURRENTLY blocks writes to it until the index is built.`,
        fix:
          context.format === 'sql' && keyword
            ? { description: 'Add CONCURRENTLY', edits: [{ start: at.start + keyword.index + keyword[0].length, end: at.start + keyword.index + keyword[0].length, newText: ' CONCURRENTLY' }] }
            : undefined,
      };
    }),
};
