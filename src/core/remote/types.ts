/**
 * The remote pull request mirror: the contract of `preflight status --format json`, of
 * .git/preflight/remote-state.json and of the sidebar's pull request sections.
 */
export interface RemoteStatus {
  version: 1;
  /** owner/name on the GitHub host, when the remote is a GitHub repository. */
  repository: string | undefined;
  /** The repository's web page, e.g. https://github.com/acme/shop. */
  repositoryUrl: string | undefined;
  branch: string | undefined;
  localHeadSha: string | undefined;
  /** When this state was read from GitHub (ISO 8601); undefined when it never was. */
  fetchedAt: string | undefined;
  /** True when the last attempt failed and this is the last known state. */
  stale: boolean;
  /** Why the state could not be read, when it could not (offline, signed out, no access…). */
  problem: RemoteProblem | undefined;
  pullRequest: PullRequestSummary | null;
  checks: CheckSummary[];
  reviews: ReviewSummary;
  staging: StagingSummary | null;
  /** The pull request's place in the base branch's merge queue; null when it is not queued (or the server has no queues). */
  mergeQueue: MergeQueueSummary | null;
  blockers: string[];
  rateLimit: RateLimitBudget | undefined;
  /**
   * Whether each check the base branch requires will report on the local HEAD once pushed,
   * predicted from the workflow files of that commit; empty without an open pull request.
   */
  requiredChecks?: RequiredCheckPrediction[];
  /** What the base branch requires, from its rulesets and branch protection; kept to predict again offline. */
  checkRequirements?: CheckRequirements | null;
  /**
   * Set when the push goes to a fork whose pull request lives in the parent repository: then
   * `repository`, the pull request, its checks and reviews are the parent's.
   */
  fork?: ForkSummary | null;
  /**
   * Branches of this repository that GitHub protects (a ruleset or classic branch protection on a
   * pull request's base), under the git remote they were read through; kept across branches.
   */
  branchProtection?: BranchProtectionSummary;
}

export interface BranchProtectionSummary {
  /** The git remote whose branches these are, e.g. origin. */
  remote: string;
  branches: string[];
}

export interface PullRequestSummary {
  number: number;
  /**
   * 'merged' or 'closed' when the branch has no open pull request and this is its most recent
   * one: commits pushed to the branch now reach no pull request.
   */
  state: PullRequestState;
  mergedAt?: string;
  closedAt?: string;
  url: string;
  title: string;
  draft: boolean;
  headSha: string;
  baseRef: string;
  mergeState: MergeState;
  /** Local HEAD differs from the PR's head: the push will start new checks and may dismiss approvals. */
  headDiffers: boolean;
  requestedReviewers: string[];
  labels: string[];
}

export type PullRequestState = 'open' | 'merged' | 'closed';

export type MergeState = 'clean' | 'behind' | 'dirty' | 'blocked' | 'unstable' | 'draft' | 'has_hooks' | 'unknown';

export type CheckState = 'success' | 'failure' | 'pending' | 'neutral' | 'skipped' | 'cancelled' | 'missing';

export interface CheckSummary {
  name: string;
  state: CheckState;
  required: boolean;
  url: string | undefined;
  /** When a pending check started, to show how long it has run. */
  startedAt?: string;
  kind: 'check-run' | 'status' | 'expected';
  /** The check run's id (REST `check-runs/{id}`; for GitHub Actions also the job's id). */
  id?: number;
  /** The GitHub Actions workflow run that produced the check run, when it came from Actions. */
  workflowRunId?: number;
  /** What CI reported on the code (failing check runs only; at most MAX_ANNOTATIONS_PER_CHECK, fetched once per check run). */
  annotations?: CheckAnnotation[];
}

/** A check run's annotation, as GitHub reports it (REST `check-runs/{id}/annotations`), on the PR head's version of the file. */
export interface CheckAnnotation {
  /** Repository-relative POSIX path. */
  path: string;
  /** 1-based, on the file as it is at the pull request's head. */
  startLine: number;
  endLine: number;
  startColumn?: number;
  endColumn?: number;
  level: 'failure' | 'warning' | 'notice';
  message: string;
  title?: string;
}

export type ReviewDecision = 'approved' | 'changes_requested' | 'review_required' | 'none';

export interface ReviewSummary {
  decision: ReviewDecision;
  approvals: number;
  /** Reviewers whose latest review requests changes. */
  changesRequestedBy: string[];
  unresolvedThreads: number;
  /** Unchecked `- [ ]` task-list items in the PR body, reviews and review comments. */
  openTasks: number;
  /** Links to the unresolved threads, first comment of each. */
  threads: Array<{
    path: string | undefined;
    line: number | undefined;
    author: string | undefined;
    excerpt: string;
    url: string | undefined;
  }>;
}

export interface MergeQueueSummary {
  /** 1 is next to merge. */
  position: number;
  state: 'queued' | 'awaiting_checks' | 'mergeable' | 'unmergeable' | 'locked';
  enqueuedAt: string;
  /** GitHub's estimate, in seconds; null when it has none. */
  estimatedTimeToMerge: number | null;
}

export interface StagingSummary {
  environment: string;
  /** success: deployed and (when a QA signal is configured) approved; pending: deploying or awaiting QA. */
  state: 'success' | 'failure' | 'pending' | 'missing';
  url: string | undefined;
  updatedAt: string | undefined;
  /** What decided the state: the deployment, a label or a check. */
  signal: string;
}

export interface RateLimitBudget {
  remaining: number;
  limit: number;
  resetAt: string;
  resource: string;
}

export type RemoteProblem =
  | { kind: 'no-remote'; message: string }
  | { kind: 'not-github'; message: string }
  /** A configured API URL that is malformed, plain http off this machine, or (from the repository) on another host. */
  | { kind: 'unsafe-api-url'; message: string }
  | { kind: 'signed-out'; message: string }
  | { kind: 'unauthorized'; message: string }
  | { kind: 'no-access'; message: string }
  | { kind: 'rate-limited'; message: string; retryAt: string }
  | { kind: 'unreachable'; message: string };

/** What the base branch requires of a pull request's head commit, from its rulesets and classic branch protection. */
export interface CheckRequirements {
  /** `integrationId`: the app a ruleset expects the check from (15368 is GitHub Actions on github.com). */
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
  /** 'unknown' where the files cannot tell (a computed matrix, a reusable workflow, an unfetched base branch). */
  willReport: boolean | 'unknown';
  why: string;
  /** What would make it report, when it will not. */
  fix?: string;
  /** The line of the workflow file that decides it (a filter, the job, a syntax error). */
  line?: number;
}

/** A push to a fork: the pull request is found in its parent by `head: owner:branch`. */
export interface ForkSummary {
  /** The fork pushed to, owner/name. */
  repository: string;
  repositoryUrl: string;
  /** Where the pull request lives, owner/name. */
  parent: string;
  via: 'upstream-remote' | 'github';
}
