import { spawnSync } from 'node:child_process';

/**
 * The CLI's GitHub token: GITHUB_TOKEN or GH_TOKEN (GH_ENTERPRISE_TOKEN for other hosts), else
 * what the GitHub CLI has stored for the host, when `gh` is installed. Never printed.
 */
export function cliTokenSource(env: NodeJS.ProcessEnv): (host: string) => Promise<string | undefined> {
  return async (host) => {
    const fromEnv = host === 'github.com' ? (env.GITHUB_TOKEN ?? env.GH_TOKEN) : (env.GH_ENTERPRISE_TOKEN ?? env.GITHUB_TOKEN ?? env.GH_TOKEN);
    if (fromEnv) return fromEnv.trim();
    const gh = spawnSync('gh', ['auth', 'token', '--hostname', host], { encoding: 'utf8', timeout: 3000, env, stdio: ['ignore', 'pipe', 'ignore'] });
    return gh.status === 0 && gh.stdout.trim() ? gh.stdout.trim() : undefined;
  };
}
