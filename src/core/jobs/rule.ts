import type { Hit, RuleMeta } from '../rules/rule';
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

/** What a per-file job rule reports: a hit at a span of the file. */
export interface JobHit extends Hit {
  at: Span;
}

/** A job rule's docs page body says what goes wrong in production. */
export type JobRuleMeta = RuleMeta;

export interface JobRule extends JobRuleMeta {
  check(context: JobFileContext): JobHit[];
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
