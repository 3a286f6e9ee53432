import type { Located } from '../operations';
import type { MigrationRule } from '../rule';

export const banUncommittedTransaction: MigrationRule = {
  name: 'ban-uncommitted-transaction',
  severity: 'warning',
  description: 'A BEGIN with no COMMIT or ROLLBACK after it.',
  why: 'The statements after an unclosed BEGIN are never committed by the migration itself: depending on the runner they are rolled back when the connection closes (the migration is recorded as done, its changes are gone), or they stay open holding their locks until something commits. squawk reports this too (its default set).',
  help: { sql: 'BEGIN;\nALTER TABLE users ADD COLUMN nickname text;\nCOMMIT;' },
  check: (ops, context) => {
    let open: Located | undefined;
    for (const at of ops) if (at.op.kind === 'transaction') open = at.op.action === 'begin' ? at : undefined;
    if (!open) return [];
    const end = context.text.length;
    return [
      {
        at: open,
        message: 'This transaction is never committed or rolled back in the migration.',
        fix: {
          description: 'Add COMMIT at the end',
          edits: [{ start: end, end, newText: `${context.text.endsWith('\n') ? '' : '\n'}COMMIT;\n` }],
        },
      },
    ];
  },
};
