import type { PreflightConfig } from '../config/types';
import { remoteBlockerDetails } from '../remote/blockers';
import type { RemoteStatus } from '../remote/types';
import { formatAge } from '../text/age';
import type { Reason } from './verdict';

/**
 * What GitHub says about the pull request, as gate reasons: blocking only when the team set
 * `remote.gate: block`. A stale state still counts, and says how old it is.
 */
export function remoteReasons(status: RemoteStatus | undefined, config: PreflightConfig, now = Date.now()): Reason[] {
  if (!status?.pullRequest || config.remote.gate === 'off') return [];
  const blocking = config.remote.gate === 'block';
  const age = status.stale ? ` (last known state, ${formatAge(status.fetchedAt, now)} old)` : '';
  return remoteBlockerDetails(status).map((blocker) => ({
    kind: 'remote',
    blocking,
    text: `PR #${status.pullRequest!.number}: ${blocker.text}${age}`,
    url: blocker.url,
  }));
}
