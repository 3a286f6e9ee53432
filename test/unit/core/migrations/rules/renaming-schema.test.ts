import assert from 'node:assert/strict';
import { analyze, hitsOf, TIMEOUTS } from '../helpers';

const RULE = 'renaming-schema';

/** Each case: SQL after the timeouts (line 3 onwards) and the lines migration/renaming-schema reports. */
const CASES: Array<[sql: string, lines: number[]]> = [
  ['ALTER SCHEMA invoicing RENAME TO billing;', [3]],
  ['ALTER SCHEMA invoicing OWNER TO admin;', []],
  ['ALTER TABLE invoicing.invoices SET SCHEMA billing;', []],
];

describe('migration/renaming-schema', () => {
  for (const [sql, lines] of CASES) it(sql, async () => assert.deepEqual(await hitsOf(RULE, TIMEOUTS + sql), lines));

  it('names both schemas', async () => {
    const [finding] = (await analyze(TIMEOUTS + 'ALTER SCHEMA invoicing RENAME TO billing;')).filter(
      (f) => f.ruleId === `migration/${RULE}`,
    );
    assert.deepEqual(
      [finding.line, finding.column, finding.endColumn, finding.message],
      [
        3,
        1,
        41,
        "Renaming schema 'invoicing' to 'billing' breaks the running code, search_path settings and functions that still name 'invoicing'.",
      ],
    );
  });
});
