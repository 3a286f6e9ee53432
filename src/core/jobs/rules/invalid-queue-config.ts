import type { JobRuleMeta } from '../rule';

/** Reported by the Sidekiq config reader (topology.ts) on the config file itself. */
export const invalidQueueConfig: JobRuleMeta = {
  name: 'invalid-queue-config',
  severity: 'error',
  description: 'A Sidekiq config file Sidekiq cannot read, or whose queues are not a list of names.',
  why: 'Sidekiq refuses to boot on a broken config, or boots with queues you did not mean: every job on the missing queues waits forever. Preflight reads the same file to know which queues are served, so it says where the file is wrong.',
  help: ':queues:\n  - critical\n  - [default, 2]\n  - mailers',
};
