import type { MigrationRule } from '../rule';
import { namedOneOf, renamed, typeHits } from '../written-types';

const WIDER: Record<string, string> = { smallint: 'bigint', int2: 'int8', smallserial: 'bigserial', serial2: 'serial8' };

export const preferBigintOverSmallint: MigrationRule = {
  name: 'prefer-bigint-over-smallint',
  severity: 'warning',
  description: 'A 16-bit integer column (smallint, int2, smallserial) can run out of values.',
  why: 'A smallint column stops at 32,767, which a counter, an id or an enum-like code reaches sooner than expected; from then on every insert or update past it fails, and widening the column rewrites the table under an ACCESS EXCLUSIVE lock. squawk reports this too (its default set).',
  help: { sql: 'ALTER TABLE products ADD COLUMN stock bigint;' },
  notReported: ["Columns declared in a framework's own helpers: only SQL is read."],
  check: (ops) =>
    typeHits(
      ops,
      namedOneOf(Object.keys(WIDER)),
      (written) => `'${written}' is a 16-bit integer: it stops at 32,767, and widening it later rewrites the table.`,
      (written, type) => ({ text: renamed(written, WIDER[type.name]), description: `Use ${WIDER[type.name]}` }),
    ),
};
