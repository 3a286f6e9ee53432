import { spawnSync } from 'node:child_process';

/**
 * The CLI's GitHub token for the host that will receive it: GITHUB_TOKEN or GH_TOKEN for
 * github.com, GH_ENTERPRISE_TOKEN or GITHUB_ENTERPRISE_TOKEN for any other host (as the GitHub CLI
 * reads them; a github.com token never goes to another host), else what the GitHub CLI has
 * stored for that host, when `gh` is installed. Never printed.
 */
export function cliTokenSource(env: NodeJS.ProcessEnv): (host: string) => Promise<string | undefined> {
  return async (host) => {
    const fromEnv = host === 'github.com' ? env.GITHUB_TOKEN || env.GH_TOKEN : env.GH_ENTERPRISE_TOKEN || env.GITHUB_ENTERPRISE_TOKEN;
    if (fromEnv?.trim()) return fromEnv.trim();
    const gh = spawnSync('gh', ['auth', 'token', '--hostname', host], {
      encoding: 'utf8',
      timeout: 3000,
      env,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return gh.status === 0 && gh.stdout.trim() ? gh.stdout.trim() : undefined;
  };
}
