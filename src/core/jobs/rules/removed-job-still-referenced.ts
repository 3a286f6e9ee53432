import type { JobRuleMeta } from '../rule';

/** A push-scope rule: see removed-jobs.ts. */
export const removedJobStillReferenced: JobRuleMeta = {
  name: 'removed-job-still-referenced',
  severity: 'error',
  description: 'A job class or task is removed or renamed while code, schedules or routes still name it.',
  why: 'Enqueue calls raise NameError/NotRegistered at runtime; cron and beat schedules keep firing a job that no longer exists; jobs already queued under the old name fail on every retry until they reach the dead set.',
  help: 'Keep the old class as a thin alias that forwards to the new one until the queues have drained and every caller, schedule (sidekiq-cron, sidekiq-scheduler, Celery beat) and route is updated.',
};
