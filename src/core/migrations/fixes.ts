import type { Located } from './operations';
import type { MigrationContext, RuleHit } from './rule';

/** Appends NOT VALID to a one-command ALTER TABLE ... ADD CONSTRAINT statement in SQL. */
export function notValidFix(at: Located, context: MigrationContext): RuleHit['fix'] {
  if (context.format !== 'sql') return undefined;
  const statement = context.text.slice(at.start, at.end);
  if (/,\s*(ADD|ALTER|DROP)\b/i.test(statement) || /\bNOT\s+VALID\b/i.test(statement)) return undefined;
  const end = at.start + statement.trimEnd().length;
  return {
    description: 'Add NOT VALID (then VALIDATE CONSTRAINT in a later migration)',
    edits: [{ start: end, end, newText: ' NOT VALID' }],
  };
}
