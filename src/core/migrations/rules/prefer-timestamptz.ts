import type { MigrationRule } from '../rule';
import { typeHits } from '../written-types';

export const preferTimestamptz: MigrationRule = {
  name: 'prefer-timestamptz',
  severity: 'warning',
  description: 'A timestamp column without a time zone loses the offset of every value written to it.',
  why: 'timestamp (without time zone) stores the clock reading and drops the UTC offset it was given: 09:00+02 and 09:00-05 are stored as the same 09:00, although they are seven hours apart, and comparisons, ordering and arithmetic across time zones or daylight-saving changes go wrong silently. timestamptz stores an instant (in UTC) and takes the same 8 bytes. squawk reports this too (its default set; squawk also accepts the name prefer-timestamp-tz, which it reports under).',
  help: { sql: 'ALTER TABLE orders ADD COLUMN shipped_at timestamptz;' },
  notReported: [
    'timestamp with time zone and timestamptz.',
    '`pg_catalog.varchar(n)` and `"varchar"(n)`: squawk 2.66 reports these under this rule too, but they are not timestamps (prefer-text-field reports them).',
  ],
  check: (ops) =>
    typeHits(
      ops,
      (type) => type.shape === 'timestamp' && !type.withTimeZone,
      (written) => `'${written}' drops the UTC offset of every value: two instants hours apart are stored as the same time.`,
      (written) => ({
        text: written.replace(
          /^timestamp\s*(\(\s*\d+\s*\))?(?:\s+without\s+time\s+zone)?/i,
          (_, precision = '') => `timestamptz${precision}`,
        ),
        description: 'Use timestamptz',
      }),
    ),
};
