/**
 * The trace's own rule ids, with what each means: known to ignore comments in migrations
 * (`-- preflight-ignore trace/held-access-exclusive -- <reason>`), which the trace honours too.
 */
export const TRACE_RULES = {
  statementFailed: 'trace/statement-failed',
  baselineFailed: 'trace/baseline-failed',
  notRun: 'trace/not-run',
  heldAccessExclusive: 'trace/held-access-exclusive',
  unpredictedRewrite: 'trace/unpredicted-rewrite',
} as const;

export const TRACE_RULE_METAS: ReadonlyArray<{ id: string; description: string; severity: 'error' | 'warning' | 'info' }> = [
  { id: TRACE_RULES.statementFailed, description: 'PostgreSQL rejected a statement of the traced migration.', severity: 'error' },
  {
    id: TRACE_RULES.baselineFailed,
    description: 'An earlier migration or the schema dump did not load before the trace.',
    severity: 'error',
  },
  {
    id: TRACE_RULES.notRun,
    description: 'A statement that a rolled-back trace cannot run (it refuses a transaction block).',
    severity: 'info',
  },
  {
    id: TRACE_RULES.heldAccessExclusive,
    description: 'A statement took ACCESS EXCLUSIVE on an existing table and its transaction kept it while later statements ran.',
    severity: 'warning',
  },
  {
    id: TRACE_RULES.unpredictedRewrite,
    description: 'The trace saw a table rewritten where no static rule said it would be.',
    severity: 'warning',
  },
];
