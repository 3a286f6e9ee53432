import { parseArgs } from 'node:util';
import { statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { loadConfig } from '../../core/engine/registry';
import { findRepositoryRoot } from '../../core/git/repository-files';
import { readInsideRepository } from '../../core/fs/inside-repository';
import { isTraceableMigration } from '../../core/trace/availability';
import { stopAllClusters, TraceError } from '../../core/trace/cluster';
import { describeStatementTrace, traceReportJson } from '../../core/trace/report';
import { traceMigration, type TraceReport } from '../../core/trace/tracer';
import type { TraceTarget } from '../../core/trace/target';
import { EXIT, UsageError } from '../usage-error';
import type { CommandIo } from '../io';
import { pathsInside, rootFolder } from '../paths';
import { block, inline, painter } from '../terminal-text';

export const TRACE_USAGE = `preflight trace FILE [--format text|json] [--schema DUMP] [--database-url URL] [--allow-remote] [--rows N] [--root DIR]

Runs a migration in a throwaway PostgreSQL (initdb into a temporary folder, a Unix
socket only, removed afterwards, also on Ctrl+C), after the earlier migrations of its set
(or db/structure.sql, or the pg_dump --schema-only file --schema names), and reports per
statement the locks it held, the tables it rewrote
or scanned, the indexes and constraints it created and how long it took; each static
finding is marked confirmed, refuted or not-observable. Of a Rails, Django, Alembic, Knex,
TypeORM or Sequelize migration it runs the SQL written in it (execute, RunSQL, op.execute,
knex.raw, queryRunner.query, sequelize.query), as its runner would, and lists the operations
whose SQL the framework generates as not traced (docs/trace.md). --rows N puts N synthetic rows in
the tables it touches first. --database-url runs it instead in a disposable database you
name (loopback only unless --allow-remote), inside a transaction that is rolled back.

Exit codes: 0 the migration ran, 1 it failed (or an error finding was confirmed),
2 usage error or no PostgreSQL to trace with.`;

export async function runTrace(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      root: { type: 'string' },
      format: { type: 'string', default: 'text' },
      'database-url': { type: 'string' },
      'allow-remote': { type: 'boolean', default: false },
      rows: { type: 'string' },
      schema: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(TRACE_USAGE);
    return EXIT.ok;
  }
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format ${values.format}: expected text or json.`);
  if (positionals.length !== 1) throw new UsageError(`preflight trace takes one migration file.\n${TRACE_USAGE}`);
  const rows = values.rows === undefined ? undefined : Number(values.rows);
  if (rows !== undefined && (!Number.isInteger(rows) || rows < 0 || rows > 10_000_000))
    throw new UsageError(`--rows ${values.rows}: expected a whole number from 0 to 10000000.`);
  if (values['allow-remote'] && !values['database-url']) throw new UsageError('--allow-remote goes with --database-url.');
  const dir = rootFolder(io.cwd, values.root);
  const root = (await findRepositoryRoot(dir)) ?? dir;
  const [path] = pathsInside(root, io.cwd, positionals);
  if (statSync(join(root, path)).isDirectory()) throw new UsageError(`${positionals[0]} is a folder: name one migration file.`);
  const read = readInsideRepository(root, path, 8 * 1024 * 1024, 'the 8 MB a trace reads');
  if ('problem' in read) throw new UsageError(`${positionals[0]} ${read.problem}.`);
  const { config } = await loadConfig(root);
  if (!isTraceableMigration(path, read.text, config))
    throw new UsageError(
      `${positionals[0]} is not a migration Preflight can trace: SQL migrations and Rails, Django, Alembic, Knex, TypeORM and Sequelize migrations can be (see docs/trace.md).`,
    );
  const schema = values.schema === undefined ? undefined : schemaDump(io.cwd, root, values.schema);
  // Only a URL given on this command line is a target: never one from .preflight.yml or the environment.
  const target: TraceTarget = values['database-url']
    ? { kind: 'database-url', url: values['database-url'], allowRemote: values['allow-remote'] }
    : { kind: 'throwaway-cluster' };
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    controller.abort();
    stopAllClusters();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let report: TraceReport;
  try {
    report = await traceMigration({
      root,
      path,
      text: read.text,
      config,
      target,
      rows,
      schema,
      signal: controller.signal,
      progress: values.format === 'text' && io.color ? (message) => io.err(inline(message)) : undefined,
    });
  } catch (error) {
    if (error instanceof TraceError) {
      io.err(`preflight: ${inline(error.message)}`);
      return EXIT.usage;
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  if (values.format === 'json') io.out(JSON.stringify(traceReportJson(report), null, 2));
  else io.out(formatTraceText(report, io.color));
  const failed = report.findings.some((f) => f.severity === 'error' && f.trace !== 'refuted');
  return failed ? EXIT.blocked : EXIT.ok;
}

/** The dump --schema names: repository-relative when it is in the repository, else absolute (it may be kept anywhere). */
function schemaDump(cwd: string, root: string, given: string): string {
  const absolute = resolve(cwd, given);
  let stat;
  try {
    stat = statSync(absolute);
  } catch {
    throw new UsageError(`--schema ${given}: no such file.`);
  }
  if (!stat.isFile()) throw new UsageError(`--schema ${given}: not a file (name a pg_dump --schema-only file).`);
  const inside = relative(root, absolute);
  return inside.startsWith('..') || isAbsolute(inside) ? absolute : inside.split(sep).join('/');
}

/** The runner of a plain SQL file has no name: sqlRunnerOf calls it "This migration". */
function runnerName(runner: string): string {
  return runner === 'This migration' ? 'a plain SQL runner' : inline(runner);
}

const VERDICT_COLOR = { confirmed: 33, refuted: 32, 'not-observable': 2 } as const;

export function formatTraceText(report: TraceReport, useColor: boolean): string {
  const paint = painter(useColor);
  const where = report.target === 'throwaway-cluster' ? 'a throwaway PostgreSQL' : 'the database of --database-url (rolled back)';
  const baseline =
    report.baseline.kind === 'earlier-migrations'
      ? `after ${report.baseline.files.length} earlier migration${report.baseline.files.length === 1 ? '' : 's'}`
      : report.baseline.kind === 'schema-dump'
        ? `after loading ${inline(report.baseline.files[0])}`
        : 'on an empty database';
  const timing = `${report.startupMs === undefined ? '' : `cluster started in ${Math.round(report.startupMs)} ms, `}traced in ${Math.round(report.traceMs)} ms`;
  const lines = [
    `Traced in ${where} ${inline(report.postgres)}, ${baseline}; ${report.runnerTransaction ? 'in one transaction' : 'statement by statement'}, as ${runnerName(report.runner)} runs it (${timing}).`,
    ...report.notes.map((note) => paint(2, `  ${inline(note)}`)),
    '',
  ];
  // statements and the operations not traced, in the order the migration has them
  const entries = [
    ...report.statements.map((statement) => ({ line: statement.line, statement })),
    ...report.untraceable.map((skipped) => ({ line: skipped.line, skipped })),
  ].sort((a, b) => a.line - b.line);
  for (const entry of entries) {
    if ('skipped' in entry) {
      lines.push(`${paint(1, `line ${entry.line}`)}  ${inline(entry.skipped.written)}`);
      lines.push(paint(2, `        not traced: ${inline(entry.skipped.reason)}`));
      continue;
    }
    const { statement } = entry;
    const first = statement.sql.split('\n')[0];
    const rendered =
      statement.source === 'framework-rendered' ? paint(2, `  (${inline(report.runner)}'s SQL, as Preflight renders it)`) : '';
    lines.push(`${paint(1, `line ${statement.line}`)}  ${inline(first.length > 100 ? `${first.slice(0, 100)}…` : first)}${rendered}`);
    lines.push(`        ${inline(describeStatementTrace(statement))}`);
    const earlier = statement.locks.filter((l) => l.since !== statement.line);
    if (earlier.length > 0)
      lines.push(
        paint(
          2,
          `        still held from earlier: ${inline(earlier.map((l) => `${l.mode} on ${l.relation} (line ${l.since})`).join(', '))}`,
        ),
      );
  }
  if (entries.length === 0) lines.push('The migration has no statements.');
  else if (report.statements.length === 0) lines.push('The migration has no statements to trace.');
  lines.push('');
  for (const f of report.findings) {
    const verdict = f.trace ? paint(VERDICT_COLOR[f.trace], f.trace.padEnd(14)) : paint(36, 'trace'.padEnd(14));
    lines.push(`  ${inline(f.file)}:${f.line}:${f.column}  ${verdict}  ${inline(f.message)}  ${paint(2, inline(f.ruleId))}`);
    if (f.traceDetail) lines.push(`      ${inline(f.traceDetail)}`);
    if (f.help && !f.trace) lines.push(`      ${paint(2, block(f.help).split('\n').join('\n      '))}`);
  }
  const counts = (['confirmed', 'refuted', 'not-observable'] as const).map(
    (v) => `${report.findings.filter((f) => f.trace === v).length} ${v}`,
  );
  const own = report.findings.filter((f) => !f.trace).length;
  lines.push('', `${report.findings.length - own} static finding(s): ${counts.join(', ')}; ${own} from the trace itself.`);
  return lines.join('\n');
}
