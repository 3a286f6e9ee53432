import type { RemoteStatus } from './types';

/** What stands between this pull request and a merge, in words, most serious first. */
export function remoteBlockers(status: Pick<RemoteStatus, 'pullRequest' | 'checks' | 'reviews' | 'staging'>): string[] {
  const pr = status.pullRequest;
  if (!pr) return [];
  const blockers: string[] = [];
  const required = status.checks.filter((c) => c.required);
  for (const check of required.filter((c) => c.state === 'failure' || c.state === 'cancelled')) blockers.push(`required check '${check.name}' ${check.state === 'failure' ? 'failed' : 'was cancelled'}`);
  if (status.reviews.decision === 'changes_requested') {
    const by = status.reviews.changesRequestedBy;
    blockers.push(`changes requested${by.length > 0 ? ` by ${by.join(', ')}` : ''}`);
  }
  if (status.reviews.unresolvedThreads > 0) blockers.push(`${plural(status.reviews.unresolvedThreads, 'unresolved review thread')}`);
  if (status.reviews.openTasks > 0) blockers.push(`${plural(status.reviews.openTasks, 'open review task')}`);
  if (status.staging?.state === 'failure') blockers.push(`staging review failed (${status.staging.signal})`);
  if (status.staging?.state === 'pending') blockers.push(`staging review pending (${status.staging.signal}): a push replaces what QA is reviewing`);
  if (status.staging?.state === 'missing') blockers.push(`no ${status.staging.environment} deployment of the PR's head commit`);
  if (pr.mergeState === 'dirty') blockers.push(`the PR has merge conflicts with ${pr.baseRef}`);
  if (pr.mergeState === 'behind') blockers.push(`the PR is behind ${pr.baseRef}`);
  if (pr.draft) blockers.push('the PR is a draft');
  return blockers;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
