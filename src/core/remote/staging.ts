import type { PreflightConfig } from '../config/types';
import { present, type CommitNode } from './pull-request-query';
import type { CheckSummary, StagingSummary } from './types';

export const DEFAULT_STAGING_ENVIRONMENT = 'staging';

/**
 * The staging review: the head commit's deployment to the configured environment, then the QA
 * signal when one is configured (a label on the PR, or a check). Without a configured signal a
 * successful deployment counts as reviewed.
 */
export function summarizeStaging(
  commit: CommitNode | undefined,
  labels: readonly string[],
  checks: readonly CheckSummary[],
  review: PreflightConfig['remote']['stagingReview'],
): StagingSummary | null {
  const environment = review.environment ?? DEFAULT_STAGING_ENVIRONMENT;
  const deployment = present(commit?.deployments?.nodes)
    .filter((d) => (d.environment ?? '').toLowerCase() === environment.toLowerCase())
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  const configured = review.environment !== undefined || review.label !== undefined || review.check !== undefined;
  if (!deployment && !configured) return null;
  const deployState = deployment ? deploymentState(deployment.latestStatus?.state) : 'missing';
  const base = {
    environment,
    url: deployment?.latestStatus?.environmentUrl ?? deployment?.latestStatus?.logUrl ?? undefined,
    updatedAt: deployment?.latestStatus?.createdAt ?? deployment?.createdAt,
  };
  if (deployState !== 'success') return { ...base, state: deployState, signal: `deployment to ${environment}` };
  if (review.label) return { ...base, state: labels.includes(review.label) ? 'success' : 'pending', signal: `label '${review.label}'` };
  if (review.check) {
    const check = checks.find((c) => c.name === review.check);
    const state = !check
      ? 'pending'
      : check.state === 'success'
        ? 'success'
        : check.state === 'failure' || check.state === 'cancelled'
          ? 'failure'
          : 'pending';
    return { ...base, state, signal: `check '${review.check}'` };
  }
  return { ...base, state: 'success', signal: `deployment to ${environment}` };
}

function deploymentState(state: string | undefined): StagingSummary['state'] {
  switch (state) {
    case 'SUCCESS':
      return 'success';
    case 'FAILURE':
    case 'ERROR':
      return 'failure';
    case 'INACTIVE': // a newer deployment replaced it: staging no longer runs this commit
      return 'missing';
    default: // PENDING, QUEUED, IN_PROGRESS, WAITING
      return 'pending';
  }
}
