import { present, type CommitNode, type RollupContextNode } from './pull-request-query';
import type { CheckState, CheckSummary } from './types';

/**
 * Check runs and commit statuses of the head commit, with required ones first and failing
 * first among them. A required check that has not reported yet is listed as `missing`.
 */
export function summarizeChecks(commit: CommitNode | undefined, requiredNames: ReadonlySet<string>): CheckSummary[] {
  const reported = present(commit?.statusCheckRollup?.contexts.nodes).map((node) => checkFrom(node, requiredNames));
  const latest = latestByName(reported);
  const missing = [...requiredNames]
    .filter((name) => !latest.has(name))
    .map((name): CheckSummary => ({ name, state: 'missing', required: true, url: undefined, kind: 'expected' }));
  return [...latest.values(), ...missing].sort(compareChecks);
}

function checkFrom(node: RollupContextNode, requiredNames: ReadonlySet<string>): CheckSummary {
  if (node.__typename === 'CheckRun') {
    return {
      name: node.name,
      state: checkRunState(node.status, node.conclusion),
      required: node.isRequired || requiredNames.has(node.name),
      url: node.detailsUrl ?? undefined,
      startedAt: node.startedAt ?? undefined,
      kind: 'check-run',
      ...(node.databaseId ? { id: node.databaseId } : {}),
      ...(node.checkSuite?.workflowRun?.databaseId ? { workflowRunId: node.checkSuite.workflowRun.databaseId } : {}),
    };
  }
  return {
    name: node.context,
    state: statusState(node.state),
    required: node.isRequired || requiredNames.has(node.context),
    url: node.targetUrl ?? undefined,
    startedAt: node.createdAt,
    kind: 'status',
  };
}

/** A re-run reports under the same name; the rollup lists the latest first, so keep the first. */
function latestByName(checks: readonly CheckSummary[]): Map<string, CheckSummary> {
  const byName = new Map<string, CheckSummary>();
  for (const check of checks) if (!byName.has(check.name)) byName.set(check.name, check);
  return byName;
}

export function checkRunState(status: string, conclusion: string | null): CheckState {
  if (status !== 'COMPLETED') return 'pending';
  switch (conclusion) {
    case 'SUCCESS':
      return 'success';
    case 'NEUTRAL':
      return 'neutral';
    case 'SKIPPED':
      return 'skipped';
    case 'CANCELLED':
      return 'cancelled';
    case 'STALE':
      return 'pending';
    default: // FAILURE, TIMED_OUT, ACTION_REQUIRED, STARTUP_FAILURE
      return 'failure';
  }
}

function statusState(state: string): CheckState {
  switch (state) {
    case 'SUCCESS':
      return 'success';
    case 'PENDING':
    case 'EXPECTED':
      return 'pending';
    default: // FAILURE, ERROR
      return 'failure';
  }
}

const STATE_ORDER: Record<CheckState, number> = { failure: 0, cancelled: 1, missing: 2, pending: 3, neutral: 4, skipped: 5, success: 6 };

function compareChecks(a: CheckSummary, b: CheckSummary): number {
  return Number(b.required) - Number(a.required) || STATE_ORDER[a.state] - STATE_ORDER[b.state] || a.name.localeCompare(b.name);
}

/** Required check names from rulesets (REST `rules/branches`) and classic branch protection (GraphQL). */
export function requiredCheckNames(
  rulesets: ReadonlyArray<{ type: string; parameters?: { required_status_checks?: Array<{ context: string }> } }>,
  protectionContexts: ReadonlyArray<string | null> | null | undefined,
): Set<string> {
  const names = new Set<string>();
  for (const rule of rulesets)
    if (rule.type === 'required_status_checks') for (const check of rule.parameters?.required_status_checks ?? []) names.add(check.context);
  for (const context of protectionContexts ?? []) if (context) names.add(context);
  return names;
}
