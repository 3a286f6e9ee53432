import { isSettled } from './mirror';
import type { RemoteStatus } from './types';

export const POLL_INTERVALS = {
  /** Right after a push: checks are being created, the PR head moves. */
  afterPush: 10_000,
  /** Something is in flight: checks running, staging deploying. */
  pending: 15_000,
  /** All settled: at most one (free, 304) request a minute. */
  settled: 60_000,
  /** After a failure, before the retry backoff of the next attempt. */
  failed: 60_000,
};

const RECENT_PUSH_MS = 2 * 60_000;

/**
 * How long to wait before the next poll, or undefined to pause (the window is not focused,
 * or there is nothing to ask: not GitHub, signed out).
 */
export function nextPollDelay(status: RemoteStatus, context: { focused: boolean; now: number; lastPushAt?: number }): number | undefined {
  if (!context.focused) return undefined;
  const problem = status.problem;
  if (
    problem?.kind === 'not-github' ||
    problem?.kind === 'unsafe-api-url' ||
    problem?.kind === 'no-remote' ||
    problem?.kind === 'signed-out' ||
    problem?.kind === 'unauthorized'
  )
    return undefined;
  if (problem?.kind === 'rate-limited') return Math.max(Date.parse(problem.retryAt) - context.now + 1000, POLL_INTERVALS.failed);
  if (problem) return POLL_INTERVALS.failed;
  if (context.lastPushAt !== undefined && context.now - context.lastPushAt < RECENT_PUSH_MS) return POLL_INTERVALS.afterPush;
  if (status.pullRequest && !isSettled(status)) return POLL_INTERVALS.pending;
  return POLL_INTERVALS.settled;
}
