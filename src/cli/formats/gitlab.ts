import { fingerprints } from '../../core/findings/fingerprint';
import type { Severity } from '../../core/findings/finding';
import type { CiReport } from './ci-report';

// As GitLab's own ESLint formatter maps them: blocking errors are major, warnings minor.
const SEVERITY: Record<Severity, string> = { error: 'major', warning: 'minor', info: 'info' };

/** A GitLab Code Quality report: the JSON array GitLab shows in merge requests. Suppressed findings are left out. */
export function formatGitlab(report: CiReport): string {
  const prints = fingerprints(report.findings);
  const issues = report.findings.map((f) => ({
    description: f.message,
    check_name: f.ruleId,
    fingerprint: prints.get(f),
    severity: SEVERITY[f.severity],
    location: { path: f.file, lines: { begin: f.line } },
  }));
  return JSON.stringify(issues, null, 2);
}
