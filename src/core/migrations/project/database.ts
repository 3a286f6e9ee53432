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
  return fromProject(path, format, root) ?? { database: 'postgres' };
}

/** Syntax only MySQL accepts; asked only of a file PostgreSQL's parser rejects, so valid PostgreSQL is never skipped. */
const MYSQL_SYNTAX: ReadonlyArray<[RegExp, string]> = [
  [/\bENGINE\s*=\s*(InnoDB|MyISAM|MEMORY|Aria)\b/i, 'ENGINE='],
  [/\bAUTO_INCREMENT\b/i, 'AUTO_INCREMENT'],
  [/\b(TINYINT|SMALLINT|MEDIUMINT|INT|INTEGER|BIGINT)\s*(\(\s*\d+\s*\))?\s+UNSIGNED\b/i, 'UNSIGNED'],
  [/\bDEFAULT\s+CHARSET\s*=/i, 'DEFAULT CHARSET='],
];

/** A SQL migration that says nothing of its database but is written in MySQL's own syntax. */
export function databaseFromSyntax(sql: string): MigrationDatabase | undefined {
  const marker = MYSQL_SYNTAX.find(([pattern]) => pattern.test(sql));
  return marker && { database: 'mysql', source: `its MySQL-only syntax, ${marker[1]}` };
}

function fromProject(path: string, format: MigrationFormat, root: string): MigrationDatabase | undefined {
  if (format === 'rails') return railsDatabase(root);
  if (format === 'django') return djangoDatabase(root, path);
  if (format === 'knex' || format === 'typeorm' || format === 'sequelize') return javascriptDatabase(root, path);
  return /(^|\/)migration\.sql$/.test(path) ? prismaDatabase(root, path) : undefined;
}

const DJANGO_ENGINES: Record<string, Database> = {
  postgresql: 'postgres',
  postgresql_psycopg2: 'postgres',
  postgis: 'postgres',
  mysql: 'mysql',
  sqlite3: 'sqlite',
  spatialite: 'sqlite',
  oracle: 'oracle',
};

/** Knex clients, TypeORM types and Sequelize dialects. */
const JS_DATABASES: Record<string, Database> = {
  pg: 'postgres',
  postgres: 'postgres',
  postgresql: 'postgres',
  pgnative: 'postgres',
  cockroachdb: 'postgres',
  mysql: 'mysql',
  mysql2: 'mysql',
  sqlite3: 'sqlite',
  'better-sqlite3': 'sqlite',
  mssql: 'sqlserver',
  oracledb: 'oracle',
  oracle: 'oracle',
  mariadb: 'mysql',
  sqlite: 'sqlite',
  sqljs: 'sqlite',
  capacitor: 'sqlite',
};

/**
 * The ENGINEs of the settings module manage.py names (the nearest manage.py above the app): only
 * when every ENGINE there names one other database. A settings file that also (or only) reads
 * DATABASE_URL may be PostgreSQL in production, so it says nothing.
 */
function djangoDatabase(root: string, path: string): MigrationDatabase | undefined {
  const settings = djangoSettings(root, path);
  if (!settings || /DATABASE_URL|dj_database_url|env\.db\(/.test(settings.text)) return undefined;
  const engines = [...settings.text.matchAll(/django\.(?:contrib\.gis\.)?db\.backends\.(\w+)/g)].map((match) => DJANGO_ENGINES[match[1]]);
  return onlyOne(engines, `the ENGINE of ${settings.module}`);
}

/**
 * The settings module the nearest manage.py above the app names (`site.settings`), as the text of
 * its file, or of its package's __init__, base and production modules.
 */
export function djangoSettings(root: string, path: string): { module: string; text: string } | undefined {
  for (const folder of ancestors(posix.dirname(path))) {
    const manage = projectFileText(root, posix.join(folder, 'manage.py'));
    if (manage === undefined) continue;
    const module = /DJANGO_SETTINGS_MODULE["']\s*,\s*["']([\w.]+)["']/.exec(manage)?.[1];
    if (!module) return undefined;
    const base = posix.join(folder, ...module.split('.'));
    const text = [`${base}.py`, `${base}/__init__.py`, `${base}/base.py`, `${base}/production.py`, `${base}/prod.py`]
      .map((file) => projectFileText(root, file) ?? '')
      .join('\n');
    return { module, text };
  }
  return undefined;
}

/**
 * Where each JavaScript runner names its database, nearest the migrations first: a knexfile's
 * `client`, a TypeORM data source's or ormconfig's `type`, sequelize-cli's config.json `dialect`.
 */
const JS_CONFIGS: Array<{ files: string[]; key: RegExp }> = [
  { files: ['knexfile.js', 'knexfile.ts', 'knexfile.cjs', 'knexfile.mjs'], key: /\bclient["']?\s*:\s*["']([\w-]+)["']/g },
  {
    files: ['ormconfig.json', 'ormconfig.js', 'ormconfig.ts', 'data-source.ts', 'datasource.ts', 'data-source.js', 'datasource.js'],
    key: /\btype["']?\s*:\s*["']([\w-]+)["']/g,
  },
  { files: ['config/config.json', 'config/config.js'], key: /\bdialect["']?\s*:\s*["']([\w-]+)["']/g },
];

/** The database the runner's own config names, when every environment there names the same one. */
function javascriptDatabase(root: string, path: string): MigrationDatabase | undefined {
  for (const folder of ancestors(posix.dirname(path))) {
    for (const { files, key } of JS_CONFIGS) {
      for (const name of files) {
        const file = posix.join(folder, name);
        const text = projectFileText(root, file);
        if (text === undefined) continue;
        const named = [...text.matchAll(key)].map((match) => JS_DATABASES[match[1]]);
        return onlyOne(named, file);
      }
    }
  }
  return undefined;
}

function onlyOne(databases: ReadonlyArray<Database | undefined>, source: string): MigrationDatabase | undefined {
  const found = new Set(databases);
  if (found.size !== 1 || found.has(undefined)) return undefined;
  const [database] = found as Set<Database>;
  return { database, source };
}

/** `a/b/c` → a/b/c, a/b, a, '' (the repository root). */
function ancestors(folder: string): string[] {
  const parts = folder === '.' ? [] : folder.split('/');
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('/')).concat('');
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
