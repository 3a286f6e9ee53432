import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { executeGraphql } from './graphql';
import { answerChecksAndActions, FakeLogStorage } from './actions';
import type { Scenario, ScenarioPullRequest } from './scenario';

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  /** Whether GitHub would count it against the rate limit (a 304 is free). */
  costly: boolean;
  graphql: boolean;
  /** The Authorization header it carried, so tests can prove where a token went. */
  authorization?: string;
}

export type Fault = { kind: 'status'; status: number; count: number } | { kind: 'hang'; count: number };

const DOCS = 'https://docs.github.com/rest';

/**
 * A GitHub Enterprise-style API on 127.0.0.1 (`/api/v3` REST, `/api/graphql`), serving a scenario
 * with GitHub's response shapes, ETags and 304s, rate-limit headers and injectable faults.
 * Clients reach it through the same API-URL setting a GitHub Enterprise user sets.
 */
export class FakeGitHub {
  readonly requests: LoggedRequest[] = [];
  /** Delay before every answer, for slow-network tests. */
  delayMs = 0;
  /** A hostile or broken server: when it returns an answer for a request, that is sent instead of the scenario's (`endless`: headers, then a byte a second, forever). */
  answer:
    | ((request: {
        method: string;
        path: string;
      }) => { status: number; body?: string; headers?: Record<string, string>; endless?: boolean } | undefined)
    | undefined;
  /** When set, every request not under `/moved/` is answered 307 to `<redirectTo>/moved/<its path>` (a moved repository, or a hostile server). */
  redirectTo: string | undefined;
  readonly rateLimit = { limit: 5000, remaining: { core: 5000, graphql: 5000 }, resetAt: Math.floor(Date.now() / 1000) + 3600 };
  /** Workflow runs whose failed jobs were asked to run again (`POST …/rerun-failed-jobs`). */
  readonly reruns: number[] = [];
  /** Where the job-log download redirects to: another origin, as GitHub's blob storage is another host. */
  logStorage: FakeLogStorage | undefined;
  private faults: Fault[] = [];
  private server: Server;
  private readonly sockets = new Set<Socket>();
  private port = 0;

  private constructor(
    public scenario: Scenario,
    private readonly token: string | undefined,
  ) {
    this.server = this.newServer();
  }

  static async start(scenario: Scenario, options: { token?: string; port?: number } = {}): Promise<FakeGitHub> {
    const fake = new FakeGitHub(scenario, options.token);
    await fake.listen(options.port ?? 0);
    return fake;
  }

  /** The web URL a git remote would carry, e.g. http://127.0.0.1:PORT/acme/shop.git. */
  get remoteUrl(): string {
    return `http://127.0.0.1:${this.port}/${this.scenario.repository}.git`;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/v3`;
  }

  /** Changes the scenario (a new push, a review, a check finishing). */
  update(change: (pr: ScenarioPullRequest, scenario: Scenario) => void): void {
    change(this.scenario.pullRequests[0], this.scenario);
  }

  inject(fault: Fault): void {
    this.faults.push(fault);
  }

  /** Uses up the budget until `resetInSeconds` from now, as GitHub does when the limit is hit. */
  exhaustRateLimit(resetInSeconds: number): void {
    this.rateLimit.remaining = { core: 0, graphql: 0 };
    this.rateLimit.resetAt = Math.floor(Date.now() / 1000) + resetInSeconds;
  }

  restoreRateLimit(): void {
    this.rateLimit.remaining = { core: this.rateLimit.limit, graphql: this.rateLimit.limit };
  }

  costlyRequests(): LoggedRequest[] {
    return this.requests.filter((r) => r.costly);
  }

  /** Stops answering: connections are refused, as when the server or the network is down. */
  async goOffline(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Answers again on the same port. */
  async comeBack(): Promise<void> {
    this.server = this.newServer();
    await this.listen(this.port);
  }

  /** Starts the log storage the job-log download redirects to, serving the scenario's job logs. */
  async startLogStorage(): Promise<FakeLogStorage> {
    this.logStorage ??= await FakeLogStorage.start(
      (jobId) => this.scenario.pullRequests.flatMap((pr) => pr.checkRuns ?? []).find((run) => run.id === jobId)?.job?.log,
    );
    return this.logStorage;
  }

  async close(): Promise<void> {
    await this.logStorage?.close();
    this.logStorage = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (this.server.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private newServer(): Server {
    const server = createServer((request, response) => void this.handle(request, response));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    return server;
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve) => {
      this.server.listen(port, '127.0.0.1', () => {
        this.port = (this.server.address() as { port: number }).port;
        resolve();
      });
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const moved = url.pathname.startsWith('/moved/');
    if (moved) url.pathname = url.pathname.slice('/moved'.length);
    const isGraphql = url.pathname === '/api/graphql';
    const log = (status: number, costly: boolean): void =>
      void this.requests.push({
        method: request.method ?? 'GET',
        path: (moved ? '/moved' : '') + url.pathname + url.search,
        status,
        costly,
        graphql: isGraphql,
        authorization: request.headers.authorization,
      });
    if (this.redirectTo && !moved) {
      log(307, false);
      response.writeHead(307, { location: `${this.redirectTo}/moved${url.pathname}${url.search}` });
      return void response.end();
    }
    const custom = this.answer?.({ method: request.method ?? 'GET', path: url.pathname });
    if (custom) {
      log(custom.status, true);
      response.writeHead(custom.status, { 'content-type': 'application/json; charset=utf-8', ...custom.headers });
      if (!custom.endless) return void response.end(custom.body);
      const drip = setInterval(() => response.write(' '), 1000);
      response.on('close', () => clearInterval(drip));
      return;
    }
    const fault = this.faults[0];
    if (fault) {
      if (--fault.count <= 0) this.faults.shift();
      if (fault.kind === 'hang') return log(0, false); // never answers; the client's timeout must fire
      log(fault.status, false);
      return this.send(
        response,
        fault.status,
        { message: fault.status >= 500 ? 'Server Error' : 'Error', documentation_url: DOCS },
        'core',
      );
    }
    if (this.token && !this.authorized(request)) {
      log(401, false);
      return this.send(response, 401, { message: 'Bad credentials', documentation_url: DOCS }, 'core');
    }
    const resource = isGraphql ? 'graphql' : 'core';
    if (this.rateLimit.remaining[resource] <= 0) {
      log(403, false);
      return this.send(
        response,
        403,
        {
          message: `API rate limit exceeded for user. (But here's the good news: Authenticated requests get a higher rate limit.)`,
          documentation_url: DOCS,
        },
        resource,
      );
    }
    if (isGraphql && request.method === 'POST') {
      const { query, variables } = JSON.parse(body || '{}') as { query: string; variables?: Record<string, unknown> };
      const result = await executeGraphql(this.scenario, `http://127.0.0.1:${this.port}`, query, variables);
      this.rateLimit.remaining.graphql--;
      log(200, true);
      return this.send(response, 200, result, 'graphql');
    }
    const actions = answerChecksAndActions(this.scenario, request.method ?? 'GET', url, {
      apiUrl: this.apiUrl,
      logStorageUrl: this.logStorage?.url,
      reruns: this.reruns,
    });
    if (actions) {
      this.rateLimit.remaining.core--;
      log(actions.status, true);
      if ('location' in actions) return this.send(response, 302, undefined, 'core', { location: actions.location });
      return this.send(response, actions.status, actions.json, 'core');
    }
    const rest = this.rest(request.method ?? 'GET', url);
    if (!rest) {
      log(404, true);
      this.rateLimit.remaining.core--;
      return this.send(response, 404, { message: 'Not Found', documentation_url: DOCS }, 'core');
    }
    const json = JSON.stringify(rest);
    const etag = `W/"${createHash('sha1').update(json).digest('hex')}"`;
    if (request.headers['if-none-match'] === etag) {
      log(304, false);
      return this.send(response, 304, undefined, 'core', { etag });
    }
    this.rateLimit.remaining.core--;
    log(200, true);
    this.send(response, 200, rest, 'core', { etag });
  }

  private authorized(request: IncomingMessage): boolean {
    const header = request.headers.authorization ?? '';
    return header === `token ${this.token}` || header === `bearer ${this.token}` || header === `Bearer ${this.token}`;
  }

  private rest(method: string, url: URL): unknown {
    if (method !== 'GET') return undefined;
    const [owner, name] = this.scenario.repository.split('/');
    const fork = this.forkAnswer(url.pathname);
    if (fork !== undefined) return fork;
    const match = /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/(pulls|rules\/branches\/(.+))$/.exec(url.pathname);
    if (!match || match[1] !== owner || match[2] !== name) return undefined;
    if (match[3] === 'pulls') {
      const head = url.searchParams.get('head');
      const state = url.searchParams.get('state') ?? 'open';
      // GitHub's default order: newest first by creation.
      return this.scenario.pullRequests
        .filter(
          (pr) =>
            (state === 'all' || state === (pr.state ?? 'open')) &&
            (!head || head === `${(pr.headRepository ?? this.scenario.repository).split('/')[0]}:${pr.head}`),
        )
        .sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''))
        .map((pr) => this.restPullRequest(pr));
    }
    const branch = decodeURIComponent(match[4]);
    const contexts = this.scenario.rulesets?.[branch] ?? [];
    const apps = this.scenario.rulesetCheckApps ?? {};
    return [
      ...(contexts.length === 0
        ? []
        : [
            {
              type: 'required_status_checks',
              ruleset_source_type: 'Repository',
              ruleset_source: this.scenario.repository,
              ruleset_id: 1,
              parameters: {
                strict_required_status_checks_policy: false,
                required_status_checks: contexts.map((context) =>
                  apps[context] === undefined ? { context } : { context, integration_id: apps[context] },
                ),
              },
            },
          ]),
      ...(this.scenario.mergeQueueBranches?.includes(branch) ? [mergeQueueRule(this.scenario.repository)] : []),
    ];
  }

  /**
   * `GET /repos/{owner}/{repo}` for the scenario's repository and its forks (a fork names its
   * `parent` and `source`), and a fork's pull request list (empty). Undefined for other paths.
   */
  private forkAnswer(path: string): unknown {
    const match = /^\/api\/v3\/repos\/([^/]+)\/([^/]+)(\/pulls)?$/.exec(path);
    if (!match) return undefined;
    const fullName = `${match[1]}/${match[2]}`;
    const isFork = this.scenario.forks?.includes(fullName) ?? false;
    if (match[3]) return isFork ? [] : undefined;
    if (!isFork && fullName !== this.scenario.repository) return undefined;
    const web = `http://127.0.0.1:${this.port}`;
    const repository = (full: string, fork: boolean) => ({
      id: full.length,
      name: full.split('/')[1],
      full_name: full,
      owner: { login: full.split('/')[0], type: 'User' },
      private: false,
      html_url: `${web}/${full}`,
      fork,
      url: `${this.apiUrl}/repos/${full}`,
      default_branch: 'main',
    });
    const parent = repository(this.scenario.repository, false);
    return isFork ? { ...repository(fullName, true), parent, source: parent } : parent;
  }

  /** The fields of GitHub's pull request object that clients of this server read, in GitHub's shape. */
  private restPullRequest(pr: ScenarioPullRequest) {
    const web = `http://127.0.0.1:${this.port}/${this.scenario.repository}`;
    const repo = {
      full_name: this.scenario.repository,
      name: this.scenario.repository.split('/')[1],
      owner: { login: this.scenario.repository.split('/')[0] },
    };
    return {
      url: `${this.apiUrl}/repos/${this.scenario.repository}/pulls/${pr.number}`,
      html_url: `${web}/pull/${pr.number}`,
      number: pr.number,
      state: pr.state ?? 'open',
      title: pr.title,
      body: pr.body ?? '',
      draft: pr.draft ?? false,
      labels: (pr.labels ?? []).map((label) => ({ name: label })),
      requested_reviewers: (pr.requestedReviewers ?? []).map((login) => ({ login })),
      head: headOf(pr, repo),
      base: { label: `${repo.owner.login}:${pr.base}`, ref: pr.base, repo },
      created_at: pr.createdAt ?? '2026-11-19T09:00:00Z',
      updated_at: pr.updatedAt ?? '2026-11-20T10:00:00Z',
      closed_at: pr.closedAt ?? pr.mergedAt ?? null,
      merged_at: pr.mergedAt ?? null,
    };
  }

  private send(
    response: ServerResponse,
    status: number,
    body: unknown,
    resource: 'core' | 'graphql',
    headers: Record<string, string> = {},
  ): void {
    const remaining = this.rateLimit.remaining[resource];
    response.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-ratelimit-limit': String(this.rateLimit.limit),
      'x-ratelimit-remaining': String(Math.max(0, remaining)),
      'x-ratelimit-reset': String(this.rateLimit.resetAt),
      'x-ratelimit-used': String(this.rateLimit.limit - Math.max(0, remaining)),
      'x-ratelimit-resource': resource,
      'x-github-media-type': 'github.v3; format=json',
      ...headers,
    });
    response.end(body === undefined ? undefined : JSON.stringify(body));
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    request.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
    request.on('end', () => resolve(data));
  });
}

/** A ruleset's merge queue rule, with the parameters GitHub's REST API lists for it. */
function mergeQueueRule(repository: string) {
  return {
    type: 'merge_queue',
    ruleset_source_type: 'Repository',
    ruleset_source: repository,
    ruleset_id: 2,
    parameters: {
      check_response_timeout_minutes: 60,
      grouping_strategy: 'ALLGREEN',
      max_entries_to_build: 5,
      max_entries_to_merge: 5,
      merge_method: 'SQUASH',
      min_entries_to_merge: 1,
      min_entries_to_merge_wait_minutes: 5,
    },
  };
}

/** A pull request's head in GitHub's shape: from a fork, its label and repo are the fork's. */
function headOf(pr: ScenarioPullRequest, base: { full_name: string; name: string; owner: { login: string } }) {
  const repo = pr.headRepository
    ? { full_name: pr.headRepository, name: pr.headRepository.split('/')[1], owner: { login: pr.headRepository.split('/')[0] } }
    : base;
  return { label: `${repo.owner.login}:${pr.head}`, ref: pr.head, sha: pr.headSha, repo };
}
