import type { Node } from 'web-tree-sitter';
import type { MigrationFormat } from '../config/types';
import { recordingEmbeddedSql, type EmbeddedSql } from '../migrations/embedded-sql';
import { inOtherDatabaseBranch } from '../migrations/dialect-branches';
import { FORMAT_NAMES } from '../migrations/formats';
import { extractJsMigration, type JsFramework } from '../migrations/js/extract';
import { callsOutsideDown } from '../migrations/js/syntax';
import { isSchemaChange, type Located } from '../migrations/operations';
import { extractAlembicMigration } from '../migrations/python/alembic';
import { extractDjangoMigration } from '../migrations/python/django/extract';
import { djangoStateBefore } from '../migrations/python/django/history';
import { operationCalls } from '../migrations/python/django/operation-calls';
import { calleeName, callsIn } from '../migrations/python/syntax';
import { collect, extractRailsMigration, type DeployedCall } from '../migrations/rails/extract';
import { railsColumnTypesBefore } from '../migrations/rails/history';
import { parseSyntax } from '../syntax/tree-sitter';
import { LineIndex } from '../text/line-index';
import { renderRailsCall } from './rails-sql';
import { migrationStatements, type MigrationStatement } from './statements';

export type FrameworkFormat = Extract<MigrationFormat, 'rails' | 'django' | 'alembic' | 'knex' | 'typeorm' | 'sequelize'>;

/** Part of a framework migration the trace does not run, and why. */
export interface UntraceableOperation {
  line: number;
  endLine: number;
  /** Offsets in the file. */
  start: number;
  end: number;
  /** What is written there, in a few words: `add_column :orders, :note, :text`. */
  written: string;
  reason: string;
  /** It changes the schema: the statements after it were not run, since they would run on a schema it had not changed. */
  changesSchema: boolean;
}

/** What a trace runs of a framework migration: the SQL it sends, in order, and what it cannot run. */
export interface FrameworkTracePlan {
  runner: string;
  /** The runner wraps the whole migration in one transaction. */
  transactional: boolean;
  /** Offsets and lines in the migration file; `source` says where the SQL comes from. */
  statements: MigrationStatement[];
  untraceable: UntraceableOperation[];
  /** The tables its operations name (for --rows). */
  tables: string[];
}

/** What a framework migration runs besides SQL: code the trace cannot run. */
const CODE: Record<FrameworkFormat, string> = {
  rails: 'Ruby (models or other code)',
  django: 'Python (RunPython)',
  alembic: 'Python (SQLAlchemy expressions or other code)',
  knex: 'JavaScript',
  typeorm: 'JavaScript',
  sequelize: 'JavaScript',
};

/** The calls that send SQL written in the migration, by framework: one whose SQL Preflight cannot read is not traceable. */
const SQL_CALLS: Record<FrameworkFormat, ReadonlySet<string>> = {
  rails: new Set(['execute', 'exec_query', 'exec_update', 'exec_delete', 'exec_insert']),
  django: new Set(['RunSQL']),
  alembic: new Set(['execute']),
  knex: new Set(['raw']),
  typeorm: new Set(['query']),
  sequelize: new Set(['query']),
};

interface Extracted {
  /** Knex, TypeORM and Sequelize share folders: the content says which wrote it. */
  framework?: FrameworkFormat;
  ops: Located[];
  transactional: boolean;
  /** Operations the runner takes out of its transaction (Alembic's autocommit_block). */
  outsideTransaction?: (index: number) => boolean;
}

/**
 * The SQL a framework migration sends, as Preflight's migration analyzers read it: each SQL string
 * it passes to the database (`execute`, `RunSQL`, `op.execute`, `knex.raw`, `queryRunner.query`,
 * `sequelize.query`) cut into statements, exactly as written; the framework's own operations
 * (add_column, AddField, ...) whose SQL the framework generates are listed as not traceable.
 */
export async function frameworkTracePlan(given: FrameworkFormat, root: string, path: string, text: string): Promise<FrameworkTracePlan> {
  const { result, strings } = await recordingEmbeddedSql(() => extract(given, root, path, text));
  const format = result.framework ?? given;
  const lines = new LineIndex(text);
  const where = (start: number, end: number) => ({
    start,
    end,
    line: lines.positionAt(start).line,
    endLine: lines.positionAt(Math.max(start, end - 1)).line,
  });
  const untraceable: UntraceableOperation[] = [];
  const statements: MigrationStatement[] = [];
  const read = firstReadings(strings);
  for (const { sql, offset } of read) {
    const cut = await migrationStatements(sql);
    const problem =
      inexactSql(text, sql, offset, format) ??
      (cut.some((statement) => !statement.node)
        ? "Preflight's PostgreSQL parser does not read it as whole statements (a fragment of a query, or a template)"
        : undefined);
    if (problem) {
      untraceable.push({
        ...where(offset, offset + sql.length),
        // as the file has it: the reading stands a placeholder in for each ${...}
        written: firstLine(text.slice(offset, offset + sql.length)),
        reason: problem,
        changesSchema: true,
      });
      continue;
    }
    for (const statement of cut)
      statements.push({
        ...statement,
        ...where(offset + statement.start, offset + statement.end),
        source: 'migration-sql',
      });
  }
  const inside = (at: number) => read.some(({ sql, offset }) => offset <= at && at <= offset + sql.length);
  const rendered = format === 'rails' ? await renderedRailsCalls(text) : [];
  for (const call of rendered) {
    if (!('sql' in call)) continue;
    for (const sql of call.sql)
      for (const statement of await migrationStatements(sql))
        statements.push({ ...statement, ...where(call.start, call.end), source: 'framework-rendered' });
  }
  result.ops.forEach((located, index) => {
    if (located.fromSql || inside(located.start) || located.op.kind === 'no-reverse') return;
    const call = rendered.find((c) => c.start <= located.start && located.end <= c.end);
    if (call && 'sql' in call) return;
    const written = firstLine(text.slice(located.start, located.end));
    if (result.outsideTransaction?.(index)) {
      untraceable.push({
        ...where(located.start, located.end),
        written,
        reason: 'it runs in an autocommit_block, outside the migration transaction, which the trace does not do yet',
        changesSchema: true,
      });
      return;
    }
    const code = located.op.kind === 'data-change' && located.op.verb === 'code';
    untraceable.push({
      ...where(located.start, located.end),
      written,
      reason: code
        ? `it runs ${CODE[format]}, not SQL the migration states`
        : call && 'reason' in call
          ? `${FORMAT_NAMES[format]} generates its SQL, and ${call.reason}`
          : `${FORMAT_NAMES[format]} generates its SQL, and Preflight does not reproduce that SQL exactly yet`,
      changesSchema: !code && isSchemaChange(located.op),
    });
  });
  for (const call of await unreadSqlCalls(format, text, (start, end) => read.some(({ offset }) => start <= offset && offset <= end)))
    untraceable.push({
      ...where(call.start, call.end),
      written: firstLine(call.text),
      reason:
        'its SQL is not one string literal (it is built when the migration runs, or joined from parts), so Preflight cannot read it exactly',
      changesSchema: true,
    });
  untraceable.sort((a, b) => a.start - b.start);
  statements.sort((a, b) => a.start - b.start);
  for (const statement of statements) {
    const blocker = untraceable.find((u) => u.changesSchema && u.end <= statement.start);
    if (blocker)
      statement.notRun = `not run: line ${blocker.line} before it (${blocker.written}) could not be traced, so the schema it would run on is unknown`;
  }
  const tables = result.ops.flatMap(({ op }) => (op.kind === 'truncate' ? op.tables : 'table' in op && op.table ? [op.table] : []));
  return { runner: FORMAT_NAMES[format], transactional: result.transactional, statements, untraceable, tables };
}

async function extract(format: FrameworkFormat, root: string, path: string, text: string): Promise<Extracted> {
  switch (format) {
    case 'rails':
      return extractRailsMigration(text, await railsColumnTypesBefore(root, path));
    case 'django':
      return extractDjangoMigration(text, await djangoStateBefore(root, path));
    case 'alembic': {
      const migration = await extractAlembicMigration(text);
      // Alembic runs a PostgreSQL migration in one transaction (transactional DDL), an autocommit_block outside it.
      return { ops: migration.ops, transactional: true, outsideTransaction: migration.outsideTransaction };
    }
    default: {
      const forced: JsFramework | undefined = format === 'knex' ? undefined : format;
      const migration = await extractJsMigration(text, forced);
      return { ...migration, framework: migration.framework };
    }
  }
}

/** The deployed Rails schema helpers whose SQL Preflight renders, with that SQL or why not. */
async function renderedRailsCalls(text: string): Promise<Array<{ start: number; end: number } & ({ sql: string[] } | { reason: string })>> {
  const tree = await parseSyntax('ruby', text);
  try {
    const deployed: DeployedCall[] = [];
    collect(tree.rootNode, deployed, false);
    return deployed.flatMap(({ call }) => {
      const rendering = renderRailsCall(call);
      return rendering ? [{ start: call.startIndex, end: call.endIndex, ...rendering }] : [];
    });
  } finally {
    tree.delete();
  }
}

/** An extractor may read the same string twice (a second reading with its `${...}` blanked): the first is what the file says. */
function firstReadings(strings: readonly EmbeddedSql[]): EmbeddedSql[] {
  const seen = new Set<number>();
  return strings.filter(({ offset }) => !seen.has(offset) && seen.add(offset));
}

/** Why the SQL read is not exactly what the framework sends, if it is not. */
function inexactSql(text: string, sql: string, offset: number, format: FrameworkFormat): string | undefined {
  if (text.slice(offset, offset + sql.length) !== sql)
    return 'its SQL has parts filled in when the migration runs (${...}), so Preflight cannot know the exact SQL';
  if (sql.includes('\\')) return 'its string has escape sequences (\\), which Preflight does not decode yet';
  // Knex replaces every ? and ?? outside quotes with a binding, whatever the SQL means by it
  if (format === 'knex' && /\?/.test(sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"/g, '')))
    return 'Knex fills in its ? and ?? bindings when the migration runs';
  return undefined;
}

function firstLine(written: string): string {
  const line = written.trim().split('\n')[0].trim();
  return line.length > 80 ? `${line.slice(0, 80)}…` : line;
}

/** The deployed calls that send SQL written in the migration, where none of the SQL strings read is. */
async function unreadSqlCalls(
  format: FrameworkFormat,
  text: string,
  holdsReadSql: (start: number, end: number) => boolean,
): Promise<Array<{ start: number; end: number; text: string }>> {
  const grammar = format === 'rails' ? 'ruby' : format === 'django' || format === 'alembic' ? 'python' : 'typescript';
  const tree = await parseSyntax(grammar, text);
  try {
    const names = SQL_CALLS[format];
    let calls: Node[];
    if (format === 'rails') {
      const deployed: DeployedCall[] = [];
      collect(tree.rootNode, deployed, false);
      calls = deployed
        .map(({ call }) => call)
        .filter((call) => !call.childForFieldName('receiver') && names.has(call.childForFieldName('method')?.text ?? ''));
    } else if (format === 'django') {
      calls = operationCalls(tree.rootNode)
        .filter(({ call, runsSql }) => runsSql && names.has(calleeName(call)))
        .map(({ call }) => call);
    } else if (format === 'alembic') {
      calls = callsIn(tree.rootNode, new Set(['downgrade'])).filter(
        (call) => /^op\.execute$/.test(call.childForFieldName('function')?.text ?? '') && !inOtherDatabaseBranch(call),
      );
    } else {
      calls = callsOutsideDown(tree.rootNode).filter((call) => {
        const callee = call.childForFieldName('function');
        const sendsSql = callee?.type === 'member_expression' && names.has(callee.childForFieldName('property')?.text ?? '');
        return sendsSql && !inOtherDatabaseBranch(call);
      });
    }
    return calls
      .filter((call) => !holdsReadSql(call.startIndex, call.endIndex) && !isNoop(call))
      .map((call) => ({ start: call.startIndex, end: call.endIndex, text: call.text }));
  } finally {
    tree.delete();
  }
}

/** `RunSQL(migrations.RunSQL.noop)` and `RunSQL("")` send nothing. */
function isNoop(call: Node): boolean {
  return /^\w*\.?RunSQL\(\s*(migrations\.)?RunSQL\.noop\b|^\w*\.?RunSQL\(\s*(""|'')\s*[,)]/.test(call.text);
}
