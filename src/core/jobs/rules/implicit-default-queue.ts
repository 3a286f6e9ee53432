import { DEFAULT_QUEUE } from '../model';
import { kindOf, newJobs, type JobRule } from '../rule';

export const implicitDefaultQueue: JobRule = {
  name: 'implicit-default-queue',
  severity: 'warning',
  description: 'A new job class names no queue, so it lands on the default queue beside everything else.',
  why: 'Coveralls lost 18 hours when a new background job went onto an existing default queue that was not sized or monitored for it: 35,000 jobs backed up behind it. A new job deserves a decision about where it runs, how many workers that queue has, and who is alerted when it backs up.',
  help: "Name the queue explicitly (sidekiq_options queue: 'reports', queue_as :reports, @shared_task(queue='reports')) and check that workers serve it with enough capacity.",
  check: (context) =>
    newJobs(context)
      .filter((job) => job.queue === undefined)
      .map((job) => ({
        at: job.at,
        message: `New ${kindOf(job)} ${job.name} names no queue, so it runs on '${DEFAULT_QUEUE[job.framework]}' with everything else: choose its queue and check its capacity.`,
      })),
};
