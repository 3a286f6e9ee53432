import { DEFAULT_QUEUE } from '../model';
import { kindOf, newJobs, type JobRule } from '../rule';

export const newJobClass: JobRule = {
  name: 'new-job-class',
  severity: 'info',
  description: 'A job class or task is added: review the queue it runs on before it ships.',
  why: 'A new job changes the load on its queue. After their outage Coveralls made it a rule to review the worker and queue configuration before deploying any new or changed job: capacity, concurrency, retries, and the alert that fires when the queue backs up.',
  help: 'Checklist: queue chosen on purpose; workers serve it with enough concurrency; a latency/size alert exists for it; retries and idempotency thought through.',
  check: (context) =>
    newJobs(context).map((job) => ({
      at: job.at,
      message: `New ${kindOf(job)} ${job.name} on '${job.queue?.name ?? DEFAULT_QUEUE[job.framework]}': queue capacity and monitoring reviewed?`,
    })),
};
