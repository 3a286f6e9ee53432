import type { MigrationRule, RuleHit } from '../rule';

export const preferJsonb: MigrationRule = {
  name: 'prefer-jsonb',
  severity: 'warning',
  description: 'A `json` column stores text: it cannot be indexed or compared, and moving it to `jsonb` later rewrites the table.',
  why: '`json` keeps the document as text and re-parses it on every access. It has no equality operator, so SELECT DISTINCT, UNION, GROUP BY and unique constraints over it fail, and no GIN index can speed up `@>` or `?` on it. When the table has grown and the team wants `jsonb` after all, `ALTER COLUMN ... TYPE jsonb` rewrites every row under an ACCESS EXCLUSIVE lock: reads and writes wait for the whole rewrite. `jsonb` costs a little more on write and nothing else; keep `json` only when the exact text (key order, duplicate keys, whitespace) must be preserved.',
  help: {
    sql: "ALTER TABLE events ADD COLUMN payload jsonb NOT NULL DEFAULT '{}';",
    rails: 'add_column :events, :payload, :jsonb, null: false, default: {}',
  },
  notReported: [
    "A `json` column in a framework migration whose column type Preflight does not read (Django's JSONField is `jsonb` already).",
  ],
  check(ops) {
    const hits: RuleHit[] = [];
    for (const at of ops) {
      const { op } = at;
      if (op.kind !== 'add-column' && op.kind !== 'create-table') continue;
      const columns = op.kind === 'add-column' ? [{ name: op.column, type: op.typeName }] : (op.columns ?? []);
      const json = columns.filter((column) => column.type === 'json' || column.type === 'json[]').map((column) => `'${column.name}'`);
      if (json.length === 0) continue;
      const subject = json.length === 1 ? `Column ${json[0]} is` : `Columns ${json.join(', ')} are`;
      hits.push({
        at,
        message: `${subject} json, not jsonb: json cannot be indexed or compared, and changing it to jsonb later rewrites '${op.table}' under an ACCESS EXCLUSIVE lock.`,
      });
    }
    return hits;
  },
};
