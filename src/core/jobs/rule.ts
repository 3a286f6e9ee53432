import type { Severity } from '../findings/finding';
import type { JobDefinition, Span } from './model';
import type { QueueTopology } from './topology';

/** What a per-file job rule sees. */
export interface JobFileContext {
  path: string;
  jobs: JobDefinition[];
  /** The jobs of the upstream version of the file; undefined when that version is not known, [] for a new file. */
  upstreamJobs: JobDefinition[] | undefined;
  topology: QueueTopology;
}

export interface JobHit {
  at: Span;
  message: string;
  help?: string;
}

/** What every job rule has, for docs, severities and ignore comments. */
export interface JobRuleMeta {
  /** Without the `jobs/` prefix. */
  name: string;
  severity: Severity;
  description: string;
  /** The docs page's body: what goes wrong in production. */
  why: string;
  help: string;
}

export interface JobRule extends JobRuleMeta {
  check(context: JobFileContext): JobHit[];
}

export function jobRuleId(rule: Pick<JobRule, 'name'>): string {
  return `jobs/${rule.name}`;
}

/** Jobs that the upstream version of the file does not define (all of them in a new file). */
export function newJobs(context: JobFileContext): JobDefinition[] {
  if (context.upstreamJobs === undefined) return [];
  const before = new Set(context.upstreamJobs.map((job) => job.name));
  return context.jobs.filter((job) => job.framework !== 'bullmq' && !before.has(job.name));
}

export function kindOf(job: JobDefinition): string {
  return job.framework === 'celery' ? 'task' : job.framework === 'bullmq' ? 'queue' : 'job';
}
