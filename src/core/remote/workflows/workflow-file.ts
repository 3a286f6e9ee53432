import type { Node as YamlNode, YAMLMap } from 'yaml';
import { yaml } from '../../text/yaml';
import { compileFilterPattern, FilterPatternError, type FilterPattern } from './filter-pattern';
import { jobCheckNames, type JobCheckNames } from './job-names';

/** The filters of one event under `on:` that decide whether a push or pull request starts the workflow. */
export type FilterKey = 'branches' | 'branches-ignore' | 'tags' | 'tags-ignore' | 'paths' | 'paths-ignore' | 'types';

export interface EventFilter {
  /** As written, for messages (`['web/**']`). */
  values: string[];
  /** Compiled, for branches/tags/paths (not for `types`). */
  patterns: FilterPattern[];
  line: number;
}

export interface WorkflowEvent {
  name: string;
  line: number;
  filters: Partial<Record<FilterKey, EventFilter>>;
}

export interface WorkflowJob {
  id: string;
  line: number;
  names: JobCheckNames;
  /** The job's `if:`, as written. */
  condition: string | undefined;
  hasMatrix: boolean;
  /** `uses:` of a job that calls a reusable workflow. */
  calls: string | undefined;
}

export interface WorkflowProblem {
  line: number;
  column: number;
  message: string;
}

/** A workflow file of `.github/workflows`, as far as it decides which checks a push gets. */
export interface Workflow {
  /** Relative to the repository root: `.github/workflows/e2e.yml`. */
  path: string;
  events: Map<string, WorkflowEvent>;
  jobs: WorkflowJob[];
  /** Why GitHub cannot run it (a YAML error, no `on:`, no `jobs:`); its jobs are then not known. */
  problem: WorkflowProblem | undefined;
}

const FILTER_KEYS: readonly FilterKey[] = ['branches', 'branches-ignore', 'tags', 'tags-ignore', 'paths', 'paths-ignore', 'types'];

/** Reads one workflow file; never throws: what cannot be read becomes its `problem`, with a position. */
export function parseWorkflow(path: string, text: string): Workflow {
  const Y = yaml();
  const lineCounter = new Y.LineCounter();
  const workflow: Workflow = { path, events: new Map(), jobs: [], problem: undefined };
  const doc = Y.parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const at = lineCounter.linePos(error.pos[0]);
    workflow.problem = { line: at.line, column: at.col, message: error.message.split('\n')[0] };
    return workflow;
  }
  const position = (node: YamlNode | null | undefined) => {
    const at = lineCounter.linePos(node?.range?.[0] ?? 0);
    return { line: at.line, column: at.col };
  };
  const fail = (node: YamlNode | null | undefined, message: string): Workflow => {
    workflow.problem = { ...position(node), message };
    workflow.events.clear();
    workflow.jobs = [];
    return workflow;
  };
  const root = doc.contents;
  if (!Y.isMap(root)) return fail(root, 'a workflow must be a mapping with on: and jobs:');
  const on = root.get('on', true) as YamlNode | undefined;
  if (on === undefined) return fail(root, "the workflow has no 'on:': GitHub does not run it");
  try {
    readEvents(on, workflow, position);
  } catch (problem) {
    if (problem instanceof WorkflowShapeError) return fail(problem.node, problem.message);
    throw problem;
  }
  const jobs = root.get('jobs', true) as YamlNode | undefined;
  if (!Y.isMap(jobs)) return fail(jobs ?? root, "the workflow has no 'jobs:' mapping: GitHub does not run it");
  for (const pair of jobs.items) {
    const id = Y.isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (id === undefined) continue;
    const job = pair.value;
    const line = position(pair.key as YamlNode).line;
    if (!Y.isMap(job)) return fail((job as YamlNode) ?? (pair.key as YamlNode), `job '${id}' must be a mapping`);
    const value = job.toJSON() as Record<string, unknown>;
    const strategy = value.strategy as { matrix?: unknown } | undefined;
    workflow.jobs.push({
      id,
      line,
      names: jobCheckNames(id, value.name, strategy?.matrix),
      condition: value.if === undefined ? undefined : String(value.if),
      hasMatrix: strategy?.matrix !== undefined && strategy.matrix !== null,
      calls: typeof value.uses === 'string' ? value.uses : undefined,
    });
  }
  return workflow;
}

class WorkflowShapeError extends Error {
  constructor(
    readonly node: YamlNode | null | undefined,
    message: string,
  ) {
    super(message);
  }
}

function readEvents(on: YamlNode, workflow: Workflow, position: (node: YamlNode | null | undefined) => { line: number }): void {
  const Y = yaml();
  const add = (name: string, node: YamlNode): void => void workflow.events.set(name, { name, line: position(node).line, filters: {} });
  if (Y.isScalar(on)) return add(String(on.value), on);
  if (Y.isSeq(on)) {
    for (const item of on.items as YamlNode[]) {
      if (!Y.isScalar(item)) throw new WorkflowShapeError(item, "each event in an 'on:' list must be a name");
      add(String(item.value), item);
    }
    return;
  }
  if (!Y.isMap(on)) throw new WorkflowShapeError(on, "'on:' must name events");
  for (const pair of (on as YAMLMap).items) {
    const key = pair.key as YamlNode;
    if (!Y.isScalar(key)) continue;
    const name = String(key.value);
    const event: WorkflowEvent = { name, line: position(key).line, filters: {} };
    workflow.events.set(name, event);
    const body = pair.value as YamlNode | null;
    if (!Y.isMap(body)) continue;
    for (const filterKey of FILTER_KEYS) {
      const pair = body.items.find((item) => Y.isScalar(item.key) && item.key.value === filterKey);
      if (!pair) continue;
      // A filter is told at its key's line (`paths:`), where a block list begins on the next one.
      const node = (pair.value ?? pair.key) as YamlNode;
      const values = stringList(node);
      if (!values) throw new WorkflowShapeError(node, `${name}.${filterKey} must be a list of strings`);
      let patterns: FilterPattern[] = [];
      if (filterKey !== 'types') {
        try {
          patterns = values.map(compileFilterPattern);
        } catch (error) {
          if (error instanceof FilterPatternError) throw new WorkflowShapeError(node, `${name}.${filterKey}: ${error.message}`);
          throw error;
        }
      }
      event.filters[filterKey] = { values, patterns, line: position(pair.key as YamlNode).line };
    }
  }
}

function stringList(node: YamlNode): string[] | undefined {
  const Y = yaml();
  if (Y.isScalar(node)) return node.value === null ? [] : [String(node.value)];
  if (!Y.isSeq(node)) return undefined;
  const values: string[] = [];
  for (const item of node.items as YamlNode[]) {
    if (!Y.isScalar(item)) return undefined;
    values.push(String(item.value));
  }
  return values;
}
