import { readFileSync, statSync } from 'node:fs';

const MAX_EVENT_BYTES = 5 * 1024 * 1024;

/**
 * The pull request's labels as the CI run gives them: GitHub Actions' event payload
 * ($GITHUB_EVENT_PATH, `pull_request.labels[].name`), GitLab's CI_MERGE_REQUEST_LABELS (comma
 * separated). Undefined when the run does not say (a push event, another CI).
 */
export function pullRequestLabels(env: NodeJS.ProcessEnv): string[] | undefined {
  if (env.CI_MERGE_REQUEST_LABELS !== undefined) return env.CI_MERGE_REQUEST_LABELS.split(',').filter((label) => label !== '');
  const path = env.GITHUB_EVENT_PATH;
  if (!path) return undefined;
  try {
    if (statSync(path).size > MAX_EVENT_BYTES) return undefined;
    const labels = (JSON.parse(readFileSync(path, 'utf8')) as { pull_request?: { labels?: Array<{ name?: unknown }> } }).pull_request
      ?.labels;
    return Array.isArray(labels) ? labels.flatMap((label) => (typeof label?.name === 'string' ? [label.name] : [])) : undefined;
  } catch {
    return undefined;
  }
}
