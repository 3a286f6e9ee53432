import type { PreflightConfig } from '../config/types';
import { commitsPushedTo, remoteReasons } from '../gate/remote-reasons';
import type { GateReport } from '../gate/run-gate';
import { blockingFirst, verdictLine, verdictOf, type Reason, type Verdict } from '../gate/verdict';
import type { RemoteStatus } from '../remote/types';

export interface CombinedVerdict {
  verdict: Verdict;
  reasons: Reason[];
  line: string;
}

/**
 * The gate's local reasons with what GitHub says now: the remote state is polled more often
 * than the gate runs, so the view recombines them instead of showing a stale mix.
 */
export function combinedVerdict(
  report: GateReport,
  remote: RemoteStatus | undefined,
  config: PreflightConfig,
  now = Date.now(),
): CombinedVerdict {
  const local = report.reasons.filter((r) => r.kind !== 'remote');
  const fromRemote = remote
    ? remoteReasons(remote, config, now, commitsPushedTo(remote.branch, report.pushes))
    : report.reasons.filter((r) => r.kind === 'remote');
  const reasons = blockingFirst([...local, ...fromRemote]);
  const verdict = verdictOf(reasons);
  return { verdict, reasons, line: verdictLine(verdict, reasons).replace(/\.$/, '') };
}

/** The status bar: the verdict's icon (a codicon id) and its counts, in a few characters. */
export function statusBarSummary(combined: CombinedVerdict | undefined): { icon: string; label: string; tooltip: string } {
  if (!combined) return { icon: 'rocket', label: 'Preflight', tooltip: 'Preflight: not checked yet. Click to open the Preflight view.' };
  const blocking = combined.reasons.filter((r) => r.blocking).length;
  const warnings = combined.reasons.length - blocking;
  const icon = combined.verdict === 'pass' ? 'pass' : combined.verdict === 'warn' ? 'warning' : 'error';
  const label =
    combined.verdict === 'pass'
      ? 'Safe to push'
      : [blocking ? `${blocking} blocking` : '', warnings ? `${warnings} to check` : ''].filter(Boolean).join(', ');
  return { icon, label, tooltip: `Preflight: ${combined.line}. Click to open the Preflight view.` };
}
