import type { Git } from '../git/git';
import type { GitHubClient } from './github-client';
import { githubRepositoryFromRemote, newPullRequestUrl, repositoryWebUrl, type ApiUrlSetting, type GitHubRepository } from './repository';
import type { ForkSummary, RemoteStatus } from './types';

/** The remote a fork's contributors conventionally name after the repository they forked. */
const UPSTREAM_REMOTE = 'upstream';

export interface ForkParent {
  parent: GitHubRepository;
  /** How it was found: the `upstream` remote, or the fork's `parent` in GitHub's repository API. */
  via: ForkSummary['via'];
}

const fullName = (repository: Pick<GitHubRepository, 'owner' | 'name'>) => `${repository.owner}/${repository.name}`;

/**
 * The repository a push to `fork` opens its pull request in, when the clone says so: an
 * `upstream` remote on the same GitHub (and not the remote being pushed to). No request.
 */
export async function parentFromUpstreamRemote(
  git: Git,
  fork: GitHubRepository,
  pushRemote: string,
  apiUrl: ApiUrlSetting | undefined,
): Promise<ForkParent | undefined> {
  if (pushRemote === UPSTREAM_REMOTE) return undefined;
  const url = (await git.tryRaw('remote', 'get-url', UPSTREAM_REMOTE))?.trim();
  if (!url) return undefined;
  let parent: GitHubRepository | undefined;
  try {
    parent = githubRepositoryFromRemote(url, apiUrl);
  } catch {
    return undefined;
  }
  // Only on the same server, so the token goes nowhere it would not go anyway.
  if (!parent || parent.apiUrl !== fork.apiUrl || fullName(parent) === fullName(fork)) return undefined;
  return { parent, via: 'upstream-remote' };
}

interface RepositoryResponse {
  full_name: string;
  fork: boolean;
  parent?: { full_name: string; owner: { login: string }; name: string };
}

/** Asks GitHub whether `fork` is a fork (`GET /repos/{owner}/{repo}`, conditional): its parent, or null. */
export async function parentFromGitHub(client: GitHubClient, fork: GitHubRepository): Promise<string | null> {
  const { data } = await client.getConditional<RepositoryResponse>('GET /repos/{owner}/{repo}', { owner: fork.owner, repo: fork.name });
  return data.fork && data.parent ? data.parent.full_name : null;
}

/** The parent named `owner/name`, on the fork's server. */
export function parentNamed(fork: GitHubRepository, name: string): GitHubRepository {
  const [owner, repo] = name.split('/');
  return { ...fork, owner, name: repo };
}

export function forkSummary(fork: GitHubRepository, found: ForkParent): ForkSummary {
  return { repository: fullName(fork), repositoryUrl: repositoryWebUrl(fork), parent: fullName(found.parent), via: found.via };
}

/** A remote of the clone that points at `repository` (the fork's parent), whose tracking refs hold its base branch. */
export async function remoteOf(git: Git, repository: GitHubRepository, apiUrl: ApiUrlSetting | undefined): Promise<string | undefined> {
  const remotes = ((await git.tryRaw('remote')) ?? '').split('\n').filter(Boolean);
  for (const name of remotes.includes(UPSTREAM_REMOTE) ? [UPSTREAM_REMOTE, ...remotes] : remotes) {
    const url = (await git.tryRaw('remote', 'get-url', name))?.trim();
    if (!url) continue;
    try {
      const candidate = githubRepositoryFromRemote(url, apiUrl);
      if (candidate && candidate.apiUrl === repository.apiUrl && fullName(candidate) === fullName(repository)) return name;
    } catch {
      continue;
    }
  }
  return undefined;
}

/**
 * GitHub's "open a pull request" page for the branch, in the repository the pull request lives
 * in: from a fork, the head is `owner:branch` in the parent's compare page.
 */
export function newPullRequestUrlFor(status: Pick<RemoteStatus, 'repositoryUrl' | 'branch' | 'fork'>, base?: string): string | undefined {
  if (!status.repositoryUrl || !status.branch) return undefined;
  if (!status.fork) return newPullRequestUrl(status.repositoryUrl, status.branch, base);
  const path = (ref: string) => ref.split('/').map(encodeURIComponent).join('/');
  const owner = encodeURIComponent(status.fork.repository.split('/')[0]);
  return `${status.repositoryUrl}/compare/${base ? `${path(base)}...` : ''}${owner}:${path(status.branch)}?expand=1`;
}
