import type { Git } from '../git/git';
import type { CheckRequirements, CheckSummary, RemoteStatus, RequiredCheckPrediction } from './types';
import { readPushFacts, readWorkflows } from './workflows/pushed-workflows';
import { fileName, workflowRunsFor, type PushFacts, type TriggerVerdict } from './workflows/trigger';
import type { Workflow, WorkflowJob } from './workflows/workflow-file';

export type { CheckRequirements, RequiredCheckPrediction };

/** A rule of GitHub's `GET /repos/{owner}/{repo}/rules/branches/{branch}`, as far as checks go. */
export type RulesetRule = {
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
    if (job.names.computed?.matches(context.split(' / ')[0]))
      return { exact: false, why: `it calls the reusable workflow ${job.calls}, and ${job.names.computed.why}` };
    return undefined;
  }
  if (job.names.exact.includes(context)) return { exact: true };
  if (job.names.computed?.matches(context)) return { exact: false, why: job.names.computed.why };
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
  if (trigger.runs === false) return { ...base, willReport: false, why: trigger.why, fix: trigger.fix?.(context), line: trigger.line };
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

/** The last prediction, by everything it depends on: a settled poll asks git once for the refs and reads no workflow file. */
let lastPrediction: { key: string; predictions: RequiredCheckPrediction[] } | undefined;

/**
 * The prediction for a commit about to be pushed to the pull request's branch: its workflow
 * files from git objects, the diffs GitHub's filters would see. Empty without an open pull
 * request or required checks; never throws (a failure to read git leaves it empty).
 */
export async function predictForPush(
  git: Git,
  status: RemoteStatus,
  push: {
    head: string | undefined;
    /** The remote pushed to. */
    remote: string;
    remoteHead?: string;
    /** The remote holding the base branch, when not the one pushed to (a fork's parent); null: none in this clone. */
    baseRemote?: string | null;
    /** False for a push to a fork: the parent's push workflows do not run for it. */
    pushRunsInBase?: boolean;
  },
): Promise<RequiredCheckPrediction[]> {
  const pr = status.pullRequest;
  const requirements = status.checkRequirements;
  if (!pr || pr.state !== 'open' || !requirements || requirements.contexts.length === 0 || !push.head || !status.branch) return [];
  try {
    const baseRemote = push.baseRemote === undefined ? push.remote : push.baseRemote;
    const refs = await git.tryRaw(
      'for-each-ref',
      '--format=%(refname) %(objectname)',
      `refs/remotes/${baseRemote ?? push.remote}/${pr.baseRef}`,
      `refs/remotes/${push.remote}/${status.branch}`,
    );
    const key = JSON.stringify([
      git.root,
      push,
      status.branch,
      pr.baseRef,
      refs,
      requirements,
      status.checks.filter((c) => c.kind === 'status').map((c) => c.name),
    ]);
    if (lastPrediction?.key === key) return lastPrediction.predictions;
    const [workflows, facts] = await Promise.all([
      readWorkflows(git, push.head),
      readPushFacts(git, {
        head: push.head,
        branch: status.branch,
        baseRef: pr.baseRef,
        remote: push.remote,
        remoteHead: push.remoteHead,
        baseRemote,
        pushRunsInBase: push.pushRunsInBase ?? true,
      }),
    ]);
    const predictions = predictRequiredChecks(requirements, workflows, facts, status.checks);
    lastPrediction = { key, predictions };
    return predictions;
  } catch {
    return [];
  }
}
