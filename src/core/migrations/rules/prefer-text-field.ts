import type { MigrationRule } from '../rule';
import { typeHits, type WrittenType } from '../written-types';

/** varchar(n) and character varying(n); a varchar without a length is text already. */
function isSizedVarchar(type: WrittenType): boolean {
  return type.sized && (type.shape === 'varchar' || (type.shape === 'name' && type.name === 'varchar'));
}

export const preferTextField: MigrationRule = {
  name: 'prefer-text-field',
  severity: 'warning',
  description: 'A varchar(n) column; changing its limit later locks the table.',
  why: 'A length limit in the type is hard to change: shrinking it (or changing it on PostgreSQL before 9.2, or changing the type of a column an index or view depends on) takes an ACCESS EXCLUSIVE lock and may rewrite the table. text with a CHECK (char_length(column) <= n) constraint stores the same data, and its limit is changed by adding a new constraint NOT VALID and validating it, without blocking reads or writes. squawk reports this too (its default set).',
  help: {
    sql: 'ALTER TABLE users ADD COLUMN nickname text;\nALTER TABLE users ADD CONSTRAINT users_nickname_length CHECK (char_length(nickname) <= 50) NOT VALID;\n-- later: ALTER TABLE users VALIDATE CONSTRAINT users_nickname_length;',
  },
  notReported: ['`varchar` without a length, which is the same as text.'],
  check: (ops) =>
    typeHits(
      ops,
      isSizedVarchar,
      (written) => `'${written}' puts the length limit in the type: changing it later locks the table; use text with a CHECK constraint.`,
      (written) => ({ text: written.replace(/^.*?\)/s, 'text'), description: 'Use text' }),
    ),
};
