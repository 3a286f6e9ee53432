import { locksExistingTable, type Located } from '../operations';
import type { MigrationContext, RuleHit } from '../rule';
import type { TimeoutSetting as Setting } from '../project/runner-settings';

/**
 * Shared by require-lock-timeout and require-statement-timeout: the first operation that
 * locks an existing table, when no SET of the timeout comes before it.
 */
export function missingTimeout(
  setting: Setting,
  ops: readonly Located[],
  context: MigrationContext,
  describe: (at: Located) => string,
): RuleHit[] {
  if (context.runnerTimeouts[setting]) return [];
  for (const at of ops) {
    if (at.op.kind === 'set-timeout' && at.op.setting === setting) return [];
    if (locksExistingTable(at.op, context.createdTables)) {
      return [
        { at, message: describe(at) + onlyTheOther(setting, context), fix: context.format === 'sql' ? insertSet(setting, at) : undefined },
      ];
    }
  }
  return [];
}

/** Where the project sets the other timeout, so the user sees what Preflight read and what is missing. */
function onlyTheOther(setting: Setting, context: MigrationContext): string {
  const other: Setting = setting === 'lock_timeout' ? 'statement_timeout' : 'lock_timeout';
  const source = context.runnerTimeouts[other];
  return source ? ` (${source} sets ${other}, not ${setting}.)` : '';
}

function insertSet(setting: Setting, at: Located): RuleHit['fix'] {
  const value = setting === 'lock_timeout' ? "'5s'" : "'15min'";
  return {
    description: `Set ${setting} before the first locking statement`,
    edits: [{ start: at.statementStart ?? at.start, end: at.statementStart ?? at.start, newText: `SET ${setting} = ${value};\n` }],
  };
}

export const timeoutHelp = (setting: Setting, value: string) => ({
  sql: `SET ${setting} = '${value}';  -- first statement of the migration`,
  rails: `execute "SET ${setting} = '${value}'"  # or use activerecord-safer_migrations and set migrations.runnerSetsTimeouts: true`,
  django: `migrations.RunSQL("SET ${setting} = '${value}'", reverse_sql=migrations.RunSQL.noop)`,
});

export function isTimeoutRule(rule: { name: string }): boolean {
  return rule.name === 'require-lock-timeout' || rule.name === 'require-statement-timeout';
}
