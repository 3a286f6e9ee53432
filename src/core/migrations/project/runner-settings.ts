import { posix } from 'node:path';
import type { MigrationFormat, PreflightConfig } from '../../config/types';
import { djangoSettings } from './database';
import { projectFileText } from './project-files';

export type TimeoutSetting = 'lock_timeout' | 'statement_timeout';

/** The timeouts the runner sets before every migration, each with where the project says so. */
export type RunnerTimeouts = Partial<Record<TimeoutSetting, string>>;

const SETTINGS: readonly TimeoutSetting[] = ['lock_timeout', 'statement_timeout'];
const STRONG_MIGRATIONS = 'config/initializers/strong_migrations.rb';

/**
 * What the project already enforces: `migrations.runnerSetsTimeouts` when the team says so, else
 * what its own files show (strong_migrations' initializer, activerecord-safer_migrations in the
 * Gemfile, `variables:` in config/database.yml, a SET in Alembic's env.py, `-c lock_timeout=` in
 * the OPTIONS of Django's DATABASES).
 */
export function runnerTimeouts(path: string, format: MigrationFormat, config: PreflightConfig, root: string): RunnerTimeouts {
  if (config.migrations.runnerSetsTimeouts) return both('migrations.runnerSetsTimeouts in .preflight.yml');
  if (format === 'rails') return { ...databaseYmlTimeouts(root), ...saferMigrations(root), ...strongMigrationsTimeouts(root) };
  if (format === 'alembic') return alembicEnvTimeouts(root, path);
  if (format === 'django') return djangoSettingsTimeouts(root, path);
  return {};
}

/** strong_migrations checks only migrations after `start_after`: the older ones the team has accepted. */
export function acceptedByStrongMigrations(path: string, format: MigrationFormat, root: string): boolean {
  if (format !== 'rails') return false;
  const version = /(?:^|\/)(\d{14})_[^/]*$/.exec(path)?.[1];
  const startAfter = /^\s*StrongMigrations\.start_after\s*=\s*([\d_]+)/m.exec(projectFileText(root, STRONG_MIGRATIONS) ?? '')?.[1];
  return version !== undefined && startAfter !== undefined && Number(version) <= Number(startAfter.replace(/_/g, ''));
}

function both(source: string): RunnerTimeouts {
  return { lock_timeout: source, statement_timeout: source };
}

function strongMigrationsTimeouts(root: string): RunnerTimeouts {
  const text = codeLines(projectFileText(root, STRONG_MIGRATIONS), '#');
  return found(
    SETTINGS.filter((setting) => new RegExp(`^\\s*StrongMigrations\\.${setting}\\s*=`, 'm').test(text)),
    STRONG_MIGRATIONS,
  );
}

/** activerecord-safer_migrations sets both timeouts around every migration unless told otherwise. */
function saferMigrations(root: string): RunnerTimeouts {
  for (const file of ['Gemfile.lock', 'Gemfile']) {
    if (/^\s*(gem\s+["'])?activerecord-safer_migrations\b/m.test(codeLines(projectFileText(root, file), '#')))
      return both(`activerecord-safer_migrations in ${file}`);
  }
  return {};
}

/** `variables: { lock_timeout: 5s }` under a connection of config/database.yml applies to migrations too. */
function databaseYmlTimeouts(root: string): RunnerTimeouts {
  const text = codeLines(projectFileText(root, 'config/database.yml'), '#');
  const sections = [...text.matchAll(/^(\s*)variables:\s*\n((?:\1\s+.*\n?)*)/gm)].map((match) => match[2]).join('\n');
  return found(
    SETTINGS.filter((setting) => new RegExp(`^\\s*${setting}:`, 'm').test(sections)),
    'config/database.yml (variables)',
  );
}

/** Alembic runs env.py before every migration; a SET of the timeout there (or in connect_args) covers them all. */
function alembicEnvTimeouts(root: string, path: string): RunnerTimeouts {
  const versions = posix.dirname(path);
  const env = posix.join(posix.basename(versions) === 'versions' ? posix.dirname(versions) : versions, 'env.py');
  const text = codeLines(projectFileText(root, env), '#');
  return found(
    SETTINGS.filter((setting) => new RegExp(`\\b${setting}\\b`).test(text)),
    env,
  );
}

/** `'OPTIONS': {'options': '-c lock_timeout=5000'}` in the DATABASES of the settings module applies to migrations too. */
function djangoSettingsTimeouts(root: string, path: string): RunnerTimeouts {
  const settings = djangoSettings(root, path);
  if (!settings) return {};
  const text = codeLines(settings.text, '#');
  return found(
    SETTINGS.filter((setting) => new RegExp(`-c\\s*${setting}\\s*=`).test(text)),
    `${settings.module} (DATABASES OPTIONS)`,
  );
}

function found(settings: readonly TimeoutSetting[], source: string): RunnerTimeouts {
  return Object.fromEntries(settings.map((setting) => [setting, source]));
}

/** The text without whole-line comments, so a commented-out setting does not count. */
function codeLines(text: string | undefined, comment: string): string {
  return (text ?? '')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith(comment))
    .join('\n');
}
