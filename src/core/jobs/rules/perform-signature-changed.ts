import { requiredParams } from '../model';
import type { JobRule } from '../rule';

export const performSignatureChanged: JobRule = {
  name: 'perform-signature-changed',
  severity: 'warning',
  description:
    "The arguments of a job's perform method (or a task function) changed while jobs with the old arguments may still be queued.",
  why: 'Jobs already enqueued, scheduled or retrying carry the arguments of the old code. When the new code deploys, they run against the new signature: a new required argument raises ArgumentError/TypeError for every one of them, and a reordered one silently swaps values.',
  help: 'Add the new argument as optional first (def perform(order_id, notify = true)) and deploy; once the old jobs have drained, make it required in a second deploy. Never reorder arguments: add a new job instead.',
  check: (context) => {
    if (!context.upstreamJobs) return [];
    return context.jobs.flatMap((job) => {
      const before = context.upstreamJobs!.find((old) => old.name === job.name);
      if (!before?.params || !job.params || !job.paramsAt) return [];
      const was = requiredParams(before.params);
      const now = requiredParams(job.params);
      const renamedOrAdded = now.length !== was.length || now.some((param, i) => param !== was[i]);
      if (!renamedOrAdded) return [];
      return [
        {
          at: job.paramsAt,
          message: `${job.name}'s arguments changed from (${before.params.join(', ')}) to (${job.params.join(', ')}) while jobs with the old arguments may still be queued.`,
        },
      ];
    });
  },
};
