import { plural } from '../text/words';
import type { RemoteStatus } from './types';

export interface RemoteBlocker {
  text: string;
  /** Where to act on it: the check's log, the review, the thread, the deployment. */
  url?: string;
}

/** What stands between this pull request and a merge, most serious first, each with where to act on it. */
export function remoteBlockerDetails(status: Pick<RemoteStatus, 'pullRequest' | 'checks' | 'reviews' | 'staging'>): RemoteBlocker[] {
  const pr = status.pullRequest;
  if (!pr) return [];
  const blockers: RemoteBlocker[] = [];
  for (const check of status.checks.filter((c) => c.required && (c.state === 'failure' || c.state === 'cancelled'))) {
    blockers.push({
      text: `required check '${check.name}' ${check.state === 'failure' ? 'failed' : 'was cancelled'}`,
      url: check.url ?? `${pr.url}/checks`,
    });
  }
  const reviews = status.reviews;
  if (reviews.decision === 'changes_requested')
    blockers.push({
      text: `changes requested${reviews.changesRequestedBy.length > 0 ? ` by ${reviews.changesRequestedBy.join(', ')}` : ''}`,
      url: `${pr.url}/files`,
    });
  if (reviews.unresolvedThreads > 0)
    blockers.push({ text: plural(reviews.unresolvedThreads, 'unresolved review thread'), url: reviews.threads[0]?.url ?? pr.url });
  if (reviews.openTasks > 0) blockers.push({ text: plural(reviews.openTasks, 'open review task'), url: pr.url });
  const staging = status.staging;
  if (staging?.state === 'failure') blockers.push({ text: `staging review failed (${staging.signal})`, url: staging.url ?? pr.url });
  if (staging?.state === 'pending')
    blockers.push({ text: `staging review pending (${staging.signal}): a push replaces what QA is reviewing`, url: staging.url ?? pr.url });
  if (staging?.state === 'missing') blockers.push({ text: `no ${staging.environment} deployment of the PR's head commit`, url: pr.url });
  if (pr.mergeState === 'dirty') blockers.push({ text: `the PR has merge conflicts with ${pr.baseRef}`, url: pr.url });
  if (pr.mergeState === 'behind') blockers.push({ text: `the PR is behind ${pr.baseRef}`, url: pr.url });
  if (pr.draft) blockers.push({ text: 'the PR is a draft', url: pr.url });
  return blockers;
}

/** The blockers in words: the `blockers` of `preflight status --format json`. */
export function remoteBlockers(status: Pick<RemoteStatus, 'pullRequest' | 'checks' | 'reviews' | 'staging'>): string[] {
  return remoteBlockerDetails(status).map((b) => b.text);
}
