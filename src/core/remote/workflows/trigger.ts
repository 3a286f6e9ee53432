import { patternListIncludes } from './filter-pattern';
import type { EventFilter, Workflow, WorkflowEvent } from './workflow-file';

/**
 * The files a push changes, as GitHub lists them for paths filters: for a `push` event a two-dot
 * diff (the branch's old head → the pushed commit; for a new branch, from the parent of the oldest
 * commit pushed), for `pull_request` a three-dot diff (the merge base with the base branch → head).
 * `unknown` when the local clone cannot tell (the base branch was never fetched);
 * `too-many` above 1,000 commits, where GitHub runs the workflow whatever its paths say.
 */
export type ChangedFiles = readonly string[] | 'unknown' | 'too-many';

export interface PushFacts {
  /** The branch pushed to, without refs/heads/. */
  branch: string;
  /** The pull request's base branch. */
  baseRef: string;
  pushFiles: ChangedFiles;
  pullRequestFiles: ChangedFiles;
  /** The pushed head commit's message: `[skip ci]` and its kin stop push and pull_request workflows. */
  headMessage: string;
  /** False for a push to a fork: the pull request's repository runs only its pull_request workflows for it. */
  pushRunsInBase?: boolean;
}

export type Decision = true | false | 'unknown';

export interface TriggerVerdict {
  runs: Decision;
  /** Said about the workflow: "workflow e2e.yml only runs for paths: ['web/**']". */
  why: string;
  /** The line in the workflow file that decided it (the filter, the `on:` event). */
  line?: number;
  /** What would make a check of this workflow report, when it will not. */
  fix?: (context: string) => string;
}

/** GitHub diffs list at most this many files; a matching file after them does not start the workflow. */
export const MAX_DIFF_FILES = 300;

/** Events whose runs report checks on the pushed commit. */
const PUSH_EVENTS = ['pull_request', 'pull_request_target', 'push'] as const;
/** Events that may run for the branch, but only when something else happens (a comment, another workflow, a person). */
const MAYBE_EVENTS = new Set([
  'issue_comment',
  'pull_request_review',
  'pull_request_review_comment',
  'workflow_run',
  'check_run',
  'check_suite',
  'repository_dispatch',
  'status',
  'workflow_dispatch',
]);

const SKIP_MARKERS = ['[skip ci]', '[ci skip]', '[no ci]', '[skip actions]', '[actions skip]'];

/** Whether this push starts the workflow, by GitHub's documented filter rules for push and pull_request. */
export function workflowRunsFor(workflow: Workflow, facts: PushFacts): TriggerVerdict {
  const name = fileName(workflow.path);
  const events = PUSH_EVENTS.map((event) => workflow.events.get(event)).filter(
    (e): e is WorkflowEvent => e !== undefined && (e.name !== 'push' || facts.pushRunsInBase !== false),
  );
  const push = workflow.events.get('push');
  if (events.length === 0 && push)
    return {
      runs: false,
      why: `workflow ${name} runs on push, and this push goes to a fork: only pull_request runs report on the pull request`,
      line: push.line,
      fix: () => 'add a pull_request trigger to the workflow',
    };
  if (events.length === 0) {
    const listed = [...workflow.events.keys()];
    const maybe = listed.filter((event) => MAYBE_EVENTS.has(event));
    if (maybe.length > 0)
      return {
        runs: 'unknown',
        why: `workflow ${name} runs on ${maybe.join(', ')}, which this push does not start by itself`,
        line: workflow.events.get(maybe[0])?.line,
      };
    return {
      runs: false,
      why: `workflow ${name} runs only on ${listed.join(', ') || 'no event'}, not on a push or a pull request`,
      line: workflow.events.values().next().value?.line,
      fix: (context) => `add a pull_request trigger to the workflow, or stop requiring '${context}'`,
    };
  }
  const skip = skipMarker(facts.headMessage);
  const verdicts = events.map((event) =>
    skip && event.name !== 'pull_request_target'
      ? {
          runs: false as const,
          why: `the pushed commit's message contains '${skip}', so GitHub starts no push or pull_request workflow for it`,
          line: event.line,
          fix: () => `push a commit whose message has no '${skip}'`,
        }
      : event.name === 'push'
        ? pushVerdict(name, event, facts)
        : pullRequestVerdict(name, event, facts),
  );
  const running = verdicts.find((v) => v.runs === true);
  if (running) return running;
  const unknown = verdicts.find((v) => v.runs === 'unknown');
  if (unknown) return unknown;
  // A pull request's check waits on pull_request runs first: its reason is the one to fix.
  return verdicts.find((_, i) => events[i].name !== 'push') ?? verdicts[0];
}

function pushVerdict(name: string, event: WorkflowEvent, facts: PushFacts): TriggerVerdict {
  const { filters } = event;
  const branches = filters.branches ?? filters['branches-ignore'];
  const tags = filters.tags ?? filters['tags-ignore'];
  if (tags && !branches)
    return {
      runs: false,
      why: `workflow ${name} runs on push only for tags: ${listed(tags)}`,
      line: tags.line,
      fix: () => 'add the branch to on.push.branches, or a pull_request trigger',
    };
  const branchVerdict = branchFilterVerdict(name, filters, facts.branch, `pushes to`);
  if (branchVerdict) return branchVerdict;
  return pathsVerdict(name, event, facts.pushFiles, 'push') ?? { runs: true, why: `workflow ${name} runs on push`, line: event.line };
}

function pullRequestVerdict(name: string, event: WorkflowEvent, facts: PushFacts): TriggerVerdict {
  const { filters } = event;
  // A push to a branch with an open pull request is its `synchronize` activity.
  const types = filters.types;
  if (types && !types.values.includes('synchronize'))
    return {
      runs: false,
      why: `workflow ${name} only runs for ${event.name} types: ${listed(types)}; a push to an open pull request is 'synchronize'`,
      line: types.line,
      fix: () => `add 'synchronize' to on.${event.name}.types`,
    };
  const branchVerdict = branchFilterVerdict(name, filters, facts.baseRef, 'pull requests into');
  if (branchVerdict) return branchVerdict;
  return (
    pathsVerdict(name, event, facts.pullRequestFiles, 'pull request') ?? {
      runs: true,
      why: `workflow ${name} runs on ${event.name}`,
      line: event.line,
    }
  );
}

function branchFilterVerdict(
  name: string,
  filters: WorkflowEvent['filters'],
  branch: string,
  words: 'pushes to' | 'pull requests into',
): TriggerVerdict | undefined {
  const only = filters.branches;
  if (only && !patternListIncludes(only.patterns, branch))
    return {
      runs: false,
      why: `workflow ${name} only runs for ${words} branches: ${listed(only)}, not '${branch}'`,
      line: only.line,
      fix: () => `add '${branch}' to the branches filter, or move the filter into a job's if: condition`,
    };
  const ignored = filters['branches-ignore'];
  if (ignored && patternListIncludes(ignored.patterns, branch))
    return {
      runs: false,
      why: `workflow ${name} ignores ${words} '${branch}' (branches-ignore: ${listed(ignored)})`,
      line: ignored.line,
      fix: () => `take '${branch}' out of branches-ignore, or move the filter into a job's if: condition`,
    };
  return undefined;
}

/** Undefined when the paths filters let the workflow run (or there are none). */
function pathsVerdict(name: string, event: WorkflowEvent, files: ChangedFiles, what: 'push' | 'pull request'): TriggerVerdict | undefined {
  const paths = event.filters.paths;
  const ignored = event.filters['paths-ignore'];
  const filter = paths ?? ignored;
  if (!filter) return undefined;
  if (files === 'too-many') return undefined;
  if (files === 'unknown')
    return {
      runs: 'unknown',
      why: `workflow ${name} has a ${paths ? 'paths' : 'paths-ignore'} filter, and the files this ${what} changes are not known locally (fetch the base branch)`,
      line: filter.line,
    };
  const decide = (list: readonly string[]) =>
    paths
      ? list.some((file) => patternListIncludes(paths.patterns, file))
      : list.some((file) => !patternListIncludes(ignored!.patterns, file));
  const runsOnShown = decide(files.slice(0, MAX_DIFF_FILES));
  if (runsOnShown) return undefined;
  if (files.length > MAX_DIFF_FILES && decide(files))
    return {
      runs: 'unknown',
      why: `workflow ${name} has a ${paths ? 'paths' : 'paths-ignore'} filter, and this ${what} changes ${files.length} files: GitHub reads only the first ${MAX_DIFF_FILES}`,
      line: filter.line,
    };
  const fix = (context: string) =>
    `move the ${paths ? 'paths' : 'paths-ignore'} filter into a step's if: condition, or add a job named '${context}' to a workflow that always runs (a stub that reports the same name)`;
  if (files.length === 0)
    return { runs: false, why: `workflow ${name} has a paths filter, and this ${what} changes no file`, line: filter.line, fix };
  return paths
    ? { runs: false, why: `workflow ${name} only runs for paths: ${listed(paths)}`, line: paths.line, fix }
    : {
        runs: false,
        why: `workflow ${name} ignores paths-ignore: ${listed(ignored!)}, and this ${what} changes nothing else`,
        line: ignored!.line,
        fix,
      };
}

function skipMarker(message: string): string | undefined {
  const marker = SKIP_MARKERS.find((m) => message.includes(m));
  if (marker) return marker;
  // "two empty lines followed by skip-checks: true" at the end of the message.
  return /\n\n\s*skip-checks:\s?true\s*$/i.test(message) ? 'skip-checks: true' : undefined;
}

export function listed(filter: EventFilter | readonly string[]): string {
  const values = Array.isArray(filter) ? filter : (filter as EventFilter).values;
  return `[${values.map((v) => `'${v}'`).join(', ')}]`;
}

export function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
