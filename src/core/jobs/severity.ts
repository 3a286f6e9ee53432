import type { PreflightConfig } from '../config/types';
import type { Severity } from '../findings/finding';
import type { JobRuleMeta } from './rule';

/** The rule's severity after `jobs.rules` in .preflight.yml; undefined when it is turned off. */
export function severityOf(rule: JobRuleMeta, config: PreflightConfig): Severity | undefined {
  const configured = config.jobs.rules[rule.name] ?? config.jobs.rules[`jobs/${rule.name}`];
  return configured === 'off' ? undefined : (configured ?? rule.severity);
}
