/** Where a GitHub repository lives and where its API answers. */
export interface GitHubRepository {
  host: string;
  owner: string;
  name: string;
  /** REST base URL, e.g. https://api.github.com or https://ghe.example.com/api/v3. */
  apiUrl: string;
  graphqlUrl: string;
}

export class ApiUrlError extends Error {}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase());
}

/**
 * Reads owner/name and the API URLs from a git remote URL (https, ssh, scp-like).
 * An `apiUrlOverride` (from `.preflight.yml` or the editor setting) wins over the convention.
 * Returns undefined for remotes that name no host (a path on disk).
 */
export function githubRepositoryFromRemote(remoteUrl: string, apiUrlOverride?: string): GitHubRepository | undefined {
  const location = parseRemoteUrl(remoteUrl.trim());
  if (!location) return undefined;
  const apiUrl = apiUrlOverride ? checkedApiUrl(apiUrlOverride) : conventionalApiUrl(location);
  return { host: location.host, owner: location.owner, name: location.name, apiUrl, graphqlUrl: graphqlUrlFor(apiUrl) };
}

interface RemoteLocation {
  scheme: 'http' | 'https';
  host: string;
  /** host[:port] as the API URL should carry it (ssh ports are not web ports). */
  webHost: string;
  owner: string;
  name: string;
}

function parseRemoteUrl(url: string): RemoteLocation | undefined {
  const scpLike = /^(?:[^@/]+@)?([^:/]+):(?!\/)(.+)$/.exec(url);
  if (scpLike && !/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return withPath('https', scpLike[1], scpLike[1], scpLike[2]);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const protocol = parsed.protocol.replace(/:$/, '');
  if (protocol === 'file' || !parsed.hostname) return undefined;
  const web = protocol === 'http' || protocol === 'https';
  const scheme = protocol === 'http' && isLoopbackHost(parsed.hostname) ? 'http' : 'https';
  return withPath(scheme, parsed.hostname, web ? parsed.host : parsed.hostname, parsed.pathname);
}

function withPath(scheme: 'http' | 'https', host: string, webHost: string, path: string): RemoteLocation | undefined {
  const parts = path.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '').split('/');
  if (parts.length < 2 || parts.some((p) => p === '')) return undefined;
  return { scheme, host: host.toLowerCase(), webHost: webHost.toLowerCase(), owner: parts[parts.length - 2], name: parts[parts.length - 1] };
}

function conventionalApiUrl(location: RemoteLocation): string {
  if (location.host === 'github.com' || location.host === 'www.github.com') return 'https://api.github.com';
  return `${location.scheme}://${location.webHost}/api/v3`;
}

function checkedApiUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ApiUrlError(`The GitHub API URL '${url}' is not a URL.`);
  }
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) throw new ApiUrlError(`The GitHub API URL '${url}' uses plain http; only https is allowed, except for a server on this machine (127.0.0.1, localhost).`);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ApiUrlError(`The GitHub API URL '${url}' must start with https://.`);
  return url.replace(/\/+$/, '');
}

/** The web address of a repository, from its API URL: api.github.com → github.com, <host>/api/v3 → <host>. */
export function repositoryWebUrl(repository: GitHubRepository): string {
  const web = repository.apiUrl === 'https://api.github.com' ? 'https://github.com' : repository.apiUrl.replace(/\/api\/v3$/, '');
  return `${web}/${repository.owner}/${repository.name}`;
}

/** Where GitHub offers to open a pull request for a pushed branch. */
export function newPullRequestUrl(repositoryUrl: string, branch: string): string {
  return `${repositoryUrl}/compare/${branch.split('/').map(encodeURIComponent).join('/')}?expand=1`;
}

/** api.github.com → /graphql; GitHub Enterprise Server's /api/v3 → /api/graphql. */
export function graphqlUrlFor(apiUrl: string): string {
  if (/\/api\/v3$/.test(apiUrl)) return apiUrl.replace(/\/api\/v3$/, '/api/graphql');
  return `${apiUrl}/graphql`;
}
