import assert from 'node:assert/strict';
import { analyze, hitsOf, TIMEOUTS } from '../helpers';

const RULE = 'adding-exclusion-constraint';

/** Each case: SQL after the timeouts (line 3 onwards) and the lines migration/adding-exclusion-constraint reports. */
const CASES: Array<[sql: string, lines: number[]]> = [
  ['ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&);', [3]],
  [
    'CREATE TABLE bookings (room_id int, during tstzrange);\nALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&);',
    [],
  ],
  ['CREATE TABLE bookings (room_id int, during tstzrange, EXCLUDE USING gist (during WITH &&));', []],
  ['ALTER TABLE bookings ADD CONSTRAINT positive CHECK (room_id > 0) NOT VALID;', []],
];

describe('migration/adding-exclusion-constraint', () => {
  for (const [sql, lines] of CASES) it(sql.replace(/\n/g, ' '), async () => assert.deepEqual(await hitsOf(RULE, TIMEOUTS + sql), lines));

  it('says why there is no lock-free way', async () => {
    const sql = TIMEOUTS + 'ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&);';
    const [finding] = (await analyze(sql)).filter((f) => f.ruleId === `migration/${RULE}`);
    assert.deepEqual(
      [finding.line, finding.column, finding.endColumn, finding.message],
      [
        3,
        1,
        83,
        "Adding an exclusion constraint to 'bookings' builds its index and checks every row while blocking all reads and writes; it cannot be added NOT VALID or from an index built concurrently.",
      ],
    );
  });
});
