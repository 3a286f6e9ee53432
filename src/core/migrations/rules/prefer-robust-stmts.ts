import type { Located } from '../operations';
import type { MigrationContext, MigrationRule, RuleHit } from '../rule';
import { alterTableActionStart } from '../sql/extract';

type Guard = 'IF EXISTS' | 'IF NOT EXISTS' | 'transaction';

const MESSAGES: Record<Guard, string> = {
  'IF NOT EXISTS':
    'Without IF NOT EXISTS this statement fails when the migration is run again after failing part-way: what it made is still there.',
  'IF EXISTS':
    'Without IF EXISTS this statement fails when the migration is run again after failing part-way: what it removed is already gone.',
  transaction:
    'This change runs outside a transaction and has no IF [NOT] EXISTS form: if a later statement fails, the migration cannot simply be run again.',
};

/** The guard a statement lacks, when it lacks one; undefined when it can be run twice. */
function missingGuard(
  at: Located,
  index: number,
  context: MigrationContext,
  constraints: Map<string, 'dropped' | 'added'>,
): Guard | undefined {
  const { op } = at;
  const inTransaction = context.inTransaction(index);
  switch (op.kind) {
    case 'create-table':
      // CREATE TABLE ... AS and SELECT INTO: squawk 2.66 does not ask for IF NOT EXISTS there.
      if (op.asQuery || op.ifNotExists || inTransaction || (op.temporary && op.dropOnCommit)) return undefined;
      return 'IF NOT EXISTS';
    case 'create-index':
      return !op.ifNotExists && op.named && (op.concurrently || !inTransaction) ? 'IF NOT EXISTS' : undefined;
    case 'drop-index':
    case 'drop-table':
    case 'drop-type':
      return op.ifExists || inTransaction ? undefined : 'IF EXISTS';
    case 'drop-constraint':
      constraints.set(op.name, 'dropped');
      return op.ifExists || inTransaction ? undefined : 'IF EXISTS';
    case 'add-column':
      return op.ifNotExists || inTransaction ? undefined : 'IF NOT EXISTS';
    case 'drop-column':
      return op.ifExists || inTransaction ? undefined : 'IF EXISTS';
    case 'add-constraint':
      // Written inline in ADD COLUMN: that ADD COLUMN's own guard (IF NOT EXISTS) covers it.
      if (op.column !== undefined) return undefined;
      // Dropped IF EXISTS first, then added: the pair can be run again.
      if (op.name !== undefined && constraints.get(op.name) === 'dropped') {
        constraints.set(op.name, 'added');
        return undefined;
      }
      return inTransaction ? undefined : 'transaction';
    case 'validate-constraint':
      return inTransaction || (op.name !== undefined && constraints.has(op.name)) ? undefined : 'transaction';
    case 'alter-column-type':
    case 'set-not-null':
    case 'drop-not-null':
    case 'detach-partition':
    case 'rename-column':
    case 'rename-table':
    case 'other-ddl':
      return inTransaction ? undefined : 'transaction';
    default:
      return undefined;
  }
}

/** Statements of ALTER TABLE, reported at their action as squawk does; others at the statement. */
const ALTER_TABLE_ACTIONS = new Set([
  'add-column',
  'drop-column',
  'add-constraint',
  'validate-constraint',
  'drop-constraint',
  'alter-column-type',
  'set-not-null',
  'drop-not-null',
  'detach-partition',
  'rename-column',
  'rename-table',
  'other-ddl',
]);

function robustStatements(ops: readonly Located[], context: MigrationContext): RuleHit[] {
  const hits: RuleHit[] = [];
  const constraints = new Map<string, 'dropped' | 'added'>();
  const reported = new Set<number>();
  ops.forEach((at, index) => {
    if (!at.fromSql || at.assured) return;
    const guard = missingGuard(at, index, context, constraints);
    if (!guard || reported.has(at.start)) return;
    reported.add(at.start);
    const start =
      ALTER_TABLE_ACTIONS.has(at.op.kind) && at.statementStart === undefined ? alterTableActionStart(context.text, at) : at.start;
    hits.push({ at: { ...at, start }, message: MESSAGES[guard] });
  });
  return hits;
}

export const preferRobustStmts: MigrationRule = {
  name: 'prefer-robust-stmts',
  severity: 'warning',
  description: 'A migration that runs outside a transaction should be safe to run again: IF [NOT] EXISTS on what it creates and drops.',
  why: 'Outside a transaction, each statement commits on its own. When a later statement fails (a CREATE INDEX CONCURRENTLY that hits a duplicate, a lock timeout), the earlier ones stay done, and running the migration again fails at the first of them: the column or table already exists. IF NOT EXISTS / IF EXISTS make each step a no-op the second time; changes without such a form (SET NOT NULL, ADD CONSTRAINT, a type change) need a transaction, or a DROP CONSTRAINT IF EXISTS before the ADD. Only SQL is judged (a .sql file, or the SQL a framework migration runs), and only where it runs outside a transaction: Preflight knows which runners wrap a migration in one (Flyway, goose, dbmate, Diesel, Rails, Django ...), where squawk assumes none unless told (--assume-in-transaction). squawk reports this too (its default set).',
  help: {
    sql: 'ALTER TABLE accounts ADD COLUMN IF NOT EXISTS billing_email text;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS accounts_billing_email_idx ON accounts (billing_email);',
  },
  notReported: [
    "Statements inside a transaction: the runner's, or an explicit BEGIN ... COMMIT.",
    'A temporary table created ON COMMIT DROP; an index without a name (PostgreSQL picks a new one each run).',
    'An ADD CONSTRAINT after a DROP CONSTRAINT IF EXISTS of the same name.',
    'CREATE TABLE ... AS and SELECT INTO, which squawk 2.66 leaves out too; LOCK TABLE, which only runs inside a transaction.',
    'Framework helpers (`add_column`, `AddField`): the framework records what ran; only SQL is judged.',
  ],
  check: robustStatements,
};
