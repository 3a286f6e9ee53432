import type { Client, ClientConfig, DatabaseError } from 'pg';
import type { PreflightConfig } from '../config/types';
import { analyzeFile } from '../engine/analyze-file';
import type { Finding } from '../findings/finding';
import { migrationsAnalyzer } from '../migrations/analyzer';
import { migrationFormatFromContent, migrationFormatOf, sqlRunnerOf } from '../migrations/formats';
import { isNonTransactional } from '../migrations/sql/extract';
import { operationsFromStatements } from '../migrations/sql/extract';
import { normalizeTable } from '../migrations/operations';
import { LineIndex } from '../text/line-index';
import { chooseInstallation, findPostgresInstallations, INSTALL_HINT } from './binaries';
import { catalogSnapshot, locksHeldBy, lockStrength, type CatalogSnapshot, type HeldLock } from './catalog';
import { ThrowawayCluster, TraceError } from './cluster';
import { baselineFor, dumpIncludesMigration, readBaselineFile, withoutPsqlCommands, type Baseline } from './earlier-migrations';
import { TRACEABLE_FRAMEWORKS } from './availability';
import { frameworkTracePlan, type FrameworkFormat, type UntraceableOperation } from './framework-migrations';
import { migrationStatements, transactionEffect, type MigrationStatement } from './statements';
import { fillTable } from './synthetic-rows';
import { checkDatabaseUrl, type TraceTarget } from './target';
import { judgeFindings, type TracedFinding } from './verdicts';

export interface TraceOptions {
  /** Absolute path of the repository root. */
  root: string;
  /** The migration, repository-relative (POSIX). */
  path: string;
  text: string;
  config: PreflightConfig;
  target: TraceTarget;
  /** Synthetic rows to put in each table the migration touches before it runs. */
  rows?: number;
  /**
   * A schema dump (pg_dump --schema-only) to load before the migration, instead of the earlier
   * migrations or the repository's own dump: repository-relative, or absolute when the user named it.
   */
  schema?: string;
  signal?: AbortSignal;
  progress?: (message: string) => void;
}

export interface TracedLock {
  relation: string;
  mode: string;
  /** The line of the statement that took it: an earlier one when the transaction already held it. */
  since: number;
  /** From the start of the statement that took it to the end of its transaction (or of the statement, outside one). */
  heldMs: number;
}

/** A lock the open transaction holds, shared by every statement that ran while it was held. */
interface Holding {
  traced: TracedLock;
  relation: HeldLock;
  startedAt: number;
  statement: number;
}

export interface CreatedObject {
  kind: 'index' | 'constraint';
  name: string;
  table: string;
  /** For a constraint: check, foreign-key, unique, primary-key, exclusion. */
  type?: string;
  valid: boolean;
}

export interface StatementTrace {
  line: number;
  endLine: number;
  sql: string;
  /** Locks its transaction held once it had run (taken by it, or earlier: see `since`). */
  locks: TracedLock[];
  /** Tables (and indexes, when only they were) given a new file: every row rewritten. */
  rewrites: string[];
  /** Tables read in full without being rewritten (a NOT NULL or CHECK validated against every row). */
  scans: string[];
  created: CreatedObject[];
  ms: number;
  inTransaction: boolean;
  /** Of a framework migration: SQL written in it, or Preflight's rendering of the framework's SQL. */
  source?: 'migration-sql' | 'framework-rendered';
  /** Why it was not run, when it was not. */
  skipped?: string;
  /** The database's error, when it failed. */
  error?: { message: string; code?: string };
  /** Offsets in the file, for the findings; not part of the JSON report. */
  start: number;
  end: number;
  /** The locks held on relations that existed before the migration, and the line that took each (not printed). */
  existingLocks: Array<HeldLock & { since: number }>;
  /** When its AccessExclusiveLocks were released: the index of the statement after which its transaction ended. */
  releasedAfter?: number;
  lockTimeout: string;
  statementTimeout: string;
}

export interface TraceReport {
  version: 1;
  /** The server's version: "15.18". */
  postgres: string;
  target: TraceTarget['kind'];
  runner: string;
  /** Whether the runner wraps the whole migration in one transaction. */
  runnerTransaction: boolean;
  baseline: Baseline;
  rows?: number;
  notes: string[];
  statements: StatementTrace[];
  /** Of a framework migration: what it does that the trace did not run, and why. */
  untraceable: UntraceableOperation[];
  findings: TracedFinding[];
  /** initdb and start of the throwaway cluster. */
  startupMs?: number;
  /** Loading the baseline, filling rows and running the migration. */
  traceMs: number;
}

const ACTIVE_SQL_TRANSACTION = '25001';
const SAMPLE_EVERY_MS = 5;

/**
 * Runs a SQL migration in a PostgreSQL that nothing else uses and reports, per statement, what
 * PostgreSQL did: the locks (seen from a second session while the statement's transaction is
 * still open), rewrites (a changed relfilenode), scans, the indexes and constraints it created,
 * and how long it took; then judges the static findings against that.
 */
export async function traceMigration(options: TraceOptions): Promise<TraceReport> {
  const staticFindings = await analyzeFile({ path: options.path, text: options.text }, [migrationsAnalyzer], {
    config: options.config,
    root: options.root,
  });
  const { runner, runnerTransaction, statements, untraceable, tables, framework } = await migrationToRun(options);
  if (
    framework &&
    options.target.kind === 'throwaway-cluster' &&
    !options.schema &&
    baselineFor(options.root, options.path).kind === 'empty'
  )
    // its earlier migrations are not SQL: on an empty database every table they made is missing
    throw new TraceError(
      `${options.path} is a ${runner} migration, and a trace needs the schema it runs on: ${
        runner === 'Rails' ? 'keep db/structure.sql (config.active_record.schema_format = :sql), or ' : ''
      }name a pg_dump --schema-only file of the database before it with --schema FILE${runner === 'Rails' ? '' : ' (or keep one at db/schema.sql or schema.sql)'}.`,
    );
  const notes: string[] = [];
  let cluster: ThrowawayCluster | undefined;
  let startupMs: number | undefined;
  let connection: ClientConfig;
  if (options.target.kind === 'database-url') {
    checkDatabaseUrl(options.target.url, options.target.allowRemote);
    connection = { connectionString: options.target.url };
  } else {
    const chosen = chooseInstallation(await findPostgresInstallations(), options.config.postgres.version);
    if (!chosen)
      throw new TraceError(
        `No PostgreSQL server is installed (no initdb on PATH, from pg_config or under /usr/lib/postgresql). ${INSTALL_HINT}`,
      );
    if (chosen.note) notes.push(chosen.note);
    options.progress?.(`Starting PostgreSQL ${chosen.binaries.version}…`);
    const started = performance.now();
    cluster = await ThrowawayCluster.start(chosen.binaries, options.signal);
    startupMs = performance.now() - started;
    connection = cluster.connection;
  }
  try {
    const traced = await runTrace(options, connection, statements, runnerTransaction, notes, tables);
    const findings = judgeFindings(staticFindings, traced, options.path, options.text).map((finding) =>
      withUntraceableReason(finding, untraceable, options.text),
    );
    return {
      version: 1,
      postgres: traced.version,
      target: options.target.kind,
      runner,
      runnerTransaction,
      baseline: traced.baseline,
      rows: options.rows,
      notes,
      statements: traced.statements,
      untraceable,
      findings,
      startupMs,
      traceMs: traced.ms,
    };
  } finally {
    cluster?.stop();
  }
}

/** What the trace runs, and how the runner would run it. */
async function migrationToRun(options: TraceOptions): Promise<{
  runner: string;
  runnerTransaction: boolean;
  statements: MigrationStatement[];
  untraceable: UntraceableOperation[];
  /** The tables it names, for --rows. */
  tables: Set<string>;
  /** A framework's migration (its earlier migrations are not SQL). */
  framework?: boolean;
}> {
  const format = migrationFormatOf(options.path, options.config) ?? migrationFormatFromContent(options.path, options.text);
  if (format && TRACEABLE_FRAMEWORKS.has(format)) {
    const plan = await frameworkTracePlan(format as FrameworkFormat, options.root, options.path, options.text);
    return {
      runner: plan.runner,
      runnerTransaction: plan.transactional,
      statements: plan.statements,
      untraceable: plan.untraceable,
      tables: new Set(plan.tables.map(normalizeTable)),
      framework: true,
    };
  }
  const statements = await migrationStatements(options.text);
  const runner = sqlRunnerOf(options.path, options.text, options.root);
  const runnerTransaction = runner.transactional(
    options.text,
    statements.length,
    statements.length > 0 && statements.every((statement) => statement.node !== undefined && isNonTransactional(statement.node)),
  );
  const parsed = statements.flatMap((s) => (s.parsed ? [s.parsed] : []));
  const tables = new Set<string>();
  for (const { op } of operationsFromStatements(parsed, options.text)) {
    if ('table' in op && op.table) tables.add(normalizeTable(op.table));
    if (op.kind === 'truncate') op.tables.forEach((t) => tables.add(normalizeTable(t)));
  }
  return { runner: runner.name, runnerTransaction, statements, untraceable: [], tables };
}

/** A finding on an operation the trace did not run says why, rather than that no statement is there. */
function withUntraceableReason(finding: TracedFinding, untraceable: readonly UntraceableOperation[], text: string): TracedFinding {
  if (finding.trace !== 'not-observable' || untraceable.length === 0) return finding;
  const offset = new LineIndex(text).offsetAt({ line: finding.line, column: finding.column });
  const skipped = untraceable.find((u) => u.start <= offset && offset <= u.end);
  return skipped ? { ...finding, traceDetail: `Not traced: ${skipped.reason}.` } : finding;
}

/** What the run gave, before the findings are judged. */
export interface TraceRun {
  version: string;
  /** "PostgreSQL 15" in messages. */
  label: string;
  baseline: Baseline;
  statements: StatementTrace[];
  /** Findings of the run itself: a failed statement, a baseline that did not load, a statement not run. */
  findings: Finding[];
  /** OIDs of the relations that existed before the migration. */
  existing: ReadonlySet<number>;
  ms: number;
}

async function connect(config: ClientConfig, name: string): Promise<Client> {
  // node-postgres loads only when a trace runs: every other run of the CLI and the editor does without it.
  const { Client } = await import('pg');
  const client = new Client({ ...config, application_name: `preflight-trace-${name}`, connectionTimeoutMillis: 15_000 });
  client.on('error', () => {
    // a lost connection fails the query in flight, which reports it
  });
  try {
    await client.connect();
  } catch (error) {
    throw new TraceError(`Could not connect to PostgreSQL: ${(error as Error).message}`);
  }
  return client;
}

async function runTrace(
  options: TraceOptions,
  connection: ClientConfig,
  statements: readonly MigrationStatement[],
  runnerTransaction: boolean,
  notes: string[],
  tables: ReadonlySet<string>,
): Promise<TraceRun> {
  const started = performance.now();
  const own = options.target.kind === 'throwaway-cluster';
  const lines = new LineIndex(options.text);
  const findings: Finding[] = [];
  const baseline: Baseline = !own
    ? { kind: 'empty', files: [] }
    : options.schema
      ? { kind: 'schema-dump', files: [options.schema] }
      : baselineFor(options.root, options.path);
  if (!own) notes.push('The database is taken as it is (no earlier migrations are applied), and everything is rolled back at the end.');
  const runner = await connect(connection, 'runner');
  const observer = await connect(connection, 'observer').catch(async (error) => {
    await runner.end().catch(() => undefined);
    throw error;
  });
  const pid = Number((await runner.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid);
  const cancel = () => void observer.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined);
  options.signal?.addEventListener('abort', cancel);
  const checkCancelled = () => {
    if (options.signal?.aborted) throw new TraceError('The trace was cancelled.');
  };
  try {
    const version = String((await runner.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version).split(' ')[0];
    const label = `PostgreSQL ${version.split('.')[0]}`;
    if (own && baseline.files.length > 0) {
      options.progress?.(`Loading ${baseline.files.length} earlier file(s)…`);
      const failed = await loadBaseline(connection, options.root, options.path, baseline, label, checkCancelled);
      if (failed) {
        findings.push(failed);
        return { version, label, baseline, statements: [], findings, existing: new Set(), ms: performance.now() - started };
      }
    }
    if (!own) await runner.query('BEGIN');
    if (options.rows && options.rows > 0) {
      options.progress?.(`Filling the tables with ${options.rows} rows…`);
      notes.push(...(await fillTouchedTables(runner, tables, options.rows, own)));
    }
    const before = await catalogSnapshot(runner);
    const existing = new Set(before.relations.keys());
    const traces: StatementTrace[] = [];
    let inBlock = !own || runnerTransaction;
    if (own && runnerTransaction) await runner.query('BEGIN');
    /** Locks held by the open transaction, by oid and mode: a later statement re-taking one takes nothing new. */
    let held = new Map<string, Holding>();
    const closeTransaction = (afterIndex: number) => {
      const now = performance.now();
      for (const holding of held.values()) {
        traces[holding.statement].releasedAfter = afterIndex;
        holding.traced.heldMs = Math.max(holding.traced.heldMs, round(now - holding.startedAt));
      }
      held = new Map();
    };
    let failed = false;
    for (const [index, statement] of statements.entries()) {
      checkCancelled();
      const effect = transactionEffect(statement);
      const trace: StatementTrace = {
        line: statement.line,
        endLine: statement.endLine,
        sql: statement.sql,
        locks: [],
        rewrites: [],
        scans: [],
        created: [],
        ms: 0,
        inTransaction: inBlock,
        ...(statement.source ? { source: statement.source } : {}),
        start: statement.start,
        end: statement.end,
        existingLocks: [],
        lockTimeout: '',
        statementTimeout: '',
      };
      traces.push(trace);
      if (failed) {
        trace.skipped = 'not run: an earlier statement failed';
        continue;
      }
      if (statement.notRun) {
        trace.skipped = statement.notRun;
        continue;
      }
      if (!own && effect) {
        trace.skipped = 'not sent: the trace keeps the whole migration in one transaction, which it rolls back';
        continue;
      }
      options.progress?.(`Line ${statement.line}: ${statement.sql.split('\n')[0].slice(0, 60)}`);
      // Outside a transaction block each statement is its own transaction; one opened here around it
      // keeps its locks visible until it has been observed, and commits as it would have.
      const wrapped = own && !inBlock && effect === undefined;
      if (wrapped) await runner.query('BEGIN');
      if (!own) await runner.query('SAVEPOINT preflight_statement');
      const snapshot = await catalogSnapshot(runner);
      trace.lockTimeout = snapshot.lockTimeout;
      trace.statementTimeout = snapshot.statementTimeout;
      let outcome = await runObserved(runner, observer, pid, statement.sql);
      if (outcome.error?.code === ACTIVE_SQL_TRANSACTION && wrapped) {
        // CREATE INDEX CONCURRENTLY and the like refuse a transaction block: run it as the runner would, alone.
        await runner.query('ROLLBACK');
        outcome = await runObserved(runner, observer, pid, statement.sql);
        trace.inTransaction = false;
        const after = await catalogSnapshot(runner);
        describeChanges(trace, snapshot, after, existing, outcome.sampled, held, index, outcome.ms);
        closeTransaction(index);
        if (outcome.error) failed = recordFailure(trace, outcome.error, statement, lines, options.path, findings, label);
        continue;
      }
      if (outcome.error?.code === ACTIVE_SQL_TRANSACTION && !own) {
        await runner.query('ROLLBACK TO SAVEPOINT preflight_statement');
        trace.skipped = 'not run: it cannot run inside a transaction block, and the trace rolls everything back';
        findings.push({
          ruleId: 'trace/not-run',
          severity: 'info',
          file: options.path,
          ...range(lines, statement.start, statement.end),
          message: `Not traced: this statement cannot run inside a transaction block, and a trace against --database-url keeps everything in one transaction that it rolls back. Trace it in a throwaway cluster (without --database-url).`,
        });
        continue;
      }
      if (outcome.error) {
        trace.ms = outcome.ms;
        failed = recordFailure(trace, outcome.error, statement, lines, options.path, findings, label);
        if (wrapped || (own && inBlock)) await runner.query('ROLLBACK').catch(() => undefined);
        if (!own) await runner.query('ROLLBACK TO SAVEPOINT preflight_statement');
        inBlock = !own;
        continue;
      }
      const after = await catalogSnapshot(runner);
      describeChanges(
        trace,
        snapshot,
        after,
        existing,
        [...outcome.sampled, ...(await locksHeldBy(observer, pid))],
        held,
        index,
        outcome.ms,
      );
      if (!own) await runner.query('RELEASE SAVEPOINT preflight_statement');
      if (wrapped) {
        await runner.query('COMMIT');
        closeTransaction(index);
      } else if (effect === 'begin') inBlock = true;
      else if (effect === 'end') {
        inBlock = false;
        closeTransaction(index);
      }
    }
    if (own && inBlock && !failed) {
      const committed = await runner.query('COMMIT').then(
        () => undefined,
        (error: DatabaseError) => error,
      );
      if (committed && traces.length > 0) {
        const last = statements[statements.length - 1];
        failed = recordFailure(traces[traces.length - 1], committed, last, lines, options.path, findings, label, 'at COMMIT');
      }
    }
    if (!own) await runner.query('ROLLBACK').catch(() => undefined);
    // a cancel arriving mid-statement cancels it in PostgreSQL (57014): that is the user's doing, not the migration failing
    checkCancelled();
    closeTransaction(traces.length - 1);
    return { version, label, baseline, statements: traces, findings, existing, ms: performance.now() - started };
  } finally {
    options.signal?.removeEventListener('abort', cancel);
    await Promise.all([runner.end().catch(() => undefined), observer.end().catch(() => undefined)]);
  }
}

/** Runs one statement while the second session samples its locks, so that locks it releases before it ends are seen too. */
async function runObserved(
  runner: Client,
  observer: Client,
  pid: number,
  sql: string,
): Promise<{ ms: number; error?: DatabaseError; sampled: HeldLock[] }> {
  const sampled: HeldLock[] = [];
  let running = true;
  const sampling = (async () => {
    while (running) {
      sampled.push(...(await locksHeldBy(observer, pid).catch(() => [])));
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
    }
  })();
  const started = performance.now();
  let error: DatabaseError | undefined;
  try {
    await runner.query(sql);
  } catch (caught) {
    error = caught as DatabaseError;
  }
  const ms = performance.now() - started;
  running = false;
  await sampling;
  return { ms, error, sampled };
}

function describeChanges(
  trace: StatementTrace,
  before: CatalogSnapshot,
  after: CatalogSnapshot,
  existing: ReadonlySet<number>,
  observed: readonly HeldLock[],
  held: Map<string, Holding>,
  index: number,
  ms: number,
): void {
  trace.ms = round(ms);
  const startedAt = performance.now() - ms;
  // Sampling sees a statement's locks in whatever order they were taken: list them by relation, strongest first.
  for (const lock of [...observed].sort(byRelationThenStrength)) {
    const key = `${lock.oid}\0${lock.mode}`;
    if (!held.has(key))
      held.set(key, {
        relation: lock,
        startedAt,
        statement: index,
        traced: { relation: lock.relation, mode: lock.mode, since: trace.line, heldMs: trace.ms },
      });
  }
  for (const holding of held.values()) {
    trace.locks.push(holding.traced);
    if (existing.has(holding.relation.oid)) trace.existingLocks.push({ ...holding.relation, since: holding.traced.since });
  }
  const rewrittenTables = new Set<string>();
  for (const [oid, relation] of after.relations) {
    const previous = before.relations.get(oid);
    if (!previous || previous.fileNode === relation.fileNode || relation.fileNode === 0) continue;
    if (relation.kind === 'index') continue;
    rewrittenTables.add(relation.name);
  }
  for (const [oid, relation] of after.relations) {
    const previous = before.relations.get(oid);
    if (relation.kind === 'index' && previous && previous.fileNode !== relation.fileNode && !rewrittenTables.has(relation.table ?? ''))
      rewrittenTables.add(relation.name);
  }
  trace.rewrites = [...rewrittenTables].sort();
  for (const [oid, count] of after.seqScans) {
    const name = after.relations.get(oid)?.name;
    if (name && count > (before.seqScans.get(oid) ?? 0) && existing.has(oid) && !rewrittenTables.has(name)) trace.scans.push(name);
  }
  trace.scans.sort();
  const constraintIndexes = new Set<number>();
  for (const [oid, constraint] of after.constraints) {
    if (before.constraints.has(oid)) continue;
    if (constraint.indexOid !== undefined) constraintIndexes.add(constraint.indexOid);
    trace.created.push({
      kind: 'constraint',
      name: constraint.name,
      table: constraint.table,
      type: constraint.type,
      valid: constraint.validated,
    });
  }
  for (const [oid, relation] of after.relations) {
    if (relation.kind !== 'index' || before.relations.has(oid) || constraintIndexes.has(oid)) continue;
    trace.created.push({ kind: 'index', name: relation.name, table: relation.table ?? '', valid: relation.valid });
  }
}

function recordFailure(
  trace: StatementTrace,
  error: DatabaseError,
  statement: MigrationStatement,
  lines: LineIndex,
  path: string,
  findings: Finding[],
  label: string,
  when = '',
): true {
  trace.error = { message: error.message, code: error.code };
  const position = Number(error.position);
  // a position in SQL Preflight rendered is not a position in the file: the error is placed at the call
  const inFile = !when && statement.source !== 'framework-rendered';
  const at = Number.isInteger(position) && position > 0 && inFile ? statement.start + position - 1 : statement.start;
  const help = [error.detail && `Detail: ${error.detail}`, error.hint && `Hint: ${error.hint}`].filter(Boolean).join('\n');
  findings.push({
    ruleId: 'trace/statement-failed',
    severity: 'error',
    file: path,
    ...range(lines, at, when ? statement.end : Math.min(statement.end, at + 1)),
    message: `${label} rejected this statement${when ? ` ${when}` : ''}: ${error.message}${error.code ? ` (SQLSTATE ${error.code})` : ''}. The migration would fail here.`,
    ...(help ? { help } : {}),
  });
  return true;
}

function range(lines: LineIndex, start: number, end: number): Pick<Finding, 'line' | 'column' | 'endLine' | 'endColumn'> {
  const from = lines.positionAt(start);
  const to = lines.positionAt(Math.max(end, start + 1));
  return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/**
 * Applies the earlier migrations or the schema dump on a connection of their own, statement by
 * statement and each committed (a dump sets search_path to '' for its session; the migration's
 * session must not inherit that). The first failure is a finding on that file.
 */
async function loadBaseline(
  connection: ClientConfig,
  root: string,
  path: string,
  baseline: Baseline,
  label: string,
  checkCancelled: () => void,
): Promise<Finding | undefined> {
  const client = await connect(connection, 'setup');
  try {
    for (const file of baseline.files) {
      checkCancelled();
      const read = readBaselineFile(root, file);
      if ('problem' in read)
        return baselineFailed(file, `The trace could not load ${file}, which runs before the traced migration: it ${read.problem}.`);
      const applied = baseline.kind === 'schema-dump' ? dumpIncludesMigration(read.text, path) : undefined;
      if (applied)
        return baselineFailed(
          file,
          `${file} already includes this migration (${applied}), so tracing it there would run it a second time: trace it before the dump is updated, or name a dump taken before it with --schema FILE.`,
        );
      const text = baseline.kind === 'schema-dump' ? withoutPsqlCommands(read.text) : read.text;
      const lines = new LineIndex(text);
      for (const statement of await migrationStatements(text)) {
        try {
          await client.query(statement.sql);
        } catch (error) {
          const pgError = error as DatabaseError;
          return {
            ruleId: 'trace/baseline-failed',
            severity: 'error',
            file,
            ...range(lines, statement.start, statement.end),
            message: `${label} rejected this statement of ${file}, which runs before the traced migration, so the migration was not traced: ${pgError.message}.`,
          };
        }
      }
    }
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The tables the migration names that already exist, filled before it runs; notes say which could not be. */
async function fillTouchedTables(client: Client, tables: ReadonlySet<string>, rows: number, own: boolean): Promise<string[]> {
  const notes: string[] = [];
  if (own) await client.query('BEGIN');
  await client.query('SAVEPOINT preflight_replica');
  await client.query("SET LOCAL session_replication_role = 'replica'").then(
    () => client.query('RELEASE SAVEPOINT preflight_replica'),
    async () => {
      await client.query('ROLLBACK TO SAVEPOINT preflight_replica');
      notes.push('Foreign keys were checked while filling (session_replication_role needs a superuser).');
    },
  );
  for (const table of tables) {
    const found = await client.query<{ oid: string | null }>('SELECT to_regclass($1)::oid::int8 AS oid', [table]);
    const oid = found.rows[0]?.oid;
    if (!oid) continue;
    const problem = await fillTable(client, Number(oid), rows);
    notes.push(problem ? `${table} was not filled: ${problem}.` : `${table}: ${rows} synthetic rows added before the migration.`);
  }
  if (own) {
    await client.query('COMMIT');
    // the rows are committed: a scan or rewrite of them is what the migration pays for
    await client.query('ANALYZE');
  } else await client.query("SET LOCAL session_replication_role = 'origin'").catch(() => undefined);
  return notes;
}

function byRelationThenStrength(a: HeldLock, b: HeldLock): number {
  return a.relation.localeCompare(b.relation) || lockStrength(b.mode) - lockStrength(a.mode);
}

/** The baseline could not be loaded: a finding at the top of the baseline file. */
function baselineFailed(file: string, message: string): Finding {
  return { ruleId: 'trace/baseline-failed', severity: 'error', file, line: 1, column: 1, endLine: 1, endColumn: 1, message };
}
