import { countBySeverity, describeCounts, type Finding } from '../core/findings/finding';

/** A summary and codicon for a set of findings, shared by the view and the status bar. */
export function summaryOf(findings: readonly Finding[]): { text: string; icon: string } {
  const counts = countBySeverity(findings);
  const icon = counts.error ? 'error' : counts.warning ? 'warning' : counts.info ? 'info' : 'pass';
  return { text: describeCounts(findings), icon };
}
