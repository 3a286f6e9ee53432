/** Where a GitHub repository lives and where its API answers. */
export interface GitHubRepository {
  host: string;
  owner: string;
  name: string;
  /** REST base URL, e.g. https://api.github.com or https://ghe.example.com/api/v3. */
  apiUrl: string;
  graphqlUrl: string;
  /** The host whose token may go with requests to `apiUrl` (github.com for api.github.com); never another host's. */
  tokenHost: string;
}

/**
 * An API URL someone configured. `user`: the editor setting or the environment, which the user
 * vouches for. `repository`: `.preflight.yml`, which is repository content and may be hostile.
 */
export interface ApiUrlSetting {
  url: string;
  from: 'user' | 'repository';
}

export class ApiUrlError extends Error {}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase());
}

/**
 * Reads owner/name and the API URLs from a git remote URL (https, ssh, scp-like).
 * A configured API URL wins over the convention; one from the repository's own `.preflight.yml`
 * must stay on the remote's host, so that a cloned repository cannot send the user's token elsewhere.
 * Returns undefined for remotes that name no host (a path on disk).
 */
export function githubRepositoryFromRemote(remoteUrl: string, apiUrlSetting?: ApiUrlSetting): GitHubRepository | undefined {
  const location = parseRemoteUrl(remoteUrl.trim());
  if (!location) return undefined;
  const apiUrl = apiUrlSetting ? checkedApiUrl(apiUrlSetting.url) : conventionalApiUrl(location);
  const apiHost = new URL(apiUrl).hostname.toLowerCase();
  if (apiUrlSetting?.from === 'repository' && !isApiHostOf(apiHost, location.host)) {
    throw new ApiUrlError(
      `remote.github.apiUrl in .preflight.yml names ${apiHost}, which is not the remote's host ${location.host}: Preflight sends no token there. If you trust it, set the preflight.github.apiUrl setting or PREFLIGHT_GITHUB_API_URL instead.`,
    );
  }
  const tokenHost = isApiHostOf(apiHost, location.host) ? location.host : apiHost === GITHUB_API_HOST ? GITHUB_HOST : apiHost;
  return { host: location.host, owner: location.owner, name: location.name, apiUrl, graphqlUrl: graphqlUrlFor(apiUrl), tokenHost };
}

const GITHUB_HOST = 'github.com';
const GITHUB_API_HOST = 'api.github.com';

/** github.com answers on api.github.com; a GitHub Enterprise Server on its own host or its api. subdomain. */
function isApiHostOf(apiHost: string, remoteHost: string): boolean {
  if (remoteHost === GITHUB_HOST || remoteHost === `www.${GITHUB_HOST}`) return apiHost === GITHUB_API_HOST;
  return apiHost === remoteHost || apiHost === `api.${remoteHost}`;
}

/** A remote URL fit to show or store: `https://user:token@host/x` → `https://host/x`. */
export function withoutCredentials(remoteUrl: string): string {
  return remoteUrl.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/]*@/i, '$1');
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
  const parts = path
    .replace(/^\/+|\/+$/g, '')
    .replace(/\.git$/, '')
    .split('/');
  if (parts.length < 2 || parts.some((p) => p === '')) return undefined;
  return {
    scheme,
    host: host.toLowerCase(),
    webHost: webHost.toLowerCase(),
    owner: parts[parts.length - 2],
    name: parts[parts.length - 1],
  };
}

function conventionalApiUrl(location: RemoteLocation): string {
  if (location.host === GITHUB_HOST || location.host === `www.${GITHUB_HOST}`) return `https://${GITHUB_API_HOST}`;
  return `${location.scheme}://${location.webHost}/api/v3`;
}

function checkedApiUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ApiUrlError(`The GitHub API URL '${url}' is not a URL.`);
  }
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname))
    throw new ApiUrlError(
      `The GitHub API URL '${url}' uses plain http; only https is allowed, except for a server on this machine (127.0.0.1, localhost).`,
    );
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new ApiUrlError(`The GitHub API URL '${url}' must start with https://.`);
  return url.replace(/\/+$/, '');
}

/** The web address of a repository, from its API URL: api.github.com → github.com, <host>/api/v3 → <host>. */
export function repositoryWebUrl(repository: GitHubRepository): string {
  const web = repository.apiUrl === 'https://api.github.com' ? 'https://github.com' : repository.apiUrl.replace(/\/api\/v3$/, '');
  return `${web}/${repository.owner}/${repository.name}`;
}

/** Where GitHub offers to open a pull request for a pushed branch. */
export function newPullRequestUrl(repositoryUrl: string, branch: string, base?: string): string {
  const path = (ref: string) => ref.split('/').map(encodeURIComponent).join('/');
  return `${repositoryUrl}/compare/${base ? `${path(base)}...` : ''}${path(branch)}?expand=1`;
}

/** api.github.com → /graphql; GitHub Enterprise Server's /api/v3 → /api/graphql. */
export function graphqlUrlFor(apiUrl: string): string {
  if (/\/api\/v3$/.test(apiUrl)) return apiUrl.replace(/\/api\/v3$/, '/api/graphql');
  return `${apiUrl}/graphql`;
}
