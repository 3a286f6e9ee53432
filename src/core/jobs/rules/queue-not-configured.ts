import { DEFAULT_QUEUE, type JobDefinition } from '../model';
import type { JobFileContext, JobHit, JobRule } from '../rule';

export const queueNotConfigured: JobRule = {
  name: 'queue-not-configured',
  severity: 'error',
  description: 'A job is put on a queue that no worker processes: it is enqueued and never runs.',
  why: 'Sidekiq processes only the queues listed in its config (only `default` without one); a Celery worker only the queues given to `-Q`; a BullMQ queue only when some `new Worker(name)` exists. A job on any other queue piles up silently: the enqueue succeeds, nothing fails, nothing happens, until someone notices the backlog.',
  help: "Add the queue to the worker configuration (config/sidekiq.yml `:queues:`, the worker's `-Q` list, a `new Worker(...)`), with the capacity and monitoring it needs, or put the job on a queue that is served.",
  check: (context) => context.jobs.flatMap((job) => unserved(job, context) ?? []),
};

function unserved(job: JobDefinition, context: JobFileContext): JobHit | undefined {
  const queue = job.queue?.name ?? DEFAULT_QUEUE[job.framework];
  const at = job.queue?.at ?? job.at;
  const { topology } = context;
  if (job.framework === 'sidekiq' || (job.framework === 'activejob' && topology.activeJobAdapter === 'sidekiq')) {
    if (topology.sidekiq.queues.has(queue)) return undefined;
    const where =
      topology.sidekiq.configFiles.length > 0
        ? `${topology.sidekiq.configFiles.join(', ')} ${topology.sidekiq.configFiles.length === 1 ? 'does' : 'do'} not list it`
        : "there is no config/sidekiq.yml, so Sidekiq processes only 'default'";
    return { at, message: `${job.name} is enqueued on '${queue}', which no Sidekiq process works on: ${where}.` };
  }
  if (job.framework === 'celery' && topology.celery && !topology.celery.queues.has(queue)) {
    return {
      at,
      message: `Task ${job.name} goes to queue '${queue}', which no Celery worker consumes (${topology.celery.source} starts workers for ${[...topology.celery.queues].join(', ')}).`,
    };
  }
  if (job.framework === 'bullmq' && topology.bullmq && !topology.bullmq.workers.has(queue)) {
    return { at, message: `Nothing processes BullMQ queue '${queue}': no new Worker('${queue}', ...) in the repository.` };
  }
  return undefined;
}
