/**
 * How Preflight describes a pull request, in one wording for the sidebar (panel/panel-model.ts)
 * and `preflight status` (cli/format-status.ts).
 */
import { formatAge } from '../text/age';
import { plural, shortSha } from '../text/words';
import type {
  CheckState,
  CheckSummary,
  MergeQueueSummary,
  PullRequestSummary,
  RemoteStatus,
  RequiredCheckPrediction,
  ReviewSummary,
  StagingSummary,
} from './types';

export function noPullRequestWords(branch: string | undefined): string {
  return `No pull request for '${branch}'`;
}

/** A merged or closed pull request: "merged 2 days ago", "closed 3 h ago without merging". */
export function endedWords(pr: PullRequestSummary, now = Date.now()): string {
  return pr.state === 'merged' ? `merged ${formatAge(pr.mergedAt, now)} ago` : `closed ${formatAge(pr.closedAt, now)} ago without merging`;
}

/** What pushing to the branch of a merged or closed pull request does. */
export function endedConsequenceWords(pr: PullRequestSummary): string {
  return `commits pushed now will not reach ${pr.baseRef}: create a new pull request from them`;
}

/** "#2 in the merge queue · awaiting checks · about 12 min to merge". */
export function mergeQueueWords(queue: MergeQueueSummary): string {
  const eta =
    queue.estimatedTimeToMerge === null ? '' : ` · about ${Math.max(1, Math.round(queue.estimatedTimeToMerge / 60))} min to merge`;
  return `#${queue.position} in the merge queue · ${queue.state.replace('_', ' ')}${eta}`;
}

export function readinessWords(pr: PullRequestSummary): string {
  return pr.draft ? 'draft' : 'ready';
}

export function mergeStateWords(pr: PullRequestSummary): string {
  return `Merge state: ${pr.mergeState}`;
}

/** The PR head against the local HEAD and, when they differ, what pushing does. */
export function headWords(status: RemoteStatus, pr: PullRequestSummary): { label: string; consequence?: string } {
  if (!pr.headDiffers) return { label: `PR head ${shortSha(pr.headSha)} = local HEAD` };
  return {
    label: `Local HEAD ${shortSha(status.localHeadSha)} ≠ PR head ${shortSha(pr.headSha)}`,
    consequence: `the push restarts checks${status.reviews.approvals > 0 ? ' and may dismiss approvals' : ''}`,
  };
}

/** "1 failing · 2 running or expected · 3 passed", or "none reported". */
export function checksWords(checks: readonly CheckSummary[]): string {
  const count = (states: CheckState[]) => checks.filter((c) => states.includes(c.state)).length;
  const failing = count(['failure', 'cancelled']);
  const running = count(['pending', 'missing']);
  const passed = count(['success']);
  const parts = [failing ? `${failing} failing` : '', running ? `${running} running or expected` : '', passed ? `${passed} passed` : ''];
  return parts.filter(Boolean).join(' · ') || 'none reported';
}

/** One check: "required · running 3 min", "not reported yet", "failure". */
export function checkWords(check: CheckSummary, now: number): string {
  const state =
    check.state === 'pending' && check.startedAt
      ? `running ${formatAge(check.startedAt, now)}`
      : check.state === 'missing'
        ? 'not reported yet'
        : check.state;
  return [check.required ? 'required' : '', state].filter(Boolean).join(' · ');
}

/** "approved · 1 approval · 0 unresolved threads". */
export function reviewsWords(reviews: ReviewSummary): string {
  const decision =
    reviews.decision === 'changes_requested'
      ? `changes requested by ${reviews.changesRequestedBy.join(', ') || 'a reviewer'}`
      : reviews.decision === 'approved'
        ? 'approved'
        : reviews.decision === 'review_required'
          ? 'review required'
          : 'no decision';
  return `${decision} · ${plural(reviews.approvals, 'approval')} · ${plural(reviews.unresolvedThreads, 'unresolved thread')}`;
}

export function openTasksWords(reviews: ReviewSummary): string {
  return plural(reviews.openTasks, 'open review task');
}

export function waitingOnWords(pr: PullRequestSummary): string {
  return `Waiting on ${pr.requestedReviewers.join(', ')}`;
}

export function stagingWords(staging: StagingSummary): string {
  const state = { success: 'approved', failure: 'failed', pending: 'pending', missing: 'not deployed' }[staging.state];
  return `Staging review: ${state}`;
}

export function lastKnownWords(status: RemoteStatus, now: number): string {
  return `Last known state, ${formatAge(status.fetchedAt, now)} old`;
}

/** "1 will never report · 2 will report" for the required checks predicted for a push. */
export function requiredChecksWords(predictions: readonly RequiredCheckPrediction[]): string {
  const never = predictions.filter((p) => p.willReport === false).length;
  const unknown = predictions.filter((p) => p.willReport === 'unknown').length;
  const report = predictions.length - never - unknown;
  return [never ? `${never} will never report` : '', unknown ? `${unknown} cannot tell` : '', report ? `${report} will report` : '']
    .filter(Boolean)
    .join(' · ');
}

/** "pushing to fork alice/shop; PR #42 lives in acme/shop", when the push goes to a fork. */
export function forkWords(status: RemoteStatus): string | undefined {
  const fork = status.fork;
  if (!fork) return undefined;
  const pr = status.pullRequest;
  return pr
    ? `pushing to fork ${fork.repository}; PR #${pr.number} lives in ${fork.parent}`
    : `pushing to fork ${fork.repository}; its pull request would live in ${fork.parent}`;
}
