import type { CheckSummary } from './types';
import { fileName, workflowRunsFor, type Decision, type PushFacts, type TriggerVerdict } from './workflows/trigger';
import type { Workflow, WorkflowJob } from './workflows/workflow-file';

/** What the base branch requires of a pull request's head commit, from its rulesets and classic branch protection. */
export interface CheckRequirements {
  contexts: Array<{ context: string; integrationId?: number }>;
  /** A ruleset requires merging through the merge queue: required checks must also report on `merge_group`. */
  mergeQueue: boolean;
}

/** Whether a required check will report on the commit being pushed, predicted from the pushed workflow files. */
export interface RequiredCheckPrediction {
  context: string;
  /** The workflow file that reports it (`.github/workflows/e2e.yml`), or null when no workflow is known to. */
  workflow: string | null;
  /** The job's id in that workflow. */
  job: string | null;
  willReport: Decision;
  why: string;
  /** What would make it report, when it will not. */
  fix?: string;
  /** The line of the workflow file that decides it (a filter, the job, a syntax error). */
  line?: number;
}

type RulesetRule = {
  type: string;
  parameters?: { required_status_checks?: Array<{ context: string; integration_id?: number | null }> };
};

/** The required contexts (with the app a ruleset pins each to) and whether a merge queue is required. */
export function checkRequirements(
  rules: readonly RulesetRule[],
  protectionContexts: ReadonlyArray<string | null> | null | undefined,
): CheckRequirements {
  const byContext = new Map<string, { context: string; integrationId?: number }>();
  for (const rule of rules)
    if (rule.type === 'required_status_checks')
      for (const check of rule.parameters?.required_status_checks ?? [])
        if (!byContext.has(check.context))
          byContext.set(
            check.context,
            check.integration_id ? { context: check.context, integrationId: check.integration_id } : { context: check.context },
          );
  for (const context of protectionContexts ?? []) if (context && !byContext.has(context)) byContext.set(context, { context });
  return { contexts: [...byContext.values()], mergeQueue: rules.some((rule) => rule.type === 'merge_queue') };
}

/** The GitHub Actions app on github.com: a ruleset that pins a check to it expects a workflow job. */
export const GITHUB_ACTIONS_APP_ID = 15368;

/**
 * Each required context, matched to the job that reports it (check run name = job name, matrix
 * and `name:` templates expanded), with whether this push starts that job's workflow.
 */
export function predictRequiredChecks(
  requirements: CheckRequirements,
  workflows: readonly Workflow[],
  facts: PushFacts,
  reported: readonly CheckSummary[] = [],
): RequiredCheckPrediction[] {
  const runs = new Map<Workflow, TriggerVerdict>();
  const runsFor = (workflow: Workflow) => {
    let verdict = runs.get(workflow);
    if (!verdict) runs.set(workflow, (verdict = workflowRunsFor(workflow, facts)));
    return verdict;
  };
  return requirements.contexts.map(({ context, integrationId }) => {
    const candidates: RequiredCheckPrediction[] = [];
    for (const workflow of workflows) {
      if (workflow.problem) continue;
      for (const job of workflow.jobs) {
        const match = jobReports(job, context);
        if (match) candidates.push(predictJob(context, workflow, job, match, runsFor(workflow), requirements, facts));
      }
    }
    const decided = candidates.find((c) => c.willReport === true) ?? candidates.find((c) => c.willReport === 'unknown') ?? candidates[0];
    return decided ?? unmatched(context, integrationId, workflows, reported);
  });
}

type JobMatch = { exact: true } | { exact: false; why: string };

function jobReports(job: WorkflowJob, context: string): JobMatch | undefined {
  if (job.calls) {
    // A reusable workflow's checks are named "<caller> / <its job>".
    const caller = job.names.exact[0];
    if (caller !== undefined && context.startsWith(`${caller} / `))
      return { exact: false, why: `it calls the reusable workflow ${job.calls}, whose job names are not read` };
    if (job.names.computed?.regex.test(context.split(' / ')[0]))
      return { exact: false, why: `it calls the reusable workflow ${job.calls}, and ${job.names.computed.why}` };
    return undefined;
  }
  if (job.names.exact.includes(context)) return { exact: true };
  if (job.names.computed?.regex.test(context)) return { exact: false, why: job.names.computed.why };
  return undefined;
}

function predictJob(
  context: string,
  workflow: Workflow,
  job: WorkflowJob,
  match: JobMatch,
  trigger: TriggerVerdict,
  requirements: CheckRequirements,
  facts: PushFacts,
): RequiredCheckPrediction {
  const name = fileName(workflow.path);
  const base = { context, workflow: workflow.path, job: job.id };
  if (trigger.runs === false) return { ...base, willReport: false, why: trigger.why, fix: trigger.fix, line: trigger.line };
  if (requirements.mergeQueue && !workflow.events.has('merge_group'))
    return {
      ...base,
      willReport: false,
      why: `workflow ${name} has no merge_group trigger, and '${facts.baseRef}' requires a merge queue: the queue waits for '${context}' forever`,
      fix: "add merge_group: to the workflow's on:",
      line: workflow.events.values().next().value?.line,
    };
  if (trigger.runs === 'unknown') return { ...base, willReport: 'unknown', why: trigger.why, line: trigger.line };
  if (!match.exact)
    return { ...base, willReport: 'unknown', why: `job '${job.id}' in ${name} may report it: ${match.why}`, line: job.line };
  if (job.condition !== undefined && job.hasMatrix)
    return {
      ...base,
      willReport: 'unknown',
      why: `job '${job.id}' in ${name} has an if: condition; when it is false GitHub skips the whole matrix and reports no '${context}'`,
      line: job.line,
    };
  if (job.condition !== undefined)
    return {
      ...base,
      willReport: true,
      why: `${trigger.why}; job '${job.id}' reports it, as skipped when its if: condition is false (GitHub counts that as passing)`,
      line: job.line,
    };
  return { ...base, willReport: true, why: `${trigger.why}; job '${job.id}' reports it`, line: job.line };
}

function unmatched(
  context: string,
  integrationId: number | undefined,
  workflows: readonly Workflow[],
  reported: readonly CheckSummary[],
): RequiredCheckPrediction {
  const base = { context, workflow: null, job: null };
  const broken = workflows.find((w) => w.problem);
  if (broken?.problem)
    return {
      ...base,
      workflow: broken.path,
      willReport: 'unknown',
      why: `no readable workflow reports '${context}', and ${broken.path}:${broken.problem.line}:${broken.problem.column} cannot be read: ${broken.problem.message}`,
      line: broken.problem.line,
    };
  if (reported.some((check) => check.name === context && check.kind === 'status'))
    return { ...base, willReport: 'unknown', why: `'${context}' is a commit status set by a service outside .github/workflows` };
  if (integrationId === GITHUB_ACTIONS_APP_ID)
    return {
      ...base,
      willReport: false,
      why: `the rules expect '${context}' from GitHub Actions, and no job in .github/workflows is named '${context}'`,
      fix: `name a job '${context}' again, or change the required checks of the ruleset`,
    };
  return {
    ...base,
    willReport: 'unknown',
    why:
      workflows.length === 0
        ? `the pushed commit has no .github/workflows: '${context}' may come from another app or a commit status`
        : `no job in .github/workflows is named '${context}': it may come from another app or a commit status`,
  };
}
