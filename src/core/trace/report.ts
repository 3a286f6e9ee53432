import type { TraceReport } from './tracer';

/** The JSON contract of `preflight trace --format json`: the report without the offsets and bookkeeping the findings were judged with. */
export function traceReportJson(report: TraceReport): object {
  return {
    version: report.version,
    postgres: report.postgres,
    target: report.target,
    runner: report.runner,
    runnerTransaction: report.runnerTransaction,
    baseline: report.baseline,
    ...(report.rows ? { rows: report.rows } : {}),
    notes: report.notes,
    ...(report.startupMs === undefined ? {} : { startupMs: Math.round(report.startupMs) }),
    traceMs: Math.round(report.traceMs),
    statements: report.statements.map((s) => ({
      line: s.line,
      endLine: s.endLine,
      sql: s.sql,
      locks: s.locks.map(({ relation, mode, since, heldMs }) => ({ relation, mode, since, heldMs })),
      rewrites: s.rewrites,
      scans: s.scans,
      created: s.created,
      ms: s.ms,
      inTransaction: s.inTransaction,
      ...(s.source ? { source: s.source } : {}),
      ...(s.skipped ? { skipped: s.skipped } : {}),
      ...(s.error ? { error: s.error } : {}),
    })),
    ...(report.untraceable.length > 0
      ? {
          untraceable: report.untraceable.map(({ line, endLine, written, reason, changesSchema }) => ({
            line,
            endLine,
            written,
            reason,
            changesSchema,
          })),
        }
      : {}),
    findings: report.findings,
  };
}

/** "holds AccessExclusiveLock on orders for 2 ms; no rewrite": one statement's trace in a line, for hovers and the terminal. */
export function describeStatementTrace(statement: TraceReport['statements'][number]): string {
  if (statement.skipped) return statement.skipped;
  if (statement.error) return `failed: ${statement.error.message}`;
  const own = statement.locks.filter((l) => l.since === statement.line);
  const locks =
    own.length > 0
      ? `holds ${own.map((l) => `${l.mode} on ${l.relation} for ${l.heldMs} ms`).join(', ')}`
      : 'takes no new lock on an existing relation';
  const rewrites = statement.rewrites.length > 0 ? `rewrites ${statement.rewrites.join(', ')}` : 'no rewrite';
  const scans = statement.scans.length > 0 ? `; scans ${statement.scans.join(', ')}` : '';
  const created =
    statement.created.length > 0
      ? `; creates ${statement.created.map((c) => `${c.kind} ${c.name}${c.valid ? '' : ' (not valid)'}`).join(', ')}`
      : '';
  return `${locks}; ${rewrites}${scans}${created}; ${statement.ms} ms`;
}

/** "2 confirmed, 1 refuted, 1 from the trace", or "failed at db/V2__x.sql:3": a trace in a few words. */
export function summarizeTrace(report: TraceReport): string {
  const failed = report.findings.find((f) => f.ruleId === 'trace/statement-failed' || f.ruleId === 'trace/baseline-failed');
  if (failed) return `failed at ${failed.file}:${failed.line}`;
  const count = (verdict: string) => report.findings.filter((f) => f.trace === verdict).length;
  const own = report.findings.filter((f) => !f.trace).length;
  return `${count('confirmed')} confirmed, ${count('refuted')} refuted, ${own} from the trace`;
}

/** What a hover on a 1-based line of the traced file says: its statement's trace, then each finding on it with its verdict. */
export function traceLinesAt(report: TraceReport, file: string, line: number): string[] {
  const statement = report.statements.find((s) => s.line <= line && line <= s.endLine);
  if (!statement) {
    const skipped = report.untraceable.find((u) => u.line <= line && line <= u.endLine);
    return skipped ? [`Trace (PostgreSQL ${report.postgres}): not traced: ${skipped.reason}`] : [];
  }
  const findings = report.findings.filter((f) => f.file === file && f.line >= statement.line && f.line <= statement.endLine);
  const rendered = statement.source === 'framework-rendered' ? ` of ${report.runner}'s SQL as Preflight renders it (${statement.sql})` : '';
  return [
    `Trace (PostgreSQL ${report.postgres})${rendered}: ${describeStatementTrace(statement)}`,
    ...findings.map((f) => `${f.ruleId}: ${f.trace ?? 'found by the trace'}. ${f.traceDetail ?? f.message}`),
  ];
}
