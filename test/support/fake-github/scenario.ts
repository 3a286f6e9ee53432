import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What the fake GitHub knows about one repository, written the way a person describes a PR.
 * The server turns it into GitHub's REST and GraphQL shapes.
 */
export interface Scenario {
  /** owner/name */
  repository: string;
  /** Required checks per base branch, as repository rulesets report them (REST rules/branches). */
  rulesets?: Record<string, string[]>;
  /** Required checks per base branch from classic branch protection (GraphQL). */
  branchProtection?: Record<string, string[]>;
  /** The app a ruleset expects a required check from (its `integration_id`; 15368 is GitHub Actions). */
  rulesetCheckApps?: Record<string, number>;
  /** Base branches whose ruleset requires the merge queue (a `merge_queue` rule). */
  mergeQueueBranches?: string[];
  /** Forks of `repository` (owner/name) on the same server: GitHub's repository API names it as their parent; they have no pull requests of their own. */
  forks?: string[];
  pullRequests: ScenarioPullRequest[];
  /** An older GitHub Enterprise Server: its schema has no merge queues, so a query naming one is refused. */
  noMergeQueues?: boolean;
}

export interface ScenarioPullRequest {
  number: number;
  title: string;
  /** 'open' unless said; a merged pull request is closed with mergedAt set, as GitHub's REST API says it. */
  state?: 'open' | 'closed';
  mergedAt?: string;
  closedAt?: string;
  createdAt?: string;
  body?: string;
  draft?: boolean;
  head: string;
  /** The fork the head branch is in (owner/name), for a pull request from a fork; else `repository`. */
  headRepository?: string;
  headSha: string;
  base: string;
  /** GitHub's MergeStateStatus: CLEAN, BEHIND, DIRTY, BLOCKED, UNSTABLE, DRAFT, HAS_HOOKS, UNKNOWN. */
  mergeStateStatus?: string;
  /** APPROVED, CHANGES_REQUESTED, REVIEW_REQUIRED or null. */
  reviewDecision?: string | null;
  labels?: string[];
  requestedReviewers?: string[];
  updatedAt?: string;
  reviews?: Array<{ author: string; state: string; body?: string; submittedAt?: string }>;
  threads?: Array<{ path: string; line?: number; resolved?: boolean; comments: Array<{ author: string; body: string }> }>;
  checkRuns?: Array<{
    name: string;
    status: string;
    conclusion?: string | null;
    startedAt?: string;
    url?: string;
    /** The check run's id; for a GitHub Actions job (one with `workflowRunId`) also the job's id. */
    id?: number;
    workflowRunId?: number;
    /** As `GET /repos/{o}/{r}/check-runs/{id}/annotations` answers them (GitHub's REST shape). */
    annotations?: Array<Record<string, unknown>>;
    /** The Actions job behind the check run: its steps (REST shape) and its log (served by the log storage after a redirect). */
    job?: { steps: Array<Record<string, unknown>>; log: string; startedAt?: string; completedAt?: string };
  }>;
  statuses?: Array<{ context: string; state: string; url?: string; createdAt?: string }>;
  deployments?: Array<{ environment: string; state: string; url?: string; createdAt?: string }>;
  /** Its merge queue entry; MergeQueueEntryState: QUEUED, AWAITING_CHECKS, MERGEABLE, UNMERGEABLE, LOCKED. */
  mergeQueue?: { position: number; state: string; enqueuedAt: string; estimatedTimeToMerge?: number | null };
}

/** A scenario from test/fixtures/github/<name>.json, with `$HEAD` replaced by the given head SHA. */
export function loadScenario(name: string, values: { headSha: string; branch?: string }): Scenario {
  const text = readFileSync(join(__dirname, '..', '..', 'fixtures', 'github', `${name}.json`), 'utf8');
  return JSON.parse(text.replaceAll('$HEAD', values.headSha).replaceAll('$BRANCH', values.branch ?? 'feature/orders-index')) as Scenario;
}
