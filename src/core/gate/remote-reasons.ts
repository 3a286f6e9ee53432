import type { PreflightConfig } from '../config/types';
import { remoteBlockerDetails } from '../remote/blockers';
import { endedWords, mergeQueueWords } from '../remote/pull-request-words';
import { newPullRequestUrlFor } from '../remote/fork';
import type { PullRequestSummary, RemoteStatus } from '../remote/types';
import { formatAge } from '../text/age';
import type { Reason } from './verdict';

/**
 * What GitHub says about the pull request, as gate reasons: blocking only when the team set
 * `remote.gate: block`. A stale state still counts, and says how old it is. `pushedCommits`
 * counts the commits the push sends to the branch, when the caller knows them.
 */
export function remoteReasons(
  status: RemoteStatus | undefined,
  config: PreflightConfig,
  now = Date.now(),
  pushedCommits?: number,
): Reason[] {
  if (!status?.pullRequest || config.remote.gate === 'off') return [];
  const pr = status.pullRequest;
  const age = status.stale ? ` (last known state, ${formatAge(status.fetchedAt, now)} old)` : '';
  if (pr.state !== 'open') return endedPullRequestReasons(status, pr, config, now, pushedCommits);
  const blocking = config.remote.gate === 'block';
  const reasons: Reason[] = remoteBlockerDetails(status).map((blocker) => ({
    kind: 'remote',
    blocking,
    text: `PR #${pr.number}: ${blocker.text}${age}`,
    url: blocker.url,
  }));
  // A push to a queued pull request takes it out of the queue, to wait its turn again.
  if (status.mergeQueue && pr.headDiffers)
    reasons.push({
      kind: 'remote',
      blocking,
      text: `PR #${pr.number} is ${mergeQueueWords(status.mergeQueue)}: pushing removes it from the queue${age}`,
      url: pr.url,
    });
  reasons.push(...requiredCheckReasons(status, config, age));
  return reasons;
}

/**
 * Required checks this push will never get: the pull request would wait for them forever. A
 * workflow file that cannot be read is said too, at its line, since its checks cannot be predicted.
 */
export function requiredCheckReasons(status: RemoteStatus, config: PreflightConfig, age = ''): Reason[] {
  if (config.remote.requiredChecks === 'off') return [];
  const blocking = config.remote.requiredChecks === 'block';
  return (status.requiredChecks ?? []).flatMap((check): Reason[] => {
    const where = check.workflow ? { file: check.workflow, ...(check.line ? { line: check.line } : {}) } : {};
    if (check.willReport === false)
      return [
        {
          kind: 'remote',
          blocking,
          text: `Required check '${check.context}' will never report for this push: ${check.why}${age}`,
          ...where,
        },
      ];
    if (check.willReport === 'unknown' && check.workflow && !check.job)
      return [{ kind: 'remote', blocking: false, text: `Required check '${check.context}' cannot be predicted: ${check.why}`, ...where }];
    return [];
  });
}

/**
 * The branch's pull request was merged or closed: commits pushed to it now reach no pull request,
 * and are easily lost. The reason links to opening a new pull request from the branch.
 */
function endedPullRequestReasons(
  status: RemoteStatus,
  pr: PullRequestSummary,
  config: PreflightConfig,
  now: number,
  pushedCommits: number | undefined,
): Reason[] {
  if (config.remote.mergedBranch === 'off' || !pr.headDiffers || pushedCommits === 0) return [];
  const when = `was ${endedWords(pr, now)}`;
  const commits =
    pushedCommits === undefined ? 'the commits pushed now' : pushedCommits === 1 ? 'this commit' : `these ${pushedCommits} commits`;
  const branch = status.branch ?? '';
  return [
    {
      kind: 'remote',
      blocking: config.remote.mergedBranch === 'block',
      text: `PR #${pr.number} for this branch ${when}; ${commits} will not reach ${pr.baseRef}: open a new pull request from '${branch}'`,
      url: newPullRequestUrlFor(status, pr.baseRef) ?? pr.url,
    },
  ];
}

/** The commits a push sends to `branch` (as the gate report lists pushes), for "these 3 commits". */
export function commitsPushedTo(
  branch: string | undefined,
  pushes: ReadonlyArray<{ remoteRef: string; deletion: boolean; commits: number }>,
): number | undefined {
  if (!branch) return undefined;
  return pushes.filter((p) => !p.deletion && p.remoteRef === `refs/heads/${branch}`).reduce((sum, p) => sum + p.commits, 0);
}
