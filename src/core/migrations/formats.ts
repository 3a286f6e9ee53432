import { globMatcher } from '../text/glob';
import { posix } from 'node:path';
import { projectFileText } from './project/project-files';
import type { MigrationFormat, PreflightConfig } from '../config/types';

/** How people write each format's name, for messages and docs. */
export const FORMAT_NAMES: Record<MigrationFormat, string> = {
  sql: 'SQL',
  rails: 'Rails',
  django: 'Django',
  alembic: 'Alembic',
  knex: 'Knex',
  typeorm: 'TypeORM',
  sequelize: 'Sequelize',
};

/** The conventions that make a file a migration, per format; `.preflight.yml` can replace them. */
export const DEFAULT_MIGRATION_PATHS: Record<MigrationFormat, string[]> = {
  sql: ['**/migrations/**/*.sql', '**/migration/**/*.sql', '**/migrate/**/*.sql', '**/V[0-9]*__*.sql', '**/R__*.sql', '**/*.up.sql'],
  rails: ['**/db/migrate/*.rb'],
  django: ['**/migrations/[0-9]*.py'],
  alembic: ['**/alembic/versions/*.py', '**/migrations/versions/*.py'],
  // Knex, TypeORM and Sequelize share folder conventions: these globs find all three, and the
  // file's content tells which wrote it. Configuring typeorm or sequelize paths forces that reading.
  knex: ['**/migrations/*.{js,cjs,mjs,ts}', '**/migration/*.ts'],
  typeorm: [],
  sequelize: [],
};

/**
 * Files that look like migrations but never run on deploy: rollbacks and undo scripts drop things
 * by design (golang-migrate and sqlx `*.down.sql`, Diesel's and Hasura's `<dir>/down.sql`, Flyway's `U*__`).
 */
const NEVER_MIGRATIONS = ['**/*.down.sql', '**/down.sql', '**/U[0-9]*__*.sql', '**/node_modules/**'];
const never = globMatcher(NEVER_MIGRATIONS, { dot: true });

/** A file named like a migration (a version or timestamp first: `00002_add.sql`, `1612482778137-Add.ts`, `2.5.1.js`). */
const VERSIONED_NAME = /^\d[^/]*\.(sql|js|cjs|mjs|ts)$/;

/** What a migration file says about its runner, on a line of its own (not inside a string of a test). */
const CONTENT_MARKERS: Array<[RegExp, MigrationFormat]> = [
  [/^--\s*\+goose\s+Up\b/m, 'sql'],
  [/^--\s*migrate:up\b/m, 'sql'],
  [/^export\s+class\s+\w+\s+implements\s+MigrationInterface\b/m, 'typeorm'],
  [/^(module\.)?exports\.up\s*=[^\n]*\bqueryInterface\b|^\s+(async\s+)?up\s*[(:][^\n]*\bqueryInterface\b/m, 'sequelize'],
  [/^(exports\.up\s*=|export\s+(async\s+)?function\s+up\s*\()[^\n]*\bknex\b/m, 'knex'],
];

/** A file outside the migration paths that may still be one: named like a migration (decided before reading it). */
export function mayBeMigrationByContent(path: string): boolean {
  return VERSIONED_NAME.test(posix.basename(path)) && !never(path);
}

/** The format a file's own content shows, for a migration outside the configured or default paths. */
export function migrationFormatFromContent(path: string, text: string): MigrationFormat | undefined {
  if (!mayBeMigrationByContent(path)) return undefined;
  const sql = path.endsWith('.sql');
  return CONTENT_MARKERS.find(([marker, format]) => (format === 'sql') === sql && marker.test(text))?.[1];
}

/** A SQL file no known runner claims: run as written, BEGIN/COMMIT and all. */
export const GENERIC_SQL_RUNNER = 'This migration';

export interface SqlRunner {
  name: string;
  /**
   * Whether the runner wraps the file in a transaction before any BEGIN/COMMIT in it.
   * onlyNonTransactional: every statement is one PostgreSQL refuses in a transaction (CREATE INDEX CONCURRENTLY, VACUUM, ...).
   */
  transactional: (text: string, statementCount: number, onlyNonTransactional: boolean) => boolean;
  /**
   * Whether an explicit COMMIT in the file leaves the statements after it outside a transaction (until a BEGIN).
   * True for runners that send one statement at a time on a plain session (goose). Where the whole file
   * is one query string (golang-migrate, Prisma, dbmate, Diesel), PostgreSQL runs the rest of the string in an
   * implicit transaction; where the driver opens transactions itself (Flyway over JDBC), it opens the next one.
   */
  commitEndsTransaction: boolean;
  optOut: string;
}

const compiled = new WeakMap<PreflightConfig, Array<[MigrationFormat, (path: string) => boolean]>>();

/** Which migration format a path is, or undefined; decided from the path alone. */
export function migrationFormatOf(path: string, config: PreflightConfig): MigrationFormat | undefined {
  if (!config.migrations.enabled) return undefined;
  let matchers = compiled.get(config);
  if (!matchers) {
    matchers = (Object.keys(DEFAULT_MIGRATION_PATHS) as MigrationFormat[]).map((format) => {
      const globs = config.migrations.paths[format] ?? DEFAULT_MIGRATION_PATHS[format];
      const isMatch = globs.length > 0 ? globMatcher(globs, { dot: true }) : () => false;
      return [format, (p: string) => isMatch(p) && !never(p)];
    });
    compiled.set(config, matchers);
  }
  return matchers.find(([, isMatch]) => isMatch(path))?.[0];
}

/**
 * How the SQL file will be run. Multi-statement runners (golang-migrate, Prisma) send the
 * whole file as one query, which PostgreSQL runs as one implicit transaction.
 */
export function sqlRunnerOf(path: string, text: string, root: string): SqlRunner {
  const base = posix.basename(path);
  if (/^\s*--\s*\+goose\s+Up\b/im.test(text)) {
    return {
      name: 'goose',
      transactional: (t) => !/^\s*--\s*\+goose\s+NO\s+TRANSACTION\b/im.test(t),
      commitEndsTransaction: true,
      optOut: "add '-- +goose NO TRANSACTION' at the top of the file",
    };
  }
  if (/^\s*--\s*migrate:up\b/im.test(text)) {
    return {
      name: 'dbmate',
      transactional: (t) => !/^\s*--\s*migrate:up\b.*\btransaction:false\b/im.test(t),
      commitEndsTransaction: false,
      optOut: "write '-- migrate:up transaction:false' as the migration's first line",
    };
  }
  if (/^(V\d[\w.]*|R)__.+\.sql$/.test(base)) {
    return {
      name: 'Flyway',
      // Flyway's PostgreSQL parser marks CREATE/DROP INDEX CONCURRENTLY (and VACUUM, REINDEX CONCURRENTLY, ...)
      // non-transactional, and runs a migration made only of such statements outside a transaction.
      transactional: (t, _count, onlyNonTransactional) => !onlyNonTransactional && !/flyway:executeInTransaction\s*=\s*false/i.test(t),
      commitEndsTransaction: false,
      optOut: 'set executeInTransaction=false for this script (in its .sql.conf file or a "-- flyway:executeInTransaction=false" line)',
    };
  }
  if (base === 'up.sql' && DIESEL_FOLDER.test(posix.basename(posix.dirname(path)))) return dieselRunner(path, root);
  if (base === 'up.sql' && HASURA_FOLDER.test(posix.basename(posix.dirname(path)))) return HASURA_RUNNER;
  if (base === 'migration.sql') return multiStatementRunner('Prisma Migrate');
  if (base.endsWith('.up.sql')) return multiStatementRunner('golang-migrate');
  return { name: GENERIC_SQL_RUNNER, transactional: () => false, commitEndsTransaction: true, optOut: 'remove the BEGIN/COMMIT around it' };
}

/** Diesel names each migration's folder `{version}_{name}`: `2024-01-02-030405_add_x` or `20240102030405_add_x`. */
const DIESEL_FOLDER = /^(\d{4}-\d{2}-\d{2}-\d{6}(-\d{4})?|\d{14})_/;

/** Hasura names each migration's folder `{milliseconds since 1970}_{name}`: `1654696186008_init`. */
const HASURA_FOLDER = /^\d{13}_/;

/**
 * Hasura applies each migration in a transaction and has no switch to turn it off for one
 * (hasura/graphql-engine#2939, open since 2019).
 */
const HASURA_RUNNER: SqlRunner = {
  name: 'Hasura',
  transactional: () => true,
  commitEndsTransaction: false,
  optOut: "run the statement outside Hasura's migrations (Hasura has no per-migration switch for its transaction)",
};

/** Diesel runs each migration in its own transaction unless its metadata.toml says `run_in_transaction = false`. */
function dieselRunner(path: string, root: string): SqlRunner {
  const metadata = projectFileText(root, posix.join(posix.dirname(path), 'metadata.toml')) ?? '';
  const optedOut = /^\s*run_in_transaction\s*=\s*false\b/m.test(metadata);
  return {
    name: 'Diesel',
    transactional: () => !optedOut,
    commitEndsTransaction: false,
    optOut: "add 'run_in_transaction = false' to the migration's metadata.toml",
  };
}

function multiStatementRunner(name: string): SqlRunner {
  return {
    name,
    transactional: (_text, statementCount) => statementCount > 1,
    commitEndsTransaction: false,
    optOut: 'put the statement in a migration of its own, as its only statement',
  };
}
