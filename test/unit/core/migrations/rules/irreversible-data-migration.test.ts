import assert from 'node:assert/strict';
import { analyze } from '../helpers';

const RULE = 'migration/irreversible-data-migration';

/** A Django migration whose operations start at line 6, one a line. */
function django(operations: string[]): string {
  return [
    'from django.db import migrations',
    '',
    'class Migration(migrations.Migration):',
    "    dependencies = [('shop', '0006_previous')]",
    '    operations = [',
    ...operations.map((op) => `        ${op},`),
    '    ]',
    '',
  ].join('\n');
}

async function findings(operations: string[]) {
  return (await analyze(django(operations), 'shop/migrations/0007_data.py')).filter((f) => f.ruleId === RULE);
}

describe('migration/irreversible-data-migration', () => {
  it('reports RunPython without reverse_code and RunSQL without reverse_sql once per migration, at info severity', async () => {
    const found = await findings(['migrations.RunPython(forwards)', 'migrations.RunSQL("UPDATE shop_order SET a = 1")']);
    assert.deepEqual(
      found.map((f) => [f.severity, f.line, f.column, f.endColumn, f.message]),
      [
        [
          'info',
          6,
          9,
          39,
          'This RunPython has no reverse_code (nor does 1 more operation of this migration), so Django cannot roll this migration back; pass migrations.RunPython.noop if nothing needs undoing.',
        ],
      ],
    );
    const [sql] = await findings(['migrations.RunSQL("UPDATE shop_order SET a = 1")']);
    assert.equal(
      sql.message,
      'This RunSQL has no reverse_sql, so Django cannot roll this migration back; pass migrations.RunSQL.noop if nothing needs undoing.',
    );
  });

  it('accepts a reverse given by keyword or position, noop included', async () => {
    const found = await findings([
      'migrations.RunPython(forwards, reverse_code=migrations.RunPython.noop)',
      'migrations.RunPython(forwards, backwards)',
      'migrations.RunSQL("UPDATE shop_order SET a = 1", "UPDATE shop_order SET a = 0")',
      'migrations.RunSQL(sql="SELECT 1", reverse_sql=migrations.RunSQL.noop)',
    ]);
    assert.deepEqual(found, []);
  });

  it('takes reverse_code=None for no reverse', async () => {
    assert.deepEqual(
      (await findings(['migrations.RunPython(forwards, reverse_code=None)'])).map((f) => f.line),
      [6],
    );
  });

  it('is not about SQL migrations', async () => {
    assert.deepEqual(
      (await analyze('UPDATE orders SET a = 1;', 'db/migrations/V2__data.sql')).filter((f) => f.ruleId === RULE),
      [],
    );
  });
});
