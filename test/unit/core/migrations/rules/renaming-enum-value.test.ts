import assert from 'node:assert/strict';
import { analyze, hitsOf, TIMEOUTS } from '../helpers';

const RULE = 'renaming-enum-value';

/** Each case: SQL after the timeouts (line 3 onwards) and the lines migration/renaming-enum-value reports. */
const CASES: Array<[sql: string, lines: number[]]> = [
  ["ALTER TYPE order_status RENAME VALUE 'sent' TO 'shipped';", [3]],
  ["ALTER TYPE order_status ADD VALUE 'shipped';", []],
  ['ALTER TYPE order_status RENAME TO status;', []],
];

describe('migration/renaming-enum-value', () => {
  for (const [sql, lines] of CASES) it(sql, async () => assert.deepEqual(await hitsOf(RULE, TIMEOUTS + sql), lines));

  it('names the value and the type', async () => {
    const [finding] = (await analyze(TIMEOUTS + "ALTER TYPE billing.order_status RENAME VALUE 'sent' TO 'shipped';")).filter(
      (f) => f.ruleId === `migration/${RULE}`,
    );
    assert.deepEqual(
      [finding.line, finding.column, finding.endColumn, finding.message],
      [
        3,
        1,
        65,
        "Renaming value 'sent' of 'billing.order_status' to 'shipped' breaks the running code that still writes or compares 'sent'.",
      ],
    );
  });
});
