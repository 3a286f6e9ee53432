import type { MigrationRule } from '../rule';
import { typeHits, type WrittenType } from '../written-types';

/** char(n), character(n), nchar(n), bpchar: blank-padded. The quoted "char" is PostgreSQL's one-byte type, not padded. */
function isBlankPadded(type: WrittenType): boolean {
  return type.shape === 'character' || (type.shape === 'name' && !type.quoted && ['char', 'character', 'bpchar'].includes(type.name));
}

export const banCharField: MigrationRule = {
  name: 'ban-char-field',
  severity: 'warning',
  description: 'A char(n) column pads every value with spaces to its length.',
  why: "char(n) (character, bpchar) stores 'ab' in a char(5) as 'ab   ': the padding takes space, is ignored by some comparisons and not by others (LIKE, concatenation, client code), and a value longer than n fails. It is never faster than text or varchar in PostgreSQL. squawk reports this too (its default set).",
  help: { sql: 'ALTER TABLE countries ADD COLUMN code text CHECK (char_length(code) = 2);' },
  notReported: [
    'The quoted `"char"`, PostgreSQL\'s internal one-byte type, which is not padded (squawk 2.66 reports it).',
    '`char varying(n)`, which is varchar (prefer-text-field says that).',
  ],
  check: (ops) =>
    typeHits(
      ops,
      isBlankPadded,
      (written) => `'${written}' pads every value with spaces to its length; use text (or varchar).`,
      (written, type) => ({
        text: type.sized ? written.replace(/^[^(]*/, 'varchar') : 'text',
        description: type.sized ? 'Use varchar' : 'Use text',
      }),
    ),
};
