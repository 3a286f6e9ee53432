import assert from 'node:assert/strict';
import { describeStatementTrace, summarizeTrace, traceLinesAt, traceReportJson } from '../../../../src/core/trace/report';
import type { StatementTrace, TraceReport } from '../../../../src/core/trace/tracer';

function statement(overrides: Partial<StatementTrace>): StatementTrace {
  return {
    line: 1,
    endLine: 1,
    sql: 'SELECT 1',
    locks: [],
    rewrites: [],
    scans: [],
    created: [],
    ms: 1.5,
    inTransaction: true,
    start: 0,
    end: 8,
    existingLocks: [],
    lockTimeout: '0',
    statementTimeout: '0',
    ...overrides,
  };
}

const REPORT: TraceReport = {
  version: 1,
  postgres: '15.18',
  target: 'throwaway-cluster',
  runner: 'Flyway',
  runnerTransaction: true,
  baseline: { kind: 'empty', files: [] },
  notes: [],
  untraceable: [],
  statements: [
    statement({
      line: 1,
      endLine: 2,
      sql: 'ALTER TABLE orders\n  ADD COLUMN r float DEFAULT random()',
      locks: [{ relation: 'orders', mode: 'AccessExclusiveLock', since: 1, heldMs: 12.5 }],
      rewrites: ['orders'],
      ms: 10.25,
    }),
    statement({
      line: 3,
      sql: 'CREATE INDEX i ON orders (r)',
      start: 60,
      end: 88,
      locks: [
        { relation: 'orders', mode: 'AccessExclusiveLock', since: 1, heldMs: 12.5 },
        { relation: 'orders', mode: 'ShareLock', since: 3, heldMs: 2 },
      ],
      scans: ['orders'],
      created: [{ kind: 'index', name: 'i', table: 'orders', valid: true }],
      ms: 1.75,
    }),
    statement({ line: 4, sql: 'SELECT 2', skipped: 'not run: an earlier statement failed' }),
  ],
  findings: [
    {
      ruleId: 'migration/adding-field-with-default',
      severity: 'warning',
      file: 'db/V2__x.sql',
      line: 1,
      column: 1,
      endLine: 2,
      endColumn: 10,
      message: 'rewrites',
      trace: 'confirmed',
      traceDetail: 'PostgreSQL 15 rewrote orders.',
    },
    {
      ruleId: 'trace/held-access-exclusive',
      severity: 'warning',
      file: 'db/V2__x.sql',
      line: 1,
      column: 1,
      endLine: 2,
      endColumn: 10,
      message: 'held',
    },
  ],
  startupMs: 1500.4,
  traceMs: 80.6,
};

describe('trace: the report in words and as JSON', () => {
  it("says a statement's own locks, rewrites, scans and creations in one line; earlier locks are not its own", () => {
    assert.equal(
      describeStatementTrace(REPORT.statements[0]),
      'holds AccessExclusiveLock on orders for 12.5 ms; rewrites orders; 10.25 ms',
    );
    assert.equal(
      describeStatementTrace(REPORT.statements[1]),
      'holds ShareLock on orders for 2 ms; no rewrite; scans orders; creates index i; 1.75 ms',
    );
    assert.equal(describeStatementTrace(REPORT.statements[2]), 'not run: an earlier statement failed');
    assert.equal(
      describeStatementTrace(statement({ error: { message: 'relation "nope" does not exist', code: '42P01' } })),
      'failed: relation "nope" does not exist',
    );
  });

  it("gives a hover the statement under the line, with each finding's verdict", () => {
    assert.deepEqual(traceLinesAt(REPORT, 'db/V2__x.sql', 2), [
      'Trace (PostgreSQL 15.18): holds AccessExclusiveLock on orders for 12.5 ms; rewrites orders; 10.25 ms',
      'migration/adding-field-with-default: confirmed. PostgreSQL 15 rewrote orders.',
      'trace/held-access-exclusive: found by the trace. held',
    ]);
    assert.deepEqual(traceLinesAt(REPORT, 'db/V2__x.sql', 9), []);
  });

  it('summarizes the verdicts, or where the migration failed', () => {
    assert.equal(summarizeTrace(REPORT), '1 confirmed, 0 refuted, 1 from the trace');
    const failed = { ...REPORT, findings: [{ ...REPORT.findings[1], ruleId: 'trace/statement-failed', line: 3 }] };
    assert.equal(summarizeTrace(failed), 'failed at db/V2__x.sql:3');
  });

  it('keeps the offsets and bookkeeping out of the JSON, and rounds the times', () => {
    const json = traceReportJson(REPORT) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json), [
      'version',
      'postgres',
      'target',
      'runner',
      'runnerTransaction',
      'baseline',
      'notes',
      'startupMs',
      'traceMs',
      'statements',
      'findings',
    ]);
    assert.equal(json.startupMs, 1500);
    assert.equal(json.traceMs, 81);
    assert.deepEqual((json.statements as unknown[])[2], {
      line: 4,
      endLine: 1,
      sql: 'SELECT 2',
      locks: [],
      rewrites: [],
      scans: [],
      created: [],
      ms: 1.5,
      inTransaction: true,
      skipped: 'not run: an earlier statement failed',
    });
  });
});
