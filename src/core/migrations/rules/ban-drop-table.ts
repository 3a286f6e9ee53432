import { normalizeTable, type Located } from '../operations';
import type { MigrationRule, RuleHit } from '../rule';

/** A table created earlier in this migration; one dropped and then created again is an existing table dropped. */
function createdBefore(ops: readonly Located[], index: number, table: string): boolean {
  return ops.slice(0, index).some(({ op }) => op.kind === 'create-table' && normalizeTable(op.table) === normalizeTable(table));
}

export const banDropTable: MigrationRule = {
  name: 'ban-drop-table',
  severity: 'warning',
  description: 'Dropping a table breaks running code that still uses it, and loses its data for good.',
  why: 'Code deployed before the migration may still query the table, and the data cannot be brought back without a restore.',
  help: {
    sql: '-- deploy code that no longer uses the table first; consider renaming it aside and dropping it a release later',
    rails: 'Deploy code that no longer uses the model first, then drop_table in a later migration.',
  },
  notReported: [
    'A table created earlier in the same migration (one dropped and then created again is reported: its rows are gone).',
    '`DROP TABLE a, b` is one statement: it is reported once, naming both tables.',
    'A Django proxy or unmanaged model, which has no table; a migration marked `Safe.after_deploy()`.',
  ],
  // DROP TABLE a, b is one statement: one finding that names every table it drops.
  check(ops, context) {
    const hits: RuleHit[] = [];
    const dropped = new Map<number, { hit: RuleHit; tables: string[] }>();
    ops.forEach((at, index) => {
      if (at.op.kind !== 'drop-table') return;
      if (at.op.replacedByCreate) {
        hits.push({ at, message: `'force:' drops any existing table '${at.op.table}', with its data, before creating it again.` });
        return;
      }
      if (createdBefore(ops, index, at.op.table) || context.runsAfterDeploy) return;
      const statement = dropped.get(at.start);
      if (statement) statement.tables.push(at.op.table);
      else {
        const hit: RuleHit = { at, message: '' };
        dropped.set(at.start, { hit, tables: [at.op.table] });
        hits.push(hit);
      }
    });
    for (const { hit, tables } of dropped.values()) {
      const names = tables.map((table) => `'${table}'`).join(', ');
      hit.message = `Dropping table${tables.length > 1 ? 's' : ''} ${names} breaks code that still uses ${tables.length > 1 ? 'them' : 'it'} and deletes ${tables.length > 1 ? 'their' : 'its'} data.`;
    }
    return hits;
  },
};
