import type { Finding } from '../findings/finding';
import { parseSuppressions, suppressionOf } from '../findings/suppression';
import { LineIndex } from '../text/line-index';
import { TRACE_RULES } from './rules';
import { blocksReads, blocksWrites, lockStrength as strength } from './catalog';
import type { StatementTrace, TraceRun } from './tracer';

export type TraceVerdict = 'confirmed' | 'refuted' | 'not-observable';

/** A finding with what the trace made of it: static findings get a verdict, the trace's own findings none. */
export interface TracedFinding extends Finding {
  trace?: TraceVerdict;
  /** What PostgreSQL did that decides the verdict, in one sentence. */
  traceDetail?: string;
}

/** What a static rule predicts PostgreSQL does, in terms a trace can observe. */
type Prediction =
  'rewrite' | 'scan' | 'blocks-writes' | 'blocks-reads' | 'fails-in-transaction' | 'fails-on-rows' | 'lock-timeout' | 'statement-timeout';

const PREDICTIONS: Record<string, Prediction> = {
  'migration/require-concurrent-index-creation': 'blocks-writes',
  'migration/require-concurrent-index-deletion': 'blocks-reads',
  'migration/adding-field-with-default': 'rewrite',
  'migration/changing-column-type': 'rewrite',
  'migration/adding-not-nullable-field': 'scan',
  'migration/constraint-missing-not-valid': 'scan',
  'migration/adding-foreign-key-constraint': 'blocks-writes',
  'migration/disallowed-unique-constraint': 'blocks-reads',
  'migration/ban-concurrent-index-creation-in-transaction': 'fails-in-transaction',
  'migration/adding-required-field': 'fails-on-rows',
  'migration/require-lock-timeout': 'lock-timeout',
  'migration/require-statement-timeout': 'statement-timeout',
};

/**
 * Each static finding confirmed or refuted by what the trace saw at its statement (or
 * not-observable: a renamed column breaks running code, which no database shows), and the
 * findings only a trace can make.
 */
export function judgeFindings(staticFindings: readonly Finding[], run: TraceRun, path: string, text: string): TracedFinding[] {
  const lines = new LineIndex(text);
  const statementOf = (finding: Finding): StatementTrace | undefined => {
    const offset = lines.offsetAt({ line: finding.line, column: finding.column });
    return run.statements.find((s) => s.start <= offset && offset <= s.end);
  };
  const judged: TracedFinding[] = staticFindings.map((finding) => {
    const prediction = PREDICTIONS[finding.ruleId];
    const statement = statementOf(finding);
    if (!prediction)
      return { ...finding, trace: 'not-observable', traceDetail: 'This risk is not about locks or rewrites, which is all a trace sees.' };
    if (!statement) return { ...finding, trace: 'not-observable', traceDetail: 'No statement of the trace is at this position.' };
    return { ...finding, ...verdict(prediction, statement, run) };
  });
  const predictedRewrite = new Set(
    judged
      .filter((f) => PREDICTIONS[f.ruleId] === 'rewrite')
      .flatMap((f) => {
        const statement = statementOf(f);
        return statement ? [statement] : [];
      }),
  );
  const suppressions = parseSuppressions(path, text);
  const traceOnly = run.statements
    .flatMap((statement, index) => [
      ...heldAccessExclusive(statement, index, run, path, lines),
      ...(predictedRewrite.has(statement) ? [] : unpredictedRewrite(statement, run, path, lines)),
    ])
    .filter((finding) => !suppressionOf(finding, suppressions));
  return [...judged, ...run.findings, ...traceOnly].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId),
  );
}

function verdict(prediction: Prediction, statement: StatementTrace, run: TraceRun): Pick<TracedFinding, 'trace' | 'traceDetail'> {
  const pg = run.label;
  if (statement.skipped) return { trace: 'not-observable', traceDetail: `The statement was ${statement.skipped}.` };
  if (statement.error && prediction !== 'fails-in-transaction' && prediction !== 'fails-on-rows')
    return { trace: 'not-observable', traceDetail: `${pg} rejected the statement: ${statement.error.message}.` };
  const existingTables = unique(statement.existingLocks.filter((l) => l.kind === 'table').map((l) => l.relation));
  const strongest = strongestLock(statement);
  const lockWords = strongest ? describeLock(strongest, statement) : 'no lock on an existing table';
  const rewritten = statement.rewrites.filter((name) => existingTables.includes(name));
  const scanned = [...statement.scans, ...rewritten].filter((name) => existingTables.includes(name));
  switch (prediction) {
    case 'rewrite':
      return rewritten.length > 0
        ? { trace: 'confirmed', traceDetail: `${pg} rewrote ${rewritten.join(', ')} (a new relfilenode), holding ${lockWords}.` }
        : {
            trace: 'refuted',
            traceDetail: `${pg} did not rewrite ${existingTables.join(', ') || 'any existing table'}; it held ${lockWords}.`,
          };
    case 'scan':
      return scanned.length > 0
        ? { trace: 'confirmed', traceDetail: `${pg} read every row of ${unique(scanned).join(', ')}, holding ${lockWords}.` }
        : {
            trace: 'refuted',
            traceDetail: `${pg} neither scanned nor rewrote ${existingTables.join(', ') || 'any existing table'}; it held ${lockWords}.`,
          };
    case 'blocks-writes':
    case 'blocks-reads': {
      const blocking = statement.existingLocks.filter(
        (l) => l.kind === 'table' && (prediction === 'blocks-reads' ? blocksReads(l.mode) : blocksWrites(l.mode)),
      );
      const what = prediction === 'blocks-reads' ? 'reads and writes' : 'writes';
      return blocking.length > 0
        ? { trace: 'confirmed', traceDetail: `${pg} held ${describeLock(strongestOf(blocking), statement)}, which blocks ${what}.` }
        : { trace: 'refuted', traceDetail: `${pg} took no lock that blocks ${what} on an existing table (it held ${lockWords}).` };
    }
    case 'fails-in-transaction':
      return statement.error?.code === '25001'
        ? { trace: 'confirmed', traceDetail: `${pg} refused it: ${statement.error.message}.` }
        : {
            trace: 'refuted',
            traceDetail: statement.error
              ? `${pg} rejected it for another reason: ${statement.error.message}.`
              : `${pg} ran it without an error.`,
          };
    case 'fails-on-rows':
      if (statement.error?.code === '23502')
        return { trace: 'confirmed', traceDetail: `${pg} refused it on the table's rows: ${statement.error.message}.` };
      if (statement.error)
        return { trace: 'not-observable', traceDetail: `${pg} rejected it for another reason: ${statement.error.message}.` };
      return { trace: 'not-observable', traceDetail: 'It ran on an empty table in the trace; --rows N fills the tables first.' };
    case 'lock-timeout':
    case 'statement-timeout': {
      const setting = prediction === 'lock-timeout' ? 'lock_timeout' : 'statement_timeout';
      const value = prediction === 'lock-timeout' ? statement.lockTimeout : statement.statementTimeout;
      if (value !== '0') return { trace: 'refuted', traceDetail: `${setting} was ${value} when it ran.` };
      // The timeout matters only where waiting for the lock stalls the application: a lock that blocks writes.
      const blocking = statement.existingLocks.filter((l) => l.kind === 'table' && blocksWrites(l.mode));
      return blocking.length > 0
        ? { trace: 'confirmed', traceDetail: `${setting} was 0 (no limit) when it ran, and it held ${lockWords}.` }
        : {
            trace: 'refuted',
            traceDetail: `${setting} was 0 (no limit), but ${pg} took no lock that blocks reads or writes on an existing table (it held ${lockWords}).`,
          };
    }
  }
}

type ExistingLock = StatementTrace['existingLocks'][number];

function strongestOf<T extends { mode: string }>(locks: readonly T[]): T {
  return [...locks].sort((a, b) => strength(b.mode) - strength(a.mode))[0];
}

function strongestLock(statement: StatementTrace): ExistingLock | undefined {
  const tables = statement.existingLocks.filter((l) => l.kind === 'table');
  return tables.length > 0 ? strongestOf(tables) : undefined;
}

/** "AccessExclusiveLock on orders for 3 ms", or "(taken at line 2)" when an earlier statement of the transaction took it. */
function describeLock(lock: ExistingLock, statement: StatementTrace): string {
  const traced = statement.locks.find((l) => l.relation === lock.relation && l.mode === lock.mode);
  const since = lock.since === statement.line ? '' : `, taken at line ${lock.since}`;
  return `${lock.mode} on ${lock.relation} (${traced?.heldMs ?? statement.ms} ms${since})`;
}

function heldMsOf(statement: StatementTrace, relation: string, mode: string): number {
  return statement.locks.find((l) => l.relation === relation && l.mode === mode)?.heldMs ?? statement.ms;
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}

function at(statement: StatementTrace, lines: LineIndex): Pick<Finding, 'line' | 'column' | 'endLine' | 'endColumn'> {
  const from = lines.positionAt(statement.start);
  const to = lines.positionAt(statement.end);
  return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
}

/** An ACCESS EXCLUSIVE lock on an existing table, kept while the next statements of its transaction ran. */
function heldAccessExclusive(statement: StatementTrace, index: number, run: TraceRun, path: string, lines: LineIndex): TracedFinding[] {
  const locks = statement.existingLocks.filter((l) => l.kind === 'table' && l.mode === 'AccessExclusiveLock' && l.since === statement.line);
  if (locks.length === 0 || statement.releasedAfter === undefined || statement.releasedAfter <= index) return [];
  const later = run.statements.slice(index + 1, statement.releasedAfter + 1).filter((s) => !s.skipped && s.sql.trim() !== '');
  const meaningful = later.filter((s) => !/^(commit|end)\b/i.test(s.sql.trim()));
  if (meaningful.length === 0) return [];
  const tables = unique(locks.map((l) => l.relation));
  const heldMs = heldMsOf(statement, locks[0].relation, 'AccessExclusiveLock');
  return [
    {
      ruleId: TRACE_RULES.heldAccessExclusive,
      severity: 'warning',
      file: path,
      ...at(statement, lines),
      message: `${run.label} took AccessExclusiveLock on ${tables.join(', ')} here and held it while the next ${meaningful.length} statement${meaningful.length === 1 ? '' : 's'} ran (lines ${meaningful[0].line}–${meaningful[meaningful.length - 1].line}), ${heldMs} ms in all: every query on ${tables.length === 1 ? 'it' : 'them'}, reads included, waited until the transaction ended.`,
      help: 'Run this statement in a migration of its own, or last in its transaction, so the lock is released as soon as it is done.',
    },
  ];
}

/** A table rewritten where no static rule said it would be. */
function unpredictedRewrite(statement: StatementTrace, run: TraceRun, path: string, lines: LineIndex): TracedFinding[] {
  const existingTables = new Set(statement.existingLocks.filter((l) => l.kind === 'table').map((l) => l.relation));
  const rewritten = statement.rewrites.filter((name) => existingTables.has(name));
  // TRUNCATE gives the table a new, empty file: no row is copied
  if (rewritten.length === 0 || /^truncate\b/i.test(statement.sql)) return [];
  return [
    {
      ruleId: TRACE_RULES.unpredictedRewrite,
      severity: 'warning',
      file: path,
      ...at(statement, lines),
      message: `${run.label} rewrote ${rewritten.join(', ')} here (a new relfilenode: every row copied) under ${strongestLock(statement)?.mode ?? 'its lock'}, which no static rule predicted; it took ${statement.ms} ms on the trace's data.`,
      help: 'A rewrite takes as long as the table is large and blocks reads and writes throughout; find a form of the change that PostgreSQL can do in the catalog alone, or run it in a maintenance window.',
    },
  ];
}
