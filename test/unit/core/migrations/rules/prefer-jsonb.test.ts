import assert from 'node:assert/strict';
import { analyze, hitsOf, TIMEOUTS } from '../helpers';

const RULE = 'prefer-jsonb';

/** Each case: SQL after the timeouts (line 3 onwards) and the lines migration/prefer-jsonb reports. */
const CASES: Array<[sql: string, lines: number[]]> = [
  ['ALTER TABLE events ADD COLUMN payload json;', [3]],
  ['ALTER TABLE events ADD COLUMN payload jsonb;', []],
  ['CREATE TABLE events (id int, payload json, extra json[]);', [3]],
  ['CREATE TABLE events (id int, payload jsonb);', []],
  ["ALTER TABLE events ADD COLUMN json text DEFAULT 'json';", []],
];

describe('migration/prefer-jsonb', () => {
  for (const [sql, lines] of CASES) it(sql, async () => assert.deepEqual(await hitsOf(RULE, TIMEOUTS + sql), lines));

  it('names every json column of a new table in one finding', async () => {
    const sql = TIMEOUTS + 'CREATE TABLE events (id int, payload json, extra json[]);';
    const findings = (await analyze(sql)).filter((f) => f.ruleId === `migration/${RULE}`);
    assert.deepEqual(
      findings.map((f) => [f.line, f.column, f.endColumn, f.message]),
      [
        [
          3,
          1,
          57,
          "Columns 'payload', 'extra' are json, not jsonb: json cannot be indexed or compared, and changing it to jsonb later rewrites 'events' under an ACCESS EXCLUSIVE lock.",
        ],
      ],
    );
  });

  it('reads Rails json columns', async () => {
    const text = [
      'class AddPayload < ActiveRecord::Migration[7.1]',
      '  def change',
      '    add_column :events, :payload, :json',
      '    add_column :events, :extra, :jsonb',
      '    create_table :audits do |t|',
      '      t.json :before, :after',
      '    end',
      '  end',
      'end',
    ].join('\n');
    const findings = (await analyze(text, 'db/migrate/20240101000000_add_payload.rb')).filter((f) => f.ruleId === `migration/${RULE}`);
    assert.deepEqual(
      findings.map((f) => [f.line, f.message.split(':')[0]]),
      [
        [3, "Column 'payload' is json, not jsonb"],
        [5, "Columns 'before', 'after' are json, not jsonb"],
      ],
    );
  });
});
