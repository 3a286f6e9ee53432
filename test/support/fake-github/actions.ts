import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Scenario } from './scenario';

/** An answer of the check-run and Actions endpoints, in GitHub's REST shapes. */
export type ActionsAnswer = { status: number; json: unknown } | { status: 302; location: string } | undefined;

/**
 * `GET /repos/{o}/{r}/check-runs/{id}/annotations`, `GET /repos/{o}/{r}/actions/jobs/{id}`,
 * `GET /repos/{o}/{r}/actions/jobs/{id}/logs` (a 302 to the log storage, another origin, as
 * GitHub answers) and `POST /repos/{o}/{r}/actions/runs/{id}/rerun-failed-jobs` (201).
 */
export function answerChecksAndActions(
  scenario: Scenario,
  method: string,
  url: URL,
  options: { apiUrl: string; logStorageUrl: string | undefined; reruns: number[] },
): ActionsAnswer {
  const [owner, name] = scenario.repository.split('/');
  const match =
    /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/(check-runs\/(\d+)\/annotations|actions\/jobs\/(\d+)(\/logs)?|actions\/runs\/(\d+)\/rerun-failed-jobs)$/.exec(
      url.pathname,
    );
  if (!match || match[1] !== owner || match[2] !== name) return undefined;
  const runs = scenario.pullRequests.flatMap((pr) => (pr.checkRuns ?? []).map((run) => ({ run, pr })));
  if (match[7]) {
    if (method !== 'POST') return undefined;
    const runId = Number(match[7]);
    if (!runs.some(({ run }) => run.workflowRunId === runId)) return { status: 404, json: { message: 'Not Found' } };
    options.reruns.push(runId);
    return { status: 201, json: {} };
  }
  if (method !== 'GET') return undefined;
  if (match[4]) {
    const found = runs.find(({ run }) => run.id === Number(match[4]));
    if (!found) return { status: 404, json: { message: 'Not Found' } };
    const perPage = Number(url.searchParams.get('per_page') ?? 30);
    return { status: 200, json: (found.run.annotations ?? []).slice(0, perPage) };
  }
  const jobId = Number(match[5]);
  const found = runs.find(({ run }) => run.id === jobId && run.workflowRunId && run.job);
  if (!found) return { status: 404, json: { message: 'Not Found' } };
  const { run, pr } = found;
  if (match[6]) {
    if (!options.logStorageUrl) return { status: 404, json: { message: 'Not Found' } };
    return { status: 302, location: `${options.logStorageUrl}/job-logs/${jobId}?sv=2023-11-03&sig=signed-by-github` };
  }
  const repoUrl = `${options.apiUrl}/repos/${scenario.repository}`;
  return {
    status: 200,
    json: {
      id: jobId,
      run_id: run.workflowRunId,
      run_url: `${repoUrl}/actions/runs/${run.workflowRunId}`,
      node_id: `CR_${jobId}`,
      head_sha: pr.headSha,
      head_branch: pr.head,
      url: `${repoUrl}/actions/jobs/${jobId}`,
      html_url: run.url ?? null,
      status: run.status === 'COMPLETED' ? 'completed' : 'in_progress',
      conclusion: run.conclusion ? run.conclusion.toLowerCase() : null,
      created_at: run.job!.startedAt ?? run.startedAt ?? '2026-11-20T10:00:00Z',
      started_at: run.job!.startedAt ?? run.startedAt ?? '2026-11-20T10:00:00Z',
      completed_at: run.job!.completedAt ?? null,
      name: run.name,
      steps: run.job!.steps,
      check_run_url: `${repoUrl}/check-runs/${jobId}`,
      labels: ['ubuntu-latest'],
      runner_id: 1,
      runner_name: 'GitHub Actions 1',
      runner_group_id: 1,
      runner_group_name: 'GitHub Actions',
      workflow_name: 'CI',
    },
  };
}

/**
 * Where GitHub's log download redirects to (blob storage on another host): serves a job's log as
 * text/plain to anyone with the signed URL, and records the Authorization header each request
 * carried, so that a test can prove the token never arrived here.
 */
export class FakeLogStorage {
  readonly requests: Array<{ path: string; authorization: string | undefined }> = [];
  private readonly sockets = new Set<Socket>();
  private port = 0;

  private constructor(
    private readonly server: Server,
    private readonly logs: (jobId: number) => string | undefined,
  ) {}

  static async start(logs: (jobId: number) => string | undefined): Promise<FakeLogStorage> {
    const storage: { current?: FakeLogStorage } = {};
    const server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      storage.current!.requests.push({ path: url.pathname + url.search, authorization: request.headers.authorization });
      const match = /^\/job-logs\/(\d+)$/.exec(url.pathname);
      const text = match && url.searchParams.get('sig') ? storage.current!.logs(Number(match[1])) : undefined;
      if (text === undefined) {
        response.writeHead(403, { 'content-type': 'application/xml' });
        return void response.end('<Error><Code>AuthenticationFailed</Code></Error>');
      }
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(text);
    });
    const created = new FakeLogStorage(server, logs);
    storage.current = created;
    server.on('connection', (socket) => {
      created.sockets.add(socket);
      socket.on('close', () => created.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    created.port = (server.address() as { port: number }).port;
    return created;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
