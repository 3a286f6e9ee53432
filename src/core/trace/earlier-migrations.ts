import { readFileSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, posix } from 'node:path';
import { readInsideRepository, realPathInside } from '../fs/inside-repository';

/** What the database holds before the traced migration runs. */
export interface Baseline {
  kind: 'earlier-migrations' | 'schema-dump' | 'empty';
  /** Repository-relative paths, in the order they are applied. */
  files: string[];
}

const MAX_FILE_BYTES = 8 * 1024 * 1024;
const MAX_EARLIER = 5000;

/** Schema dumps a project may keep beside its migrations (pg_dump --schema-only, Rails' structure.sql). */
export const SCHEMA_DUMPS = ['db/structure.sql', 'db/schema.sql', 'structure.sql', 'schema.sql'];

/** A version, as the runners compare them: Flyway's 1.2.10 after 1.2.9, goose's 00012 after 00002, timestamps by value. */
type Version = number[];

/**
 * Where a migration's version is written, and which files are of its set: one folder of files
 * (Flyway `V1_2__x.sql`, goose and dbmate `00002_x.sql`, golang-migrate `2_x.up.sql`, plain
 * `002_x.sql`), or one folder per migration holding a file of a fixed name (Diesel's
 * `<version>_<name>/up.sql`, Prisma's `<timestamp>_<name>/migration.sql`).
 */
interface MigrationSet {
  versionOf(name: string): Version | undefined;
}

const FLYWAY: MigrationSet = {
  versionOf: (name) => {
    const match = /^V(\d+(?:[._]\d+)*)__.*\.sql$/.exec(name);
    return match ? match[1].split(/[._]/).map(Number) : undefined;
  },
};
const GOLANG_MIGRATE: MigrationSet = {
  versionOf: (name) => (/^(\d+)_.*\.up\.sql$/.exec(name) ? [Number(/^\d+/.exec(name)![0])] : undefined),
};
const NUMBERED: MigrationSet = {
  versionOf: (name) => (/^\d+[^/]*\.sql$/.test(name) && !/\.down\.sql$/.test(name) ? [Number(/^\d+/.exec(name)![0])] : undefined),
};
/** Diesel `2024-01-02-030405_x` or `20240102030405_x`, Prisma `20240102030405_x`: the digits before the first `_`. */
const VERSION_FOLDER: MigrationSet = {
  versionOf: (name) => {
    const match = /^(\d[\d-]*)_/.exec(name);
    return match ? [Number(match[1].replace(/-/g, ''))] : undefined;
  },
};

export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The set a file is in, by its name: its folder's other files of the same kind. */
function setOf(name: string): MigrationSet | undefined {
  if (FLYWAY.versionOf(name)) return FLYWAY;
  if (GOLANG_MIGRATE.versionOf(name)) return GOLANG_MIGRATE;
  if (NUMBERED.versionOf(name)) return NUMBERED;
  return undefined;
}

/**
 * The migrations of the same set that run before `path`, in the runner's order (by version,
 * then by name); or, when it has none, the project's schema dump; or nothing.
 */
export function baselineFor(root: string, path: string): Baseline {
  const earlier = earlierMigrations(root, path);
  if (earlier.length > 0) return { kind: 'earlier-migrations', files: earlier };
  const dump = SCHEMA_DUMPS.find((candidate) => candidate !== path && isFile(root, candidate));
  return dump ? { kind: 'schema-dump', files: [dump] } : { kind: 'empty', files: [] };
}

export function earlierMigrations(root: string, path: string): string[] {
  const base = posix.basename(path);
  const dir = posix.dirname(path);
  if (base === 'up.sql' || base === 'migration.sql') {
    const own = VERSION_FOLDER.versionOf(posix.basename(dir));
    if (!own) return [];
    const parent = posix.dirname(dir);
    return ordered(listing(root, parent), VERSION_FOLDER, posix.basename(dir), own)
      .map((folder) => posix.join(parent === '.' ? '' : parent, folder, base))
      .filter((file) => isFile(root, file));
  }
  const set = setOf(base);
  const own = set?.versionOf(base);
  if (!set || !own) return [];
  return ordered(listing(root, dir), set, base, own).map((name) => (dir === '.' ? name : posix.join(dir, name)));
}

function ordered(names: readonly string[], set: MigrationSet, ownName: string, own: Version): string[] {
  return names
    .flatMap((name) => {
      const version = set.versionOf(name);
      return version ? [{ name, version }] : [];
    })
    .filter(({ name, version }) => {
      const order = compareVersions(version, own);
      return order < 0 || (order === 0 && name < ownName);
    })
    .sort((a, b) => compareVersions(a.version, b.version) || (a.name < b.name ? -1 : 1))
    .slice(0, MAX_EARLIER)
    .map(({ name }) => name);
}

function listing(root: string, dir: string): string[] {
  const real = realPathInside(root, dir);
  if (!real) return [];
  try {
    return readdirSync(real);
  } catch {
    return [];
  }
}

function isFile(root: string, path: string): boolean {
  const real = realPathInside(root, path);
  try {
    return real !== undefined && statSync(real).isFile();
  } catch {
    return false;
  }
}

/** A migration or dump's text, or why it cannot be read. */
export function readBaselineFile(root: string, path: string): { text: string } | { problem: string } {
  // an absolute path is a dump the user named on the command line (--schema), which may be kept anywhere
  if (isAbsolute(path)) {
    try {
      if (statSync(path).size > MAX_FILE_BYTES) return { problem: 'is larger than the 8 MB a trace reads' };
      return { text: readFileSync(path, 'utf8') };
    } catch (error) {
      return { problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
    }
  }
  return readInsideRepository(root, path, MAX_FILE_BYTES, 'the 8 MB a trace reads');
}

/**
 * Whether a schema dump already holds the migration's changes: Rails' structure.sql ends with the
 * versions of the migrations it includes (`INSERT INTO "schema_migrations" (version) VALUES ('2024…')`).
 * Says how it knows, or undefined.
 */
export function dumpIncludesMigration(dump: string, migration: string): string | undefined {
  const version = /(?:^|\/)db\/migrate\/(\d+)_[^/]*\.rb$/.exec(migration)?.[1];
  if (!version) return undefined;
  const listed = /INSERT INTO "?(?:public"?\.)?"?schema_migrations"?[^;]*;/gs;
  for (const insert of dump.match(listed) ?? [])
    if (insert.includes(`('${version}')`)) return `its schema_migrations lists version ${version}`;
  return undefined;
}

/** Lines of a pg_dump file that only psql understands (`\restrict`, `\connect`): PostgreSQL itself would reject them. */
export function withoutPsqlCommands(text: string): string {
  return text.replace(/^\\[^\n]*$/gm, (line) => ' '.repeat(line.length));
}
