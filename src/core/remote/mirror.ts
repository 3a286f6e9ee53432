import remoteStatusSchema from '../../../schemas/remote-status.schema.json';
import { readStateFile, schemaProblem, writeStateFile } from '../state/state-file';
import type { PreflightConfig } from '../config/types';
import { Git, preflightStateDir } from '../git/git';
import { remoteBlockers } from './blockers';
import { requiredCheckNames, summarizeChecks } from './checks';
import { GitHubClient, RateLimitedError, ResponseTooLargeError, type CachedResponse, type RequestLog } from './github-client';
import {
  lacksMergeQueue,
  present,
  PULL_REQUEST_QUERY,
  PULL_REQUEST_QUERY_WITHOUT_MERGE_QUEUE,
  type PullRequestNode,
  type PullRequestQueryResult,
} from './pull-request-query';
import {
  ApiUrlError,
  githubRepositoryFromRemote,
  isLoopbackHost,
  repositoryWebUrl,
  withoutCredentials,
  type ApiUrlSetting,
  type GitHubRepository,
} from './repository';
import { forkSummary, parentFromGitHub, parentFromUpstreamRemote, parentNamed, remoteOf, type ForkParent } from './fork';
import { checkRequirements, predictForPush, type RulesetRule } from './required-checks';
import { summarizeReviews } from './reviews';
import { withAnnotations } from './annotations';
import { isProtectedBranch, protectionAfterReading } from './branch-protection';
import { DEFAULT_STAGING_ENVIRONMENT, summarizeStaging } from './staging';
import type { MergeQueueSummary, MergeState, PullRequestSummary, RemoteProblem, RemoteStatus } from './types';
import type { BranchProtectionSummary } from './types';

export interface MirrorOptions {
  root: string;
  config: PreflightConfig;
  /** A GitHub token, or how to get one for a host; without one only a loopback server (the fake one, a local proxy) is asked. */
  token?: string | ((host: string) => Promise<string | undefined>);
  /** The user's API URL (the editor setting `preflight.github.apiUrl`, `PREFLIGHT_GITHUB_API_URL`); wins over `.preflight.yml`'s `remote.github.apiUrl`. */
  apiUrl?: string;
  remote?: string;
  /** Ask GitHub even when the cheap probe says nothing changed. */
  force?: boolean;
  timeoutMs?: number;
  retryBaseMs?: number;
  /** Retries of a failed request (5xx, timeout, offline); default 3. The hook uses fewer, to keep a push quick. */
  retries?: number;
  onRequest?: (log: RequestLog) => void;
  /** One line about a state file that was ignored (corrupt, wrongly typed) and will be rebuilt. */
  onWarning?: (message: string) => void;
}

interface StoredState {
  version: 1;
  status: RemoteStatus;
  etags: Array<[string, CachedResponse]>;
  /** What GitHub answered about each repository pushed to: the parent it is a fork of, or null. Asked once. */
  forkParents?: Array<[string, string | null]>;
}

interface PullListItem {
  number: number;
  state: 'open' | 'closed';
  html_url: string;
  title: string;
  draft?: boolean;
  head: { ref: string; sha: string; repo: { full_name: string } | null };
  base: { ref: string };
  updated_at: string;
  created_at: string;
  merged_at?: string | null;
  closed_at?: string | null;
}

const STATE_FILE = 'remote-state.json';
const MAX_STORED_ETAGS = 50;

/**
 * Reads the pull request state for the current branch from GitHub, cheaply: a conditional REST
 * probe of the branch's open PR (a 304 costs no rate limit) and, only when that changed or
 * something is still in flight, one GraphQL query plus a conditional read of the base branch's
 * rules. On failure it returns the last known state, marked stale, with the problem.
 */
export async function refreshRemoteStatus(options: MirrorOptions): Promise<RemoteStatus> {
  const git = new Git(options.root);
  const [branch, localHeadSha] = await Promise.all([
    currentBranch(git),
    git.tryRaw('rev-parse', '--verify', '-q', 'HEAD').then((s) => s?.trim() || undefined),
  ]);
  const stateDir = await preflightStateDir(git);
  const stored = stateDir ? await readStoredState(stateDir, options.onWarning) : undefined;
  const located = await locateRepository(git, branch, options);
  if ('problem' in located) return { ...emptyStatus(undefined, branch, localHeadSha), problem: located.problem };
  const { repository: pushedTo, remote } = located;
  // A push to a fork opens its pull request in the parent: everything below is asked there.
  const forkParents = new Map(stored?.forkParents ?? []);
  const remembered = forkParents.get(forkKey(pushedTo));
  let forkParent: ForkParent | undefined =
    (await parentFromUpstreamRemote(git, pushedTo, remote, apiUrlSetting(options))) ??
    (remembered ? { parent: parentNamed(pushedTo, remembered), via: 'github' } : undefined);
  let repository = forkParent?.parent ?? pushedTo;
  // Protected branches are the repository's, not the branch's: they are kept when the branch changes.
  const knownProtection =
    stored?.status.repository === `${repository.owner}/${repository.name}` ? stored.status.branchProtection : undefined;
  const previous =
    stored && stored.status.repository === `${repository.owner}/${repository.name}` && stored.status.branch === branch
      ? stored.status
      : undefined;
  if (!branch)
    return {
      ...emptyStatus(repository, branch, localHeadSha),
      problem: { kind: 'no-remote', message: 'HEAD is detached: there is no branch to find a pull request for.' },
    };
  const token = typeof options.token === 'function' ? await options.token(repository.tokenHost) : options.token;
  if (!token && !isLoopbackHost(new URL(repository.apiUrl).hostname)) {
    return staleOr(previous, repository, branch, localHeadSha, {
      kind: 'signed-out',
      message: `Sign in to GitHub to see the pull request for '${branch}'.`,
    });
  }
  const client = new GitHubClient({
    apiUrl: repository.apiUrl,
    token,
    timeoutMs: options.timeoutMs,
    retryBaseMs: options.retryBaseMs,
    retries: options.retries,
    onRequest: options.onRequest,
    etags: new Map(stored?.etags ?? []),
  });
  let status: RemoteStatus;
  try {
    const fromUpstreamRemote = forkParent?.via === 'upstream-remote';
    let fetched = await fetchStatus(
      client,
      repository,
      branch,
      localHeadSha,
      options,
      previous,
      { remote, known: knownProtection },
      pushedTo.owner,
    ).catch((error: unknown) => {
      // An `upstream` remote this account cannot read is no reason to fail: the repository pushed to is asked instead.
      const status = (error as { status?: number }).status;
      if (fromUpstreamRemote && (status === 404 || status === 403)) return undefined;
      throw error;
    });
    // No pull request of its own, and not known to be a fork: ask GitHub once whether it is one.
    if (fetched && !fetched.pullRequest && !forkParent && remembered === undefined) {
      // Not knowing (no access to the repository's page, a failure) is not remembered, and is no problem of the state.
      const parentName = await parentFromGitHub(client, pushedTo).catch(() => undefined);
      if (parentName !== undefined) forkParents.set(forkKey(pushedTo), parentName);
      if (parentName) {
        forkParent = { parent: parentNamed(pushedTo, parentName), via: 'github' };
        repository = forkParent.parent;
        fetched = await fetchStatus(
          client,
          repository,
          branch,
          localHeadSha,
          options,
          undefined,
          { remote, known: knownProtection },
          pushedTo.owner,
        );
      }
    } else if (!fetched?.pullRequest && fromUpstreamRemote) {
      // An `upstream` remote that is not where this branch's pull request lives (a maintainer's own
      // clone with another remote by that name): the repository pushed to may hold it.
      const own = await fetchStatus(client, pushedTo, branch, localHeadSha, options, undefined, { remote, known: undefined });
      if (own.pullRequest || !fetched) {
        forkParent = undefined;
        repository = pushedTo;
        fetched = own;
      }
    }
    status = await checkedShape(fetched!);
  } catch (error) {
    status = staleOr(previous, repository, branch, localHeadSha, problemFrom(error, repository));
  }
  status.branchProtection ??= knownProtection;
  status.rateLimit = client.rateLimit ?? previous?.rateLimit;
  status.fork = forkParent ? forkSummary(pushedTo, forkParent) : null;
  // Read from the local clone on every poll, so it follows new local commits without asking GitHub.
  status.requiredChecks = await predictForPush(git, status, {
    head: localHeadSha,
    remote,
    ...(forkParent ? { baseRemote: (await remoteOf(git, forkParent.parent, apiUrlSetting(options))) ?? null, pushRunsInBase: false } : {}),
  });
  if (stateDir)
    await writeStateFile(stateDir, STATE_FILE, {
      version: 1,
      status,
      etags: [...client.etags].slice(-MAX_STORED_ETAGS),
      ...(forkParents.size > 0 ? { forkParents: [...forkParents].slice(-MAX_STORED_ETAGS) } : {}),
    } satisfies StoredState);
  return status;
}

/** The last state stored by the editor or the CLI, without asking GitHub (for a start-up that shows something at once). */
export async function lastKnownRemoteStatus(root: string, onWarning?: (message: string) => void): Promise<RemoteStatus | undefined> {
  const stateDir = await preflightStateDir(new Git(root));
  return stateDir ? (await readStoredState(stateDir, onWarning))?.status : undefined;
}

class UnexpectedShapeError extends Error {}

/** What GitHub sent, summarised, must fit the JSON contract: a null or a number where a name belongs is refused, not passed on. */
async function checkedShape(status: RemoteStatus): Promise<RemoteStatus> {
  const problem = await schemaProblem(JSON.parse(JSON.stringify(status)), remoteStatusSchema);
  if (problem) throw new UnexpectedShapeError(`GitHub answered in an unexpected shape (${problem})`);
  return status;
}

async function fetchStatus(
  client: GitHubClient,
  repository: GitHubRepository,
  branch: string,
  localHeadSha: string | undefined,
  options: MirrorOptions,
  previous: RemoteStatus | undefined,
  protection: { remote: string; known: BranchProtectionSummary | undefined },
  /** The owner of the repository the branch is pushed to (a fork's, when the pull request lives in its parent). */
  headOwner = repository.owner,
): Promise<RemoteStatus> {
  const repo = { owner: repository.owner, repo: repository.name };
  // Closed ones too, newest first: a branch whose PR was merged still gets pushes that reach nothing.
  const pulls = await client.getConditional<PullListItem[]>('GET /repos/{owner}/{repo}/pulls', {
    ...repo,
    head: `${headOwner}:${branch}`,
    state: 'all',
    sort: 'created',
    direction: 'desc',
    per_page: 10,
  });
  const forBranch = pulls.data.filter((p) => p.head.ref === branch);
  const pull = forBranch.find((p) => p.state === 'open');
  const fetchedAt = new Date().toISOString();
  if (!pull) {
    const latest = forBranch[0];
    return {
      ...emptyStatus(repository, branch, localHeadSha),
      fetchedAt,
      pullRequest: latest ? endedPullRequest(latest, localHeadSha) : null,
    };
  }
  const unchanged =
    !pulls.changed && !options.force && previous && !previous.stale && previous.pullRequest?.number === pull.number && isSettled(previous);
  if (unchanged)
    return {
      ...previous,
      localHeadSha,
      fetchedAt,
      problem: undefined,
      pullRequest: { ...previous.pullRequest!, headDiffers: localHeadSha !== undefined && localHeadSha !== previous.pullRequest!.headSha },
    };
  const environments = [options.config.remote.stagingReview.environment ?? DEFAULT_STAGING_ENVIRONMENT];
  const result = await queryPullRequest(client, repository, {
    owner: repository.owner,
    name: repository.name,
    number: pull.number,
    environments,
  });
  const pr = result.repository?.pullRequest;
  if (!pr) return { ...emptyStatus(repository, branch, localHeadSha), fetchedAt };
  const rules = await client
    .getConditional<RulesetRule[]>('GET /repos/{owner}/{repo}/rules/branches/{branch}', { ...repo, branch: pr.baseRefName })
    .catch(() => ({ data: [], changed: false, failed: true }));
  const commit = present(pr.commits.nodes)[0]?.commit;
  const checks = await withAnnotations(
    client,
    repo,
    summarizeChecks(commit, requiredCheckNames(rules.data, pr.baseRef?.branchProtectionRule?.requiredStatusCheckContexts)),
    previous,
  );
  const labels = present(pr.labels?.nodes).map((l) => l.name);
  const status: RemoteStatus = {
    ...emptyStatus(repository, branch, localHeadSha),
    fetchedAt,
    pullRequest: {
      number: pr.number,
      state: 'open',
      url: pr.url,
      title: pr.title,
      draft: pr.isDraft,
      headSha: pr.headRefOid,
      baseRef: pr.baseRefName,
      mergeState: mergeState(pr.mergeStateStatus),
      headDiffers: localHeadSha !== undefined && localHeadSha !== pr.headRefOid,
      requestedReviewers: present(pr.reviewRequests?.nodes)
        .map((r) => r.requestedReviewer?.login ?? r.requestedReviewer?.slug ?? '')
        .filter(Boolean),
      labels,
    },
    checks,
    reviews: summarizeReviews(pr),
    staging: summarizeStaging(commit, labels, checks, options.config.remote.stagingReview),
    mergeQueue: summarizeMergeQueue(pr.mergeQueueEntry),
    checkRequirements: checkRequirements(rules.data, pr.baseRef?.branchProtectionRule?.requiredStatusCheckContexts),
  };
  status.blockers = remoteBlockers(status);
  if (!('failed' in rules) || pr.baseRef?.branchProtectionRule)
    status.branchProtection = protectionAfterReading(
      protection.known,
      protection.remote,
      pr.baseRefName,
      isProtectedBranch(rules.data, pr.baseRef?.branchProtectionRule),
    );
  return status;
}

/** API URLs that answered that they have no merge queues: asked without the field from then on. */
const withoutMergeQueues = new Set<string>();

async function queryPullRequest(
  client: GitHubClient,
  repository: GitHubRepository,
  variables: Record<string, unknown>,
): Promise<PullRequestQueryResult> {
  if (withoutMergeQueues.has(repository.apiUrl)) return client.graphql(PULL_REQUEST_QUERY_WITHOUT_MERGE_QUEUE, variables);
  try {
    return await client.graphql<PullRequestQueryResult>(PULL_REQUEST_QUERY, variables);
  } catch (error) {
    if (!lacksMergeQueue(error)) throw error;
    withoutMergeQueues.add(repository.apiUrl);
    return client.graphql(PULL_REQUEST_QUERY_WITHOUT_MERGE_QUEUE, variables);
  }
}

const QUEUE_STATES: Record<string, MergeQueueSummary['state']> = {
  QUEUED: 'queued',
  AWAITING_CHECKS: 'awaiting_checks',
  MERGEABLE: 'mergeable',
  UNMERGEABLE: 'unmergeable',
  LOCKED: 'locked',
};

function summarizeMergeQueue(entry: PullRequestNode['mergeQueueEntry']): MergeQueueSummary | null {
  if (!entry) return null;
  return {
    position: entry.position,
    state: QUEUE_STATES[entry.state] ?? 'queued',
    enqueuedAt: entry.enqueuedAt,
    estimatedTimeToMerge: entry.estimatedTimeToMerge ?? null,
  };
}

/** A merged or closed pull request, from the list alone: its checks and reviews no longer decide anything. */
function endedPullRequest(pull: PullListItem, localHeadSha: string | undefined): PullRequestSummary {
  return {
    number: pull.number,
    state: pull.merged_at ? 'merged' : 'closed',
    ...(pull.merged_at ? { mergedAt: pull.merged_at } : pull.closed_at ? { closedAt: pull.closed_at } : {}),
    url: pull.html_url,
    title: pull.title,
    draft: pull.draft ?? false,
    headSha: pull.head.sha,
    baseRef: pull.base.ref,
    mergeState: 'unknown',
    headDiffers: localHeadSha !== undefined && localHeadSha !== pull.head.sha,
    requestedReviewers: [],
    labels: [],
  };
}

/** Nothing is running: no pending or missing check, no staging deployment under way. */
export function isSettled(status: Pick<RemoteStatus, 'checks' | 'staging' | 'requiredChecks'>): boolean {
  // A required check predicted never to report is not awaited: until the next push, asking again cannot bring it.
  const neverReports = new Set((status.requiredChecks ?? []).filter((p) => p.willReport === false).map((p) => p.context));
  return (
    !status.checks.some((c) => c.state === 'pending' || (c.state === 'missing' && !neverReports.has(c.name))) &&
    status.staging?.state !== 'pending'
  );
}

export async function locateRepository(
  git: Git,
  branch: string | undefined,
  options: MirrorOptions,
): Promise<{ repository: GitHubRepository; remote: string } | { problem: RemoteProblem }> {
  const upstreamRemote = branch ? (await git.tryRaw('config', '--get', `branch.${branch}.remote`))?.trim() : undefined;
  const remote = options.remote ?? (upstreamRemote || 'origin');
  const url = (await git.tryRaw('remote', 'get-url', remote))?.trim();
  if (!url) return { problem: { kind: 'no-remote', message: `There is no git remote '${remote}'.` } };
  try {
    const repository = githubRepositoryFromRemote(url, apiUrlSetting(options));
    return repository
      ? { repository, remote }
      : { problem: { kind: 'not-github', message: `The remote '${remote}' (${withoutCredentials(url)}) is not on a GitHub host.` } };
  } catch (error) {
    if (error instanceof ApiUrlError) return { problem: { kind: 'unsafe-api-url', message: error.message } };
    throw error;
  }
}

function forkKey(repository: GitHubRepository): string {
  return `${repository.apiUrl} ${repository.owner}/${repository.name}`;
}

export function apiUrlSetting(options: Pick<MirrorOptions, 'apiUrl' | 'config'>): ApiUrlSetting | undefined {
  if (options.apiUrl) return { url: options.apiUrl, from: 'user' };
  const fromRepository = options.config.remote.github.apiUrl;
  return fromRepository ? { url: fromRepository, from: 'repository' } : undefined;
}

async function currentBranch(git: Git): Promise<string | undefined> {
  return (await git.tryRaw('symbolic-ref', '-q', '--short', 'HEAD'))?.trim() || undefined;
}

function problemFrom(error: unknown, repository: GitHubRepository): RemoteProblem {
  if ((error as { cause?: unknown }).cause instanceof ResponseTooLargeError)
    return {
      kind: 'unreachable',
      message: `GitHub at ${repository.apiUrl} sent an answer larger than ${((error as { cause: ResponseTooLargeError }).cause.limit / 1024 / 1024).toFixed(0)} MB; it was not read.`,
    };
  if (error instanceof UnexpectedShapeError) return { kind: 'unreachable', message: `${error.message}; the last known state is kept.` };
  // A null or a number where an object or a string belongs, met while summarising.
  if (error instanceof TypeError && !(error as { cause?: unknown }).cause)
    return { kind: 'unreachable', message: 'GitHub answered in an unexpected shape; the last known state is kept.' };
  if (error instanceof RateLimitedError) return { kind: 'rate-limited', message: error.message, retryAt: error.resetAt.toISOString() };
  const status = (error as { status?: number }).status;
  if (status === 401) return { kind: 'unauthorized', message: 'GitHub rejected the token (expired or revoked): sign in again.' };
  if (status === 403 || status === 404)
    return { kind: 'no-access', message: `No access to ${repository.owner}/${repository.name} with this account (or it does not exist).` };
  const reason = status && status >= 500 ? `HTTP ${status}` : (error as Error).message;
  return { kind: 'unreachable', message: `GitHub at ${repository.apiUrl} did not answer: ${reason}.` };
}

function staleOr(
  previous: RemoteStatus | undefined,
  repository: GitHubRepository,
  branch: string,
  localHeadSha: string | undefined,
  problem: RemoteProblem,
): RemoteStatus {
  if (!previous) return { ...emptyStatus(repository, branch, localHeadSha), problem };
  return { ...previous, localHeadSha, stale: true, problem };
}

function emptyStatus(repository: GitHubRepository | undefined, branch: string | undefined, localHeadSha: string | undefined): RemoteStatus {
  return {
    version: 1,
    repository: repository ? `${repository.owner}/${repository.name}` : undefined,
    repositoryUrl: repository ? repositoryWebUrl(repository) : undefined,
    branch,
    localHeadSha,
    fetchedAt: undefined,
    stale: false,
    problem: undefined,
    pullRequest: null,
    checks: [],
    reviews: { decision: 'none', approvals: 0, changesRequestedBy: [], unresolvedThreads: 0, openTasks: 0, threads: [] },
    staging: null,
    mergeQueue: null,
    blockers: [],
    rateLimit: undefined,
    requiredChecks: [],
  };
}

function mergeState(value: string): MergeState {
  const known: MergeState[] = ['clean', 'behind', 'dirty', 'blocked', 'unstable', 'draft', 'has_hooks'];
  const lower = value.toLowerCase() as MergeState;
  return known.includes(lower) ? lower : 'unknown';
}

const { $id: _id, ...statusSchema } = remoteStatusSchema;
const STORED_STATE_SCHEMA = {
  type: 'object',
  required: ['version', 'status', 'etags'],
  properties: {
    version: { const: 1 },
    status: statusSchema,
    etags: {
      type: 'array',
      items: {
        type: 'array',
        minItems: 2,
        maxItems: 2,
        items: [{ type: 'string' }, { type: 'object', required: ['etag'], properties: { etag: { type: 'string' } } }],
      },
    },
  },
};

async function readStoredState(dir: string, onWarning: ((message: string) => void) | undefined): Promise<StoredState | undefined> {
  const read = await readStateFile<StoredState>(dir, STATE_FILE, STORED_STATE_SCHEMA);
  if (read && 'warning' in read) onWarning?.(read.warning);
  const stored = read && 'value' in read ? read.value : undefined;
  // Written before pull requests had a state (every one it holds was open) and before merge queues.
  if (stored?.status.pullRequest) stored.status.pullRequest.state ??= 'open';
  if (stored) stored.status.mergeQueue ??= null;
  return stored;
}
