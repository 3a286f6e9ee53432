import { eachOp, type MigrationRule } from '../rule';

export const identifierTooLong: MigrationRule = {
  name: 'identifier-too-long',
  severity: 'warning',
  description: 'A name longer than 63 bytes, which PostgreSQL silently truncates.',
  why: 'PostgreSQL keeps the first 63 bytes of an identifier (NAMEDATALEN - 1) and drops the rest with only a NOTICE. Two long names that share their first 63 bytes become the same name (the second CREATE fails), and code, later migrations or tools that use the full name find nothing: `DROP INDEX index_..._full_name` drops nothing or fails. Bytes, not characters: a name with accented letters reaches the limit sooner. squawk reports this too (its default set).',
  help: { sql: 'CREATE INDEX CONCURRENTLY orders_customer_created_idx ON orders (customer_id, created_at);  -- a short name you choose' },
  check: (ops) =>
    eachOp(ops, 'long-identifier', (at) => ({
      at,
      message: `This name is ${Buffer.byteLength(at.op.name)} bytes long; PostgreSQL keeps only the first 63 ('${truncated(at.op.name)}'), so the full name never matches.`,
    })),
};

function truncated(name: string): string {
  let bytes = 0;
  let kept = '';
  for (const char of name) {
    bytes += Buffer.byteLength(char);
    if (bytes > 63) break;
    kept += char;
  }
  return kept;
}
