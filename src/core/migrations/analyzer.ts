import type { AnalysisContext, Analyzer, RuleMeta, SourceFile } from '../engine/analyzer';
import type { Finding, Severity } from '../findings/finding';
import { builtIn, report, ruleDocsUrl, ruleId, severityFor, wholeFile } from '../rules/rule';
import { acceptedByStrongMigrations, runnerTimeouts } from './project/runner-settings';
import { databaseFromSyntax, databaseOf, DATABASE_NAMES, type MigrationDatabase } from './project/database';
import { LineIndex } from '../text/line-index';
import {
  GENERIC_SQL_RUNNER,
  mayBeMigrationByContent,
  migrationFormatFromContent,
  migrationFormatOf,
  sqlRunnerOf,
  type SqlRunner,
} from './formats';
import { parseSquawkConfig, SQUAWK_CONFIG_FILE, SQUAWK_CONFIG_RULE, squawkConfigOf, type SquawkConfig } from './project/squawk-config';
import { readdirSync } from 'node:fs';
import { posix } from 'node:path';
import { realPathInside } from '../fs/inside-repository';
import { FRESH_MS, projectCache } from './project/freshness';
import { normalizeTable, type Located } from './operations';
import type { MigrationContext, MigrationRule } from './rule';
import { MIGRATION_RULES } from './rules';
import { isTimeoutRule } from './rules/timeouts';
import { isNonTransactional, operationsFromStatements } from './sql/extract';
import { markSafetyAssured } from './sql/safety-assured';
import { parseSqlRecovering } from './sql/recover';
import { forwardSql } from './sql/sections';
import { extractRailsMigration } from './rails/extract';
import { railsColumnTypesBefore } from './rails/history';
import { extractDjangoMigration } from './python/django/extract';
import { djangoStateBefore } from './python/django/history';
import { extractAlembicMigration } from './python/alembic';
import { extractJsMigration, type JsFramework } from './js/extract';
import { TRACE_RULE_METAS } from '../trace/rules';
import type { MigrationFormat, PreflightConfig, RuleSeverities } from '../config/types';

/** How one framework's migration is read: its operations and how it runs them. */
type FrameworkReading = Pick<
  MigrationContext,
  'runner' | 'inTransaction' | 'transactionOptOut' | 'transactionOptOutEdit' | 'runsAfterDeploy'
> & {
  ops: Located[];
  format?: MigrationFormat;
};

const JS_RUNNERS: Record<JsFramework, { runner: string; optOut: string }> = {
  knex: { runner: 'Knex', optOut: 'export config = { transaction: false } from the migration' },
  typeorm: { runner: 'TypeORM', optOut: 'set transaction = false on the migration class' },
  sequelize: { runner: 'Sequelize', optOut: 'run it outside queryInterface.sequelize.transaction(...)' },
};

/** Reads one migration; `root` is for the project files and earlier migrations that give it meaning. */
type ReadFramework = (text: string, path: string, root: string) => Promise<FrameworkReading>;

function readJs(forced?: JsFramework) {
  return async (text: string): Promise<FrameworkReading> => {
    const migration = await extractJsMigration(text, forced);
    const framework = migration.framework ?? 'knex';
    return {
      ops: migration.ops,
      format: framework,
      runner: JS_RUNNERS[framework].runner,
      // node-postgres sends the runner's BEGIN itself: an explicit COMMIT leaves the session in autocommit.
      inTransaction: transactionState(migration.ops, migration.transactional, true),
      transactionOptOut: JS_RUNNERS[framework].optOut,
    };
  };
}

const FRAMEWORKS: Partial<Record<MigrationFormat, ReadFramework>> = {
  knex: readJs(),
  typeorm: readJs('typeorm'),
  sequelize: readJs('sequelize'),
  async rails(text, path, root) {
    const migration = await extractRailsMigration(text, await railsColumnTypesBefore(root, path));
    return {
      ops: migration.ops,
      runner: 'Rails',
      // execute "COMMIT" ends ActiveRecord's transaction on the server; what follows runs in autocommit.
      inTransaction: transactionState(migration.ops, migration.transactional, true),
      transactionOptOut: 'add disable_ddl_transaction! to the migration class',
      transactionOptOutEdit:
        migration.classBodyStart === undefined
          ? undefined
          : { at: migration.classBodyStart, text: `${migration.indent}disable_ddl_transaction!\n\n` },
    };
  },
  async django(text, path, root) {
    const migration = await extractDjangoMigration(text, await djangoStateBefore(root, path));
    return {
      ops: migration.ops,
      runner: 'Django',
      runsAfterDeploy: migration.runsAfterDeploy,
      inTransaction: () => migration.transactional,
      transactionOptOut: 'set atomic = False on the Migration class',
    };
  },
  async alembic(text) {
    const migration = await extractAlembicMigration(text);
    return {
      ops: migration.ops,
      runner: 'Alembic',
      inTransaction: (index) => !migration.outsideTransaction(index),
      transactionOptOut: 'run it inside "with op.get_context().autocommit_block():"',
    };
  },
};

/** The formats analysed so far; the others are detected by path but not yet read. */
const ANALYSED_FORMATS: ReadonlySet<MigrationFormat> = new Set(['sql', ...(Object.keys(FRAMEWORKS) as MigrationFormat[])]);

export const PARSE_ERROR_RULE = 'migration/parse-error';
export const OTHER_DATABASE_RULE = 'migration/not-postgres';

/** PostgreSQL advice on a MySQL migration would be wrong advice: the file is skipped, and says why once. */
function notPostgres(path: string, { database, source }: MigrationDatabase): Finding {
  const message = `This migration is for ${DATABASE_NAMES[database]} (${source ?? 'default'}); Preflight's migration rules are for PostgreSQL, so it is not analysed.`;
  const help = "If it runs on PostgreSQL, say so in .preflight.yml: 'migrations: { database: postgres }'.";
  return report({ ruleId: OTHER_DATABASE_RULE, severity: 'info', help, path }, wholeFile(message));
}

/** Migration risks: finds migrations by path, extracts their operations, runs every migration rule. */
export const migrationsAnalyzer: Analyzer = {
  name: 'migrations',
  rules: () => [
    ...MIGRATION_RULES.map((rule): RuleMeta => ({
      id: ruleId('migration', rule),
      description: rule.description,
      severity: rule.severity,
      docsUrl: ruleDocsUrl('migration', rule),
    })),
    {
      id: PARSE_ERROR_RULE,
      description: 'A statement of the migration does not parse; the others are still checked.',
      severity: 'warning',
    },
    { id: OTHER_DATABASE_RULE, description: 'The migration is for a database the migration rules are not for.', severity: 'info' },
    { id: OUTSIDE_PATHS_RULE, description: 'A migration found by its content outside migrations.paths.', severity: 'info' },
    { id: SQUAWK_CONFIG_RULE, description: 'A setting of .squawk.toml that Preflight cannot use.', severity: 'warning' },
    // what `preflight trace` reports on a migration, so that an ignore comment may name it
    ...TRACE_RULE_METAS,
  ],
  appliesTo: (path, context) =>
    path === SQUAWK_CONFIG_FILE ||
    ANALYSED_FORMATS.has(migrationFormatOf(path, context.config)!) ||
    (context.config.migrations.enabled && mayBeMigrationByContent(path)),
  analyze(file, context) {
    if (file.path === SQUAWK_CONFIG_FILE) return parseSquawkConfig(file.text, RULE_NAMES).findings;
    const byPath = migrationFormatOf(file.path, context.config);
    const format = byPath ?? migrationFormatFromContent(file.path, file.text);
    if (!format || !ANALYSED_FORMATS.has(format)) return [];
    const found = byPath ? [] : foundByContent(file, format, context);
    return found.length === 0
      ? analyzeMigration(file, context, format)
      : analyzeMigration(file, context, format).then((f) => [...found, ...f]);
  },
};

async function analyzeMigration(file: SourceFile, whole: AnalysisContext, format: MigrationFormat): Promise<Finding[]> {
  const database = databaseOf(file.path, format, whole.config, whole.root);
  if (database.database !== 'postgres') return [notPostgres(file.path, database)];
  if (acceptedByStrongMigrations(file.path, format, whole.root)) return [];
  const squawk = squawkConfigOf(whole.root, RULE_NAMES);
  if (squawk.isExcludedPath(file.path)) return [];
  const context = withSquawkSettings(whole, squawk);
  const framework = FRAMEWORKS[format];
  return framework
    ? analyzeFrameworkMigration(file, context, format, framework)
    : analyzeSqlMigration(file, context, database.source === undefined);
}

const RULE_NAMES = MIGRATION_RULES.map((rule) => rule.name);

const withSquawk = new WeakMap<PreflightConfig, WeakMap<SquawkConfig, AnalysisContext['config']>>();

/**
 * A squawk team's `.squawk.toml` applies where `.preflight.yml` says nothing of the same thing:
 * excluded_rules under the rules it does not configure, pg_version when it sets no postgres.version.
 */
function withSquawkSettings(context: AnalysisContext, squawk: SquawkConfig): AnalysisContext {
  if (Object.keys(squawk.rules).length === 0 && squawk.pgVersion === undefined) return context;
  let byConfig = withSquawk.get(context.config);
  if (!byConfig) withSquawk.set(context.config, (byConfig = new WeakMap()));
  let config = byConfig.get(squawk);
  if (!config) {
    const { migrations, postgres } = context.config;
    config = {
      ...context.config,
      migrations: { ...migrations, rules: { ...squawk.rules, ...migrations.rules } },
      postgres: postgres.setInFile || squawk.pgVersion === undefined ? postgres : { version: squawk.pgVersion, source: PG_VERSION_SOURCE },
    };
    byConfig.set(squawk, config);
  }
  return { ...context, config };
}

const PG_VERSION_SOURCE = `pg_version in ${SQUAWK_CONFIG_FILE}`;

const OUTSIDE_PATHS_RULE = 'migration/outside-migration-paths';
/**
 * A migration found by its content outside migrations.paths is checked, and said so once per
 * folder (on the folder's first file named like a migration), with the line to add.
 */
function foundByContent(file: SourceFile, format: MigrationFormat, context: AnalysisContext): Finding[] {
  const folder = posix.dirname(file.path);
  if (firstVersionedFile(context.root, folder, posix.extname(file.path)) !== posix.basename(file.path)) return [];
  const ext = posix.extname(file.path).slice(1);
  const key = format === 'sql' ? 'sql' : format;
  const message = `This looks like a ${FORMAT_TITLES[format]} migration, outside migrations.paths; Preflight checks it by its content. To say so in .preflight.yml: 'migrations: { paths: { ${key}: ["${folder}/*.${ext}"] } }'.`;
  return [report({ ruleId: OUTSIDE_PATHS_RULE, severity: 'info', path: file.path }, wholeFile(message))];
}

const firstFiles = projectCache<string, { first: string | undefined; checkedAt: number }>();

/** Kept for a moment (see FRESH_MS): every file of a folder asks, and a scan of 800 SQL files listed the folder 800 times. */
function firstVersionedFile(root: string, folder: string, ext: string): string | undefined {
  const key = `${root}\0${folder}\0${ext}`;
  const now = Date.now();
  const cached = firstFiles.get(key);
  if (cached && now - cached.checkedAt < FRESH_MS) return cached.first;
  const first = listFirstVersionedFile(root, folder, ext);
  firstFiles.set(key, { first, checkedAt: now });
  return first;
}

function listFirstVersionedFile(root: string, folder: string, ext: string): string | undefined {
  const real = realPathInside(root, folder);
  if (!real) return undefined;
  try {
    return readdirSync(real)
      .filter((name) => name.endsWith(ext) && mayBeMigrationByContent(posix.join(folder, name)))
      .sort()[0];
  } catch {
    return undefined;
  }
}

const FORMAT_TITLES: Partial<Record<MigrationFormat, string>> = { sql: 'SQL', knex: 'Knex', typeorm: 'TypeORM', sequelize: 'Sequelize' };

async function analyzeFrameworkMigration(
  file: SourceFile,
  context: AnalysisContext,
  format: MigrationFormat,
  read: ReadFramework,
): Promise<Finding[]> {
  const { ops, format: detected, ...how } = await read(file.text, file.path, context.root);
  const migration: MigrationContext = { ...sharedContext(ops, file, context, format), ...how, format: detected ?? format };
  return runRules(ops, migration, context, file.path, new LineIndex(file.text));
}

function sharedContext(
  ops: readonly Located[],
  file: SourceFile,
  context: AnalysisContext,
  format: MigrationFormat,
): Pick<MigrationContext, 'createdTables' | 'postgresVersion' | 'postgresVersionSource' | 'runnerTimeouts' | 'text'> {
  return {
    createdTables: new Set(ops.flatMap((at) => (at.op.kind === 'create-table' ? [normalizeTable(at.op.table)] : []))),
    postgresVersion: context.config.postgres.version,
    postgresVersionSource: context.config.postgres.source,
    runnerTimeouts: runnerTimeouts(file.path, format, context.config, context.root),
    text: file.text,
  };
}

async function analyzeSqlMigration(whole: SourceFile, context: AnalysisContext, databaseUnstated: boolean): Promise<Finding[]> {
  const file = { ...whole, text: forwardSql(whole.text) };
  // An empty migration (or one with only a rollback section) is valid; the parser would call it an error.
  if (file.text.trim() === '') return [];
  const lines = new LineIndex(file.text);
  const parsed = await parseSqlRecovering(file.text);
  const mysql = parsed.errors.length > 0 && databaseUnstated ? databaseFromSyntax(file.text) : undefined;
  if (mysql) return [notPostgres(file.path, mysql)];
  const parseErrors = parsed.errors.map(({ offset, message }) =>
    report(
      { ruleId: PARSE_ERROR_RULE, severity: 'warning', path: file.path, lines },
      {
        at: { start: offset, end: offset + 1 },
        message: `Preflight's PostgreSQL parser cannot read this statement (${message}); the runner may accept it, so the rest of the migration is still checked.`,
      },
    ),
  );
  const ops = markSafetyAssured(operationsFromStatements(parsed.statements, file.text), file.text);
  const runner = assumedTransaction(sqlRunnerOf(file.path, file.text, context.root), squawkConfigOf(context.root, RULE_NAMES));
  const runnerWraps = runner.transactional(
    file.text,
    parsed.statements.length + parsed.errors.length,
    parsed.errors.length === 0 && parsed.statements.length > 0 && parsed.statements.every((s) => isNonTransactional(s.node)),
  );
  const migration: MigrationContext = {
    ...sharedContext(ops, file, context, 'sql'),
    format: 'sql',
    runner: runner.name,
    runnerWraps,
    inTransaction: transactionState(ops, runnerWraps, runner.commitEndsTransaction),
    transactionOptOut: runner.optOut,
  };
  const findings = runRules(ops, migration, context, file.path, lines);
  return parseErrors.length === 0 ? findings : [...parseErrors, ...findings];
}

/**
 * squawk's assume_in_transaction says how the team's runner runs a plain SQL file; for a runner
 * Preflight recognises (Flyway, goose, golang-migrate...), what the runner does is known better.
 */
function assumedTransaction(runner: SqlRunner, squawk: SquawkConfig): SqlRunner {
  if (squawk.assumeInTransaction === undefined || runner.name !== GENERIC_SQL_RUNNER) return runner;
  const assumed = squawk.assumeInTransaction;
  return {
    ...runner,
    name: `Your runner (assume_in_transaction = ${assumed} in ${SQUAWK_CONFIG_FILE})`,
    transactional: () => assumed,
    optOut: 'run it in a migration your runner does not wrap in a transaction, or after a COMMIT',
  };
}

/**
 * Per operation: inside a transaction? The runner's default, changed by explicit BEGIN/COMMIT: after
 * a COMMIT the runner's own transaction is over where the runner lets it be (squawk's documented
 * workaround, `COMMIT; CREATE INDEX CONCURRENTLY ...; BEGIN;`), and a BEGIN opens one.
 */
export function transactionState(
  ops: readonly Located[],
  runnerWraps: boolean,
  commitEndsTransaction: boolean,
): (index: number) => boolean {
  const states: boolean[] = [];
  let inside = runnerWraps;
  for (const at of ops) {
    if (at.op.kind === 'transaction') inside = at.op.action === 'begin' || (runnerWraps && !commitEndsTransaction);
    states.push(inside);
  }
  return (index) => states[index] ?? runnerWraps;
}

/** Each rule's severity under the same overrides, worked out once per scan rather than once per file (keyed by content: callers may edit the object). */
const severitiesByOverrides = new Map<string, Map<MigrationRule, Severity | undefined>>();

function severitiesFor(overrides: RuleSeverities): Map<MigrationRule, Severity | undefined> {
  const key = JSON.stringify(overrides);
  let severities = severitiesByOverrides.get(key);
  if (!severities) {
    if (severitiesByOverrides.size > 100) severitiesByOverrides.clear();
    severities = new Map(MIGRATION_RULES.map((rule) => [rule, severityFor('migration', rule, overrides)]));
    severitiesByOverrides.set(key, severities);
  }
  return severities;
}

export function runRules(
  ops: readonly Located[],
  migration: MigrationContext,
  context: AnalysisContext,
  path: string,
  lines: LineIndex,
): Finding[] {
  const findings: Finding[] = [];
  const severities = severitiesFor(context.config.migrations.rules);
  for (const rule of MIGRATION_RULES) {
    const severity = severities.get(rule);
    if (!severity) continue;
    // safety_assured (and diesel-guard's safety-assured block) judges an operation, not the migration: the timeouts it runs under still matter.
    const hits = rule.check(ops, migration).filter((hit) => !hit.at.assured || isTimeoutRule(rule));
    if (hits.length === 0) continue;
    const { ruleId: id, docsUrl } = builtIn('migration', rule, severity);
    const reporter = { ruleId: id, severity, docsUrl, help: rule.help[migration.format] ?? rule.help.sql, path, lines };
    for (const hit of hits) findings.push(report(reporter, hit));
  }
  return findings;
}
