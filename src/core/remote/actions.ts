import { networkText, truncated } from '../text/network-text';
import { GitHubClient, RateLimitedError, ResponseTooLargeError } from './github-client';
import { locateRepository, type MirrorOptions } from './mirror';
import { isLoopbackHost } from './repository';
import { Git } from '../git/git';

/** GitHub Actions for a failing check row: the failing step's log and "Re-run failed jobs". */
export type ActionsOptions = Pick<
  MirrorOptions,
  'root' | 'config' | 'token' | 'apiUrl' | 'remote' | 'timeoutMs' | 'retryBaseMs' | 'retries' | 'onRequest'
>;

/** A job's whole log is read to find its failing step; GitHub's are rarely above a few MB. */
export const MAX_LOG_BYTES = 32 * 1024 * 1024;
export const LOG_EXCERPT_LINES = 100;
const MAX_LINE = 1000;

export class ActionsError extends Error {}

export interface FailingStepLog {
  job: string;
  /** The failing step's name, when the job names one. */
  step: string | undefined;
  /** The last lines of the step's log, timestamps removed, shown as text. */
  text: string;
  /** Lines of the step in the log, and how many of them `text` shows (the last ones). */
  stepLines: number;
  shownLines: number;
  url: string | undefined;
}

interface JobStep {
  name?: unknown;
  conclusion?: unknown;
  number?: unknown;
  started_at?: unknown;
  completed_at?: unknown;
}

interface Job {
  name?: unknown;
  html_url?: unknown;
  steps?: JobStep[];
}

/**
 * The failing step of a GitHub Actions job (the check run's id is the job's id) and the end of its
 * log. GitHub answers the log download with a redirect to its blob storage, another host: the
 * client follows it without the Authorization header (`sameOriginAuthFetch`), so the token stays
 * with GitHub.
 */
export async function failingStepLog(options: ActionsOptions, jobId: number): Promise<FailingStepLog> {
  const { client, repo } = await connect(options, MAX_LOG_BYTES);
  const job = await client.request<Job>('GET /repos/{owner}/{repo}/actions/jobs/{job_id}', { ...repo, job_id: jobId }).catch(failure(repo));
  const log = await client
    .request<unknown>('GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs', { ...repo, job_id: jobId })
    .catch(failure(repo));
  const text = typeof log === 'string' ? log : log instanceof ArrayBuffer ? Buffer.from(log).toString('utf8') : '';
  const step = failingStep(Array.isArray(job.steps) ? job.steps : []);
  const excerpt = logExcerpt(text, step);
  return {
    job: typeof job.name === 'string' ? networkText(job.name).replace(/\n/g, ' ') : `job ${jobId}`,
    step: typeof step?.name === 'string' ? networkText(step.name).replace(/\n/g, ' ') : undefined,
    ...excerpt,
    url: typeof job.html_url === 'string' && /^https?:\/\//.test(job.html_url) ? job.html_url : undefined,
  };
}

/** `POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs`: the run's failed jobs (and what depends on them) run again. */
export async function rerunFailedJobs(options: ActionsOptions, runId: number): Promise<void> {
  const { client, repo } = await connect(options);
  await client
    .request('POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs', { ...repo, run_id: runId })
    .catch(failure(repo));
}

/** The first step that failed; a job cancelled or timed out has none, then its last step that did not pass. */
export function failingStep(steps: readonly JobStep[]): JobStep | undefined {
  return (
    steps.find((s) => s.conclusion === 'failure') ??
    [...steps]
      .reverse()
      .find((s) => s.conclusion !== 'success' && s.conclusion !== 'skipped' && s.conclusion !== null && s.conclusion !== undefined)
  );
}

const TIMESTAMPED = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z) ?(.*)$/;

/**
 * The last `maxLines` lines of the step's part of a job log: an Actions log has one file per job,
 * each line stamped with its time, so the step's lines are those between its start and end (to
 * the second, as the jobs API gives them). Without times (or a step) the end of the whole log.
 */
export function logExcerpt(
  log: string,
  step: Pick<JobStep, 'started_at' | 'completed_at'> | undefined,
  maxLines = LOG_EXCERPT_LINES,
): { text: string; stepLines: number; shownLines: number } {
  const lines = log.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  const start = typeof step?.started_at === 'string' ? Date.parse(step.started_at) : NaN;
  const end = typeof step?.completed_at === 'string' ? Date.parse(step.completed_at) + 1000 : NaN;
  let chosen = lines;
  if (Number.isFinite(start)) {
    const inStep = lines.filter((line) => {
      const time = TIMESTAMPED.exec(line)?.[1];
      const at = time ? Date.parse(time) : NaN;
      return at >= start && (!Number.isFinite(end) || at < end);
    });
    if (inStep.length > 0) chosen = inStep;
  }
  const shown = chosen.slice(-maxLines).map((line) => truncated(networkText(TIMESTAMPED.exec(line)?.[2] ?? line), MAX_LINE));
  return { text: shown.join('\n'), stepLines: chosen.length, shownLines: shown.length };
}

async function connect(
  options: ActionsOptions,
  maxResponseBytes?: number,
): Promise<{ client: GitHubClient; repo: { owner: string; repo: string } }> {
  const git = new Git(options.root);
  const branch = (await git.tryRaw('symbolic-ref', '-q', '--short', 'HEAD'))?.trim() || undefined;
  const located = await locateRepository(git, branch, { ...options, config: options.config });
  if ('problem' in located) throw new ActionsError(located.problem.message);
  const { repository } = located;
  const token = typeof options.token === 'function' ? await options.token(repository.tokenHost) : options.token;
  if (!token && !isLoopbackHost(new URL(repository.apiUrl).hostname))
    throw new ActionsError(`Sign in to GitHub to read ${repository.owner}/${repository.name}'s Actions.`);
  const client = new GitHubClient({
    apiUrl: repository.apiUrl,
    token,
    timeoutMs: options.timeoutMs ?? 20_000,
    retryBaseMs: options.retryBaseMs,
    retries: options.retries ?? 1,
    onRequest: options.onRequest,
    maxResponseBytes,
  });
  return { client, repo: { owner: repository.owner, repo: repository.name } };
}

function failure(repo: { owner: string; repo: string }): (error: unknown) => never {
  return (error) => {
    if (error instanceof RateLimitedError) throw new ActionsError(error.message);
    if ((error as { cause?: unknown }).cause instanceof ResponseTooLargeError)
      throw new ActionsError(`The log is larger than ${MAX_LOG_BYTES / 1024 / 1024} MB; open it on GitHub.`);
    const status = (error as { status?: number }).status;
    if (status === 401) throw new ActionsError('GitHub rejected the token (expired or revoked): sign in again.');
    if (status === 403)
      throw new ActionsError(`This account may not do that in ${repo.owner}/${repo.repo} (re-running needs write access).`);
    if (status === 404 || status === 410)
      throw new ActionsError(
        `GitHub has no such job or run in ${repo.owner}/${repo.repo} any more (logs expire), or this account cannot see it.`,
      );
    if (status === 409) throw new ActionsError('GitHub refused: the workflow run is still running, or cannot be re-run.');
    throw new ActionsError(
      `GitHub did not answer: ${status && status >= 500 ? `HTTP ${status}` : truncated((error as Error).message, 200)}.`,
    );
  };
}
