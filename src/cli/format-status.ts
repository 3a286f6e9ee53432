import type { CheckState, RemoteStatus } from '../core/remote/types';
import { formatAge } from '../core/text/age';
import { shortSha } from '../core/text/words';
import { inline, painter } from './terminal-text';

const CHECK_MARK: Record<CheckState, string> = {
  success: '✓',
  failure: '✗',
  cancelled: '✗',
  pending: '…',
  missing: '?',
  neutral: '○',
  skipped: '○',
};

/** The remote mirror for a terminal: the PR, its checks, reviews, staging and blockers. */
export function formatStatusText(status: RemoteStatus, useColor: boolean, now = Date.now()): string {
  const paint = painter(useColor);
  const lines: string[] = [];
  if (status.problem && !status.fetchedAt) return inline(status.problem.message);
  const pr = status.pullRequest;
  if (!pr) {
    lines.push(
      `${inline(status.repository ?? 'this repository')}: no open pull request for '${inline(status.branch)}'. Create one after the push (gh pr create).`,
    );
  } else {
    lines.push(
      `${inline(status.repository)} #${pr.number} ${inline(pr.title)}`,
      `  ${inline(pr.url)}`,
      `  ${pr.draft ? 'draft' : 'ready for review'} · merge state ${pr.mergeState} · into ${inline(pr.baseRef)}`,
    );
    lines.push(
      pr.headDiffers
        ? `  ${paint(33, `local HEAD ${shortSha(status.localHeadSha)} differs from the PR head ${shortSha(pr.headSha)}: pushing starts new checks and may dismiss approvals`)}`
        : `  PR head ${shortSha(pr.headSha)} = local HEAD`,
    );
    const required = status.checks.filter((c) => c.required).length;
    lines.push('', `Checks (${status.checks.length}, ${required} required):`);
    for (const check of status.checks) {
      const color =
        check.state === 'success'
          ? 32
          : check.state === 'failure' || check.state === 'cancelled'
            ? 31
            : check.state === 'pending' || check.state === 'missing'
              ? 33
              : 2;
      lines.push(
        `  ${paint(color, CHECK_MARK[check.state])} ${inline(check.name).padEnd(28)} ${(check.required ? 'required' : '').padEnd(9)} ${check.state.padEnd(9)} ${inline(check.url)}`.trimEnd(),
      );
    }
    const reviews = status.reviews;
    lines.push(
      '',
      `Reviews: ${reviews.decision.replace('_', ' ')} · ${reviews.approvals} approval(s) · ${reviews.unresolvedThreads} unresolved thread(s) · ${reviews.openTasks} open task(s)${pr.requestedReviewers.length ? ` · waiting on ${inline(pr.requestedReviewers.join(', '))}` : ''}`,
    );
    for (const thread of reviews.threads)
      lines.push(`  ${inline(thread.path)}${thread.line ? `:${thread.line}` : ''}  ${inline(thread.author)}: ${inline(thread.excerpt)}`);
    if (status.staging)
      lines.push(
        `Staging: ${status.staging.state} (${inline(status.staging.signal)})${status.staging.url ? ` ${inline(status.staging.url)}` : ''}${status.staging.updatedAt ? ` · ${formatAge(status.staging.updatedAt, now)} ago` : ''}`,
      );
    lines.push(
      '',
      status.blockers.length === 0
        ? paint(32, 'Nothing blocks this pull request.')
        : `Blockers:\n${status.blockers.map((b) => `  ${paint(31, '✖')} ${inline(b)}`).join('\n')}`,
    );
  }
  const budget = status.rateLimit
    ? ` · rate limit ${status.rateLimit.remaining}/${status.rateLimit.limit} (${status.rateLimit.resource})`
    : '';
  lines.push(
    '',
    status.stale
      ? paint(33, `Last known state, ${formatAge(status.fetchedAt, now)} old: ${inline(status.problem?.message)}`)
      : paint(2, `Read from GitHub ${formatAge(status.fetchedAt, now)} ago${budget}`),
  );
  return lines.join('\n');
}
