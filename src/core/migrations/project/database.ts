import { posix } from 'node:path';
import type { Database, MigrationFormat, PreflightConfig } from '../../config/types';
import { projectFileText } from './project-files';

/** Which database a migration runs on, and what said so (for the message). */
export interface MigrationDatabase {
  database: Database;
  /** "the folder name 'mysql'", "prisma/migrations/migration_lock.toml", "config/database.yml"; undefined for the default. */
  source?: string;
}

export const DATABASE_NAMES: Record<Database, string> = {
  postgres: 'PostgreSQL',
  mysql: 'MySQL',
  sqlite: 'SQLite',
  sqlserver: 'SQL Server',
  oracle: 'Oracle',
  clickhouse: 'ClickHouse',
};

/** Folder-name words that name a database (`db/db_mysql/`, `migrations/sqlite/`, `migrations-postgres/`). */
const FOLDER_WORDS: Array<[RegExp, Database]> = [
  [/^(postgres|postgresql|pg|psql)$/, 'postgres'],
  [/^(mysql|mysql2|mariadb)$/, 'mysql'],
  [/^(sqlite|sqlite3)$/, 'sqlite'],
  [/^(mssql|sqlserver)$/, 'sqlserver'],
  [/^(oracle)$/, 'oracle'],
  [/^(clickhouse)$/, 'clickhouse'],
];

const PROVIDERS: Record<string, Database> = {
  postgresql: 'postgres',
  postgres: 'postgres',
  cockroachdb: 'postgres',
  mysql: 'mysql',
  sqlite: 'sqlite',
  sqlserver: 'sqlserver',
};

const RAILS_ADAPTERS: Record<string, Database> = {
  postgresql: 'postgres',
  postgis: 'postgres',
  mysql2: 'mysql',
  trilogy: 'mysql',
  sqlite3: 'sqlite',
  sqlserver: 'sqlserver',
  oracle_enhanced: 'oracle',
};

/**
 * The database of a migration: `migrations.database` when the team set it, else a folder name on
 * its path (a repository with mysql/ and postgres/ folders has both), else what the project's own
 * files say (Prisma's migration_lock.toml, Rails' config/database.yml), else PostgreSQL.
 */
export function databaseOf(path: string, format: MigrationFormat, config: PreflightConfig, root: string): MigrationDatabase {
  if (config.migrations.database) return { database: config.migrations.database, source: 'migrations.database in .preflight.yml' };
  const fromFolder = databaseInFolders(path);
  if (fromFolder) return fromFolder;
  const fromProject =
    format === 'rails' ? railsDatabase(root) : /(^|\/)migration\.sql$/.test(path) ? prismaDatabase(root, path) : undefined;
  return fromProject ?? { database: 'postgres' };
}

function databaseInFolders(path: string): MigrationDatabase | undefined {
  for (const folder of posix.dirname(path).split('/').reverse()) {
    for (const word of folder.toLowerCase().split(/[_.-]+/)) {
      const match = FOLDER_WORDS.find(([pattern]) => pattern.test(word));
      if (match) return { database: match[1], source: `the folder name '${folder}'` };
    }
  }
  return undefined;
}

/** Prisma writes `provider = "postgresql"` into migration_lock.toml beside the migration folders. */
function prismaDatabase(root: string, path: string): MigrationDatabase | undefined {
  const lock = posix.join(posix.dirname(posix.dirname(path)), 'migration_lock.toml');
  const provider = /^\s*provider\s*=\s*"([a-z]+)"/m.exec(projectFileText(root, lock) ?? '')?.[1];
  const database = provider ? PROVIDERS[provider] : undefined;
  return database ? { database, source: lock } : undefined;
}

/** The production (else the first) `adapter:` of config/database.yml. */
function railsDatabase(root: string): MigrationDatabase | undefined {
  const text = projectFileText(root, 'config/database.yml') ?? '';
  const production = /^production:[\s\S]*?^\s+adapter:\s*["']?([\w]+)/m.exec(text)?.[1];
  const adapter = production ?? /^\s+adapter:\s*["']?([\w]+)/m.exec(text)?.[1];
  const database = adapter ? RAILS_ADAPTERS[adapter] : undefined;
  return database ? { database, source: 'config/database.yml' } : undefined;
}
