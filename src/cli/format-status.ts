import type { CheckState, RemoteStatus } from '../core/remote/types';
import { formatAge } from '../core/text/age';
import { shortSha } from '../core/text/words';

const CHECK_MARK: Record<CheckState, string> = { success: '✓', failure: '✗', cancelled: '✗', pending: '…', missing: '?', neutral: '○', skipped: '○' };

/** The remote mirror for a terminal: the PR, its checks, reviews, staging and blockers. */
export function formatStatusText(status: RemoteStatus, useColor: boolean, now = Date.now()): string {
  const paint = (code: number, text: string) => (useColor ? `\x1b[${code}m${text}\x1b[0m` : text);
  const lines: string[] = [];
  if (status.problem && !status.fetchedAt) return `${status.problem.message}`;
  const pr = status.pullRequest;
  if (!pr) {
    lines.push(`${status.repository ?? 'this repository'}: no open pull request for '${status.branch}'. Create one after the push (gh pr create).`);
  } else {
    lines.push(`${status.repository} #${pr.number} ${pr.title}`, `  ${pr.url}`, `  ${pr.draft ? 'draft' : 'ready for review'} · merge state ${pr.mergeState} · into ${pr.baseRef}`);
    lines.push(pr.headDiffers ? `  ${paint(33, `local HEAD ${shortSha(status.localHeadSha)} differs from the PR head ${shortSha(pr.headSha)}: pushing starts new checks and may dismiss approvals`)}` : `  PR head ${shortSha(pr.headSha)} = local HEAD`);
    const required = status.checks.filter((c) => c.required).length;
    lines.push('', `Checks (${status.checks.length}, ${required} required):`);
    for (const check of status.checks) {
      const color = check.state === 'success' ? 32 : check.state === 'failure' || check.state === 'cancelled' ? 31 : check.state === 'pending' || check.state === 'missing' ? 33 : 2;
      lines.push(`  ${paint(color, CHECK_MARK[check.state])} ${check.name.padEnd(28)} ${(check.required ? 'required' : '').padEnd(9)} ${check.state.padEnd(9)} ${check.url ?? ''}`.trimEnd());
    }
    const reviews = status.reviews;
    lines.push('', `Reviews: ${reviews.decision.replace('_', ' ')} · ${reviews.approvals} approval(s) · ${reviews.unresolvedThreads} unresolved thread(s) · ${reviews.openTasks} open task(s)${pr.requestedReviewers.length ? ` · waiting on ${pr.requestedReviewers.join(', ')}` : ''}`);
    for (const thread of reviews.threads) lines.push(`  ${thread.path ?? ''}${thread.line ? `:${thread.line}` : ''}  ${thread.author ?? ''}: ${thread.excerpt}`);
    if (status.staging) lines.push(`Staging: ${status.staging.state} (${status.staging.signal})${status.staging.url ? ` ${status.staging.url}` : ''}${status.staging.updatedAt ? ` · ${formatAge(status.staging.updatedAt, now)} ago` : ''}`);
    lines.push('', status.blockers.length === 0 ? paint(32, 'Nothing blocks this pull request.') : `Blockers:\n${status.blockers.map((b) => `  ${paint(31, '✖')} ${b}`).join('\n')}`);
  }
  const budget = status.rateLimit ? ` · rate limit ${status.rateLimit.remaining}/${status.rateLimit.limit} (${status.rateLimit.resource})` : '';
  lines.push('', status.stale ? paint(33, `Last known state, ${formatAge(status.fetchedAt, now)} old: ${status.problem?.message ?? ''}`) : paint(2, `Read from GitHub ${formatAge(status.fetchedAt, now)} ago${budget}`));
  return lines.join('\n');
}
