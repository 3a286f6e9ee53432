import assert from 'node:assert/strict';
import { changesWithoutRewrite } from '../../../../src/core/migrations/type-compatibility';

describe('type changes PostgreSQL makes without a rewrite', () => {
  const cases: Array<[string, string, boolean]> = [
    ['varchar(50)', 'varchar(100)', true],
    ['varchar(100)', 'varchar(50)', false],
    ['varchar(50)', 'varchar', true],
    ['varchar(50)', 'text', true],
    ['character varying(20)', 'text', true],
    ['text', 'varchar(50)', false],
    ['text', 'varchar', true],
    ['numeric(10,2)', 'numeric(12,2)', true],
    ['numeric(10,2)', 'numeric(12,3)', false],
    ['numeric(10,2)', 'numeric', true],
    ['numeric', 'numeric(10,2)', false],
    ['timestamp(3)', 'timestamp(6)', true],
    ['timestamp', 'timestamptz', false],
    ['cidr', 'inet', true],
    ['integer', 'bigint', false],
    ['char(10)', 'char(20)', false],
    ['char(10)', 'text', false],
    ['text', 'text', true],
  ];
  for (const [from, to, expected] of cases) {
    it(`${from} → ${to}: ${expected ? 'no rewrite' : 'rewrite'}`, () => assert.equal(changesWithoutRewrite(from, to), expected));
  }
});
