import { importGrammarFor } from '../team-rules/imports';
import { bullmqUsage } from './bullmq-jobs';
import type { JobDefinition } from './model';
import { celeryTasks } from './python-jobs';
import { rubyJobs } from './ruby-jobs';

/** The jobs a file defines, by its language. */
export async function jobsOfFile(path: string, text: string): Promise<JobDefinition[]> {
  const grammar = importGrammarFor(path);
  if (grammar === 'ruby') return rubyJobs(text);
  if (grammar === 'python') return celeryTasks(text);
  if (grammar === 'typescript' || grammar === 'tsx') return (await bullmqUsage(text, grammar)).queues;
  // BullMQ's reader knows TypeScript's trees, a superset of JavaScript's.
  if (grammar === 'javascript') return (await bullmqUsage(text, path.endsWith('x') ? 'tsx' : 'typescript')).queues;
  return [];
}
