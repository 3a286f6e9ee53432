import type { CheckState, RemoteStatus } from '../core/remote/types';
import { formatAge } from '../core/text/age';
import {
  checksWords,
  checkWords,
  endedConsequenceWords,
  endedWords,
  forkWords,
  headWords,
  lastKnownWords,
  mergeQueueWords,
  mergeStateWords,
  noPullRequestWords,
  openTasksWords,
  readinessWords,
  requiredChecksWords,
  reviewsWords,
  stagingWords,
  waitingOnWords,
} from '../core/remote/pull-request-words';
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

const CHECK_COLOR: Record<CheckState, number> = {
  success: 32,
  failure: 31,
  cancelled: 31,
  pending: 33,
  missing: 33,
  neutral: 2,
  skipped: 2,
};

/** The remote mirror for a terminal: the PR, its checks, reviews, staging and blockers, in the sidebar's words. */
export function formatStatusText(status: RemoteStatus, useColor: boolean, now = Date.now()): string {
  const paint = painter(useColor);
  const lines: string[] = [];
  if (status.problem && !status.fetchedAt) return inline(status.problem.message);
  const pr = status.pullRequest;
  const fork = forkWords(status);
  if (!pr) {
    lines.push(
      `${inline(status.repository ?? 'this repository')}: ${inline(noPullRequestWords(status.branch))}. Create one after the push (gh pr create).`,
      ...(fork ? [`  ${inline(fork)}`] : []),
    );
  } else if (pr.state !== 'open') {
    lines.push(
      `${inline(status.repository)} #${pr.number} ${inline(pr.title)}`,
      `  ${inline(pr.url)}`,
      `  ${endedWords(pr, now)} · into ${inline(pr.baseRef)}`,
      pr.headDiffers ? `  ${paint(33, inline(`Local HEAD has new commits: ${endedConsequenceWords(pr)}.`))}` : '  Local HEAD = its head.',
    );
  } else {
    const head = headWords(status, pr);
    lines.push(
      `${inline(status.repository)} #${pr.number} ${inline(pr.title)}`,
      `  ${inline(pr.url)}`,
      ...(fork ? [`  ${inline(fork)}`] : []),
      `  ${readinessWords(pr)} · ${inline(mergeStateWords(pr))} · into ${inline(pr.baseRef)}`,
      head.consequence ? `  ${paint(33, inline(`${head.label}: ${head.consequence}`))}` : `  ${inline(head.label)}`,
      ...(status.mergeQueue
        ? [`  ${mergeQueueWords(status.mergeQueue)}${pr.headDiffers ? paint(33, ': a push removes it from the queue') : ''}`]
        : []),
      '',
      `Checks: ${checksWords(status.checks)}`,
    );
    for (const check of status.checks) {
      lines.push(
        `  ${paint(CHECK_COLOR[check.state], CHECK_MARK[check.state])} ${inline(check.name).padEnd(28)} ${checkWords(check, now).padEnd(28)} ${inline(check.url)}`.trimEnd(),
      );
      lines.push(...annotationLines(check));
    }
    lines.push(...requiredChecksLines(status, paint));
    const reviews = status.reviews;
    const more = [reviews.openTasks > 0 ? openTasksWords(reviews) : '', pr.requestedReviewers.length > 0 ? waitingOnWords(pr) : ''];
    lines.push('', [`Reviews: ${inline(reviewsWords(reviews))}`, ...more.filter(Boolean).map(inline)].join(' · '));
    for (const thread of reviews.threads)
      lines.push(`  ${inline(thread.path)}${thread.line ? `:${thread.line}` : ''}  ${inline(thread.author)}: ${inline(thread.excerpt)}`);
    if (status.staging)
      lines.push(
        `${stagingWords(status.staging)} (${inline(status.staging.signal)})${status.staging.url ? ` ${inline(status.staging.url)}` : ''}${status.staging.updatedAt ? ` · ${formatAge(status.staging.updatedAt, now)} ago` : ''}`,
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
      ? paint(33, `${lastKnownWords(status, now)}: ${inline(status.problem?.message)}`)
      : paint(2, `Read from GitHub ${formatAge(status.fetchedAt, now)} ago${budget}`),
  );
  return lines.join('\n');
}

const PREDICTION_MARK = { true: ['✓', 32], false: ['✗', 31], unknown: ['?', 33] } as const;

/** Whether each required check will report once HEAD is pushed, with the fix for those that never will. */
function requiredChecksLines(status: RemoteStatus, paint: (code: number, text: string) => string): string[] {
  const predictions = status.requiredChecks ?? [];
  // Without a workflow that reports any of them, every check is "cannot tell": nothing worth a section.
  if (!predictions.some((p) => p.workflow !== null || p.willReport === false)) return [];
  const lines = ['', `Required checks for this push: ${requiredChecksWords(predictions)}`];
  for (const check of predictions) {
    const [mark, color] = PREDICTION_MARK[String(check.willReport) as 'true' | 'false' | 'unknown'];
    const verdict = check.willReport === true ? 'will report' : check.willReport === false ? 'will never report' : 'cannot tell';
    lines.push(`  ${paint(color, mark)} ${inline(check.context).padEnd(28)} ${verdict}: ${inline(check.why)}`);
    if (check.fix) lines.push(`    fix: ${inline(check.fix)}`);
  }
  return lines;
}

const ANNOTATIONS_IN_TEXT = 5;

/** A failing check's first annotations, at the lines of the pull request head's files (the JSON has them all). */
function annotationLines(check: RemoteStatus['checks'][number]): string[] {
  if (check.state !== 'failure' || !check.annotations?.length) return [];
  const lines = check.annotations
    .slice(0, ANNOTATIONS_IN_TEXT)
    .map(
      (a) =>
        `      ${inline(a.path)}:${a.startLine}${a.endLine !== a.startLine ? `-${a.endLine}` : ''}  ${a.level}  ${inline(a.title ? `${a.title}: ${a.message}` : a.message)}`,
    );
  const more = check.annotations.length - ANNOTATIONS_IN_TEXT;
  return more > 0 ? [...lines, `      … ${more} more (--format json)`] : lines;
}
