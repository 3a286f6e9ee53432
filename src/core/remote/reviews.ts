import { present, type PullRequestNode } from './pull-request-query';
import type { ReviewDecision, ReviewSummary } from './types';

const MAX_LISTED_THREADS = 20;

/** Latest review per reviewer, the review decision, unresolved threads and open review tasks. */
export function summarizeReviews(pr: PullRequestNode): ReviewSummary {
  const reviews = present(pr.latestOpinionatedReviews?.nodes);
  const unresolved = present(pr.reviewThreads.nodes).filter((thread) => !thread.isResolved);
  const commentBodies = present(pr.reviewThreads.nodes).flatMap((thread) =>
    thread.isResolved ? [] : present(thread.comments.nodes).map((c) => c.body),
  );
  return {
    decision: reviewDecision(pr.reviewDecision),
    approvals: reviews.filter((r) => r.state === 'APPROVED').length,
    changesRequestedBy: reviews.filter((r) => r.state === 'CHANGES_REQUESTED').map((r) => r.author?.login ?? 'ghost'),
    unresolvedThreads: unresolved.length,
    openTasks: countOpenTasks([pr.body, ...reviews.map((r) => r.body), ...commentBodies]),
    threads: unresolved.slice(0, MAX_LISTED_THREADS).map((thread) => {
      const first = present(thread.comments.nodes)[0];
      return {
        path: thread.path,
        line: thread.line ?? undefined,
        author: first?.author?.login,
        excerpt: excerpt(first?.body ?? ''),
        url: first?.url,
      };
    }),
  };
}

function reviewDecision(value: string | null): ReviewDecision {
  switch (value) {
    case 'APPROVED':
      return 'approved';
    case 'CHANGES_REQUESTED':
      return 'changes_requested';
    case 'REVIEW_REQUIRED':
      return 'review_required';
    default:
      return 'none';
  }
}

/** Unchecked GitHub task-list items (`- [ ] …`, `* [ ]`, `1. [ ]`), outside fenced code blocks. */
export function countOpenTasks(bodies: ReadonlyArray<string | null | undefined>): number {
  let open = 0;
  for (const body of bodies) {
    let fenced = false;
    for (const line of (body ?? '').split(/\r?\n/)) {
      if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
      else if (!fenced && /^\s*(?:[-*+]|\d+[.)])\s+\[ \]\s+\S/.test(line)) open++;
    }
  }
  return open;
}

function excerpt(body: string): string {
  const firstLine = body.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  return firstLine.length > 120 ? `${firstLine.slice(0, 119)}…` : firstLine;
}
