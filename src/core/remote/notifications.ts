import type { CheckSummary, RemoteStatus, StagingSummary } from './types';

export type RemoteNotificationKind = 'required-check-failed' | 'changes-requested' | 'staging-review';

/** Something that changed on GitHub for the commit you pushed, worth a (non-modal) notification. */
export interface RemoteNotification {
  /** The same transition of the same commit has the same key: it is shown once. */
  key: string;
  kind: RemoteNotificationKind;
  severity: 'warning' | 'info';
  message: string;
  url: string | undefined;
}

/**
 * What changed between two states of the mirror that deserves a notification: for the pull
 * request's head, when it is the commit checked out here (the one you pushed), a required check
 * that failed, a reviewer who requested changes, the staging review's QA signal arriving. Only
 * transitions count: without an earlier state of the same pull request nothing is new, and a
 * stale or failed read says nothing. Findings in the editor are never a reason.
 */
export function remoteNotifications(previous: RemoteStatus | undefined, next: RemoteStatus): RemoteNotification[] {
  const pr = next.pullRequest;
  if (!previous || next.stale || next.problem || !pr || pr.state !== 'open') return [];
  if (previous.repository !== next.repository || previous.pullRequest?.number !== pr.number) return [];
  const sha = pr.headSha;
  if (next.localHeadSha !== sha) return [];
  const short = sha.slice(0, 7);
  // Checks and staging belong to a commit: the previous head's say nothing about this one.
  const sameHead = previous.pullRequest?.headSha === sha;
  const before = {
    checks: new Map<string, CheckSummary>(sameHead ? previous.checks.map((c) => [c.name, c]) : []),
    staging: sameHead ? previous.staging : null,
  };
  const notifications: RemoteNotification[] = [];
  for (const check of next.checks) {
    if (!check.required || check.state !== 'failure' || before.checks.get(check.name)?.state === 'failure') continue;
    notifications.push({
      key: `${sha}:required-check-failed:${check.name}`,
      kind: 'required-check-failed',
      severity: 'warning',
      message: `Required check '${check.name}' failed on ${short} (#${pr.number}).`,
      url: check.url ?? pr.url,
    });
  }
  // A review is of the pull request, not of a commit: a request made before this push is not new.
  const alreadyRequested = new Set(previous.reviews.changesRequestedBy);
  for (const reviewer of next.reviews.changesRequestedBy) {
    if (alreadyRequested.has(reviewer)) continue;
    notifications.push({
      key: `${sha}:changes-requested:${reviewer}`,
      kind: 'changes-requested',
      severity: 'warning',
      message: `${reviewer} requested changes on #${pr.number} ${pr.title}.`,
      url: pr.url,
    });
  }
  const staging = next.staging;
  if (staging && arrived(staging) && before.staging?.state !== staging.state) {
    notifications.push({
      key: `${sha}:staging-review:${staging.state}`,
      kind: 'staging-review',
      severity: staging.state === 'success' ? 'info' : 'warning',
      message: `Staging review ${staging.state === 'success' ? 'passed' : 'failed'} for ${short} (#${pr.number}): ${staging.signal}.`,
      url: staging.url ?? pr.url,
    });
  }
  return notifications;
}

function arrived(staging: StagingSummary): boolean {
  return staging.state === 'success' || staging.state === 'failure';
}
