import type { PreflightConfig } from '../config/types';
import { compareFindings, severityRank, type Finding, type Severity } from '../findings/finding';
import type { LocalState } from '../git/local-state';
import { plural } from '../text/words';

export type Verdict = 'pass' | 'warn' | 'block';

export interface Reason {
  kind: 'finding' | 'config' | 'local' | 'command' | 'remote';
  /** Whether this reason alone blocks the push. */
  blocking: boolean;
  text: string;
  /** Where it points, when it is about a line of a file. */
  file?: string;
  line?: number;
  /** Where it points, when it is on GitHub (a check's log, a review thread). */
  url?: string;
}

const MAX_LISTED_FINDINGS = 20;

/** Whether a finding of this severity blocks under `gate.blockOn`. */
export function blocks(severity: Severity, blockOn: PreflightConfig['gate']['blockOn']): boolean {
  if (blockOn === 'never') return false;
  return severityRank(severity) <= severityRank(blockOn);
}

/** Why a push should not go as it is: its findings, config problems and local state, blocking ones first. */
export function reasonsFor(
  findings: readonly Finding[],
  local: LocalState | undefined,
  config: PreflightConfig,
  configFindings: readonly Finding[],
): Reason[] {
  const reasons: Reason[] = [];
  const sorted = [...findings].sort(compareFindings);
  for (const finding of sorted.slice(0, MAX_LISTED_FINDINGS)) {
    if (finding.severity === 'info') continue;
    reasons.push({
      kind: 'finding',
      blocking: blocks(finding.severity, config.gate.blockOn),
      text: `${finding.ruleId}: ${finding.message}`,
      file: finding.file,
      line: finding.line,
    });
  }
  const unlisted = sorted.filter((f) => f.severity !== 'info').length - reasons.length;
  if (unlisted > 0) reasons.push({ kind: 'finding', blocking: false, text: `… and ${unlisted} more finding(s)` });
  const configErrors = configFindings.filter((f) => f.severity === 'error');
  if (configErrors.length > 0)
    reasons.push({
      kind: 'config',
      blocking: false,
      text: `${configErrors[0].file} has ${configErrors.length} problem(s); the gate used the defaults for those parts`,
      file: configErrors[0].file,
      line: configErrors[0].line,
    });
  if (local) reasons.push(...localReasons(local));
  return blockingFirst(reasons);
}

/** The one verdict rule: any blocking reason blocks, any other reason warns, none passes. */
export function verdictOf(reasons: readonly Reason[]): Verdict {
  return reasons.some((r) => r.blocking) ? 'block' : reasons.length > 0 ? 'warn' : 'pass';
}

export function blockingFirst(reasons: readonly Reason[]): Reason[] {
  return [...reasons].sort((a, b) => Number(b.blocking) - Number(a.blocking));
}

function localReasons(local: LocalState): Reason[] {
  const reasons: Reason[] = [];
  const note = (text: string): void => void reasons.push({ kind: 'local', blocking: false, text });
  if (local.detached) note('HEAD is detached: say which branch to push to');
  if (local.uncommitted.length > 0) note(`${local.uncommitted.length} uncommitted change(s) are not part of this push`);
  if (local.behind > 0 && local.ahead > 0)
    note(
      `the branch has diverged from ${local.upstream} (${local.ahead} ahead, ${local.behind} behind): the push will be rejected unless you rebase or merge first`,
    );
  else if (local.behind > 0) note(`the branch is ${local.behind} commit(s) behind ${local.upstream}: pull first`);
  if (local.shallow) note('this is a shallow clone: the push range may include commits the remote already has');
  return reasons;
}

/**
 * "Safe to push", "Push with care (3 warnings)", "Push blocked (2 reasons)"; for a pull request's
 * range judged in CI, "Passes", "Passes with 3 warnings", "Blocked (2 reasons)".
 */
export function verdictLine(verdict: Verdict, reasons: readonly Reason[], mode: 'push' | 'review' = 'push'): string {
  const blocking = reasons.filter((r) => r.blocking).length;
  if (mode === 'review') {
    if (verdict === 'pass') return 'Passes.';
    return verdict === 'block' ? `Blocked (${plural(blocking, 'reason')}).` : `Passes with ${plural(reasons.length, 'warning')}.`;
  }
  if (verdict === 'pass') return 'Safe to push.';
  return verdict === 'block' ? `Push blocked (${plural(blocking, 'reason')}).` : `Push with care (${plural(reasons.length, 'warning')}).`;
}
