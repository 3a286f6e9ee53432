/** What the job rules know about a file: the jobs it defines and the jobs it names. */
export type JobFramework = 'sidekiq' | 'activejob' | 'celery' | 'bullmq';

export interface Span {
  start: number;
  end: number;
}

export interface JobDefinition {
  framework: JobFramework;
  /** The class (Sidekiq, ActiveJob), task function (Celery) or queue (BullMQ producer) name. */
  name: string;
  /** Where the definition is named: the class name, the task function's name, `new Queue(...)`. */
  at: Span;
  /** The explicit queue and where it is set (`sidekiq_options queue:`, `queue_as`, `queue=`); absent: the default queue. */
  queue?: { name: string; at: Span };
  /** The arguments `perform`/the task takes, as written (`order_id`, `notify = true`); undefined when it has none defined. */
  params?: string[];
  paramsAt?: Span;
}

export const DEFAULT_QUEUE: Record<JobFramework, string> = { sidekiq: 'default', activejob: 'default', celery: 'celery', bullmq: '' };

/** Words of an argument list that matter to callers: required positional arguments change the contract. */
export function requiredParams(params: readonly string[]): string[] {
  return params.filter((param) => !/[=:]/.test(param) && !param.startsWith('*') && !param.startsWith('&'));
}
