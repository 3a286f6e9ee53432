import { Octokit } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { RateLimitBudget } from './types';

const PreflightOctokit = Octokit.plugin(throttling, retry);
type OctokitInstance = InstanceType<typeof PreflightOctokit>;

/** One line per API call for the output channel: never a header, so never a token. */
export interface RequestLog {
  method: string;
  path: string;
  status: number;
  ms: number;
  /** A 304: answered from the ETag cache, free of rate limit. */
  notModified: boolean;
}

export interface CachedResponse {
  etag: string;
  data: unknown;
}

export interface GitHubClientOptions {
  apiUrl: string;
  token?: string;
  /** Per request; a slow server counts as a failure after this long. */
  timeoutMs?: number;
  /** Scales the retry and rate-limit waits (1000 = seconds); tests make it small. */
  retryBaseMs?: number;
  retries?: number;
  /** Waits longer than this for a rate-limit reset are not taken; the caller shows the limit instead. */
  maxRateLimitWaitSeconds?: number;
  /** ETag cache, keyed by request path; persisted by the caller between runs. */
  etags?: Map<string, CachedResponse>;
  onRequest?: (log: RequestLog) => void;
  userAgent?: string;
  /** A larger answer is refused while it streams in (GitHub's answers to these queries are a few hundred KB at most). */
  maxResponseBytes?: number;
}

export const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

export class ResponseTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the answer was larger than ${limit} bytes`);
  }
}

export class RateLimitedError extends Error {
  constructor(readonly resetAt: Date) {
    super(`GitHub's rate limit is used up until ${resetAt.toISOString()}`);
  }
}

/** octokit with the throttling and retry plugins, ETag-conditional reads and a rate-limit budget. */
export class GitHubClient {
  readonly etags: Map<string, CachedResponse>;
  /** Requests sent, including 304s (which cost no rate limit). */
  requestCount = 0;
  notModifiedCount = 0;
  private readonly budgets = new Map<string, RateLimitBudget>();
  private readonly octokit: OctokitInstance;

  constructor(options: GitHubClientOptions) {
    this.etags = options.etags ?? new Map();
    const base = options.retryBaseMs ?? 1000;
    const maxWait = options.maxRateLimitWaitSeconds ?? 10;
    const retryWithin = (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number): boolean =>
      retryCount < 1 && retryAfter <= maxWait;
    this.octokit = new PreflightOctokit({
      baseUrl: options.apiUrl,
      auth: options.token,
      userAgent: options.userAgent ?? 'preflight',
      log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
      throttle: {
        onRateLimit: retryWithin,
        onSecondaryRateLimit: retryWithin,
        retryAfterBaseValue: base,
        fallbackSecondaryRateRetryAfter: 60,
      },
      retry: { retries: options.retries ?? 3, retryAfterBaseValue: base, doNotRetry: [304, 400, 401, 403, 404, 410, 422, 429, 451] },
      request: {
        fetch: sizeLimitedFetch(
          sameOriginAuthFetch(timedFetch(options.timeoutMs ?? 10_000)),
          options.maxResponseBytes ?? MAX_RESPONSE_BYTES,
        ),
      },
    });
    this.octokit.hook.wrap('request', async (request, requestOptions) => {
      const started = performance.now();
      const log = (status: number, headers: Record<string, unknown> | undefined): void => {
        this.requestCount++;
        if (status === 304) this.notModifiedCount++;
        if (headers) this.readBudget(headers);
        const path = String(requestOptions.url).replace(/\{[^}]+\}/g, (name) =>
          String((requestOptions as Record<string, unknown>)[name.slice(1, -1)] ?? name),
        );
        options.onRequest?.({
          method: requestOptions.method,
          path,
          status,
          ms: Math.round(performance.now() - started),
          notModified: status === 304,
        });
      };
      try {
        const response = await request(requestOptions);
        log(response.status, response.headers as Record<string, unknown>);
        return response;
      } catch (error) {
        const failure = error as { status?: number; response?: { headers?: Record<string, unknown> } };
        log(failure.status ?? 0, failure.response?.headers);
        throw error;
      }
    });
  }

  /** A GET that sends the cached ETag: unchanged resources come back as 304, which costs no rate limit. */
  async getConditional<T>(route: string, parameters: Record<string, string | number>): Promise<{ data: T; changed: boolean }> {
    const key = `${route} ${JSON.stringify(parameters)}`;
    const cached = this.etags.get(key);
    try {
      const response = await this.octokit.request(route, { ...parameters, headers: cached ? { 'if-none-match': cached.etag } : {} });
      const etag = response.headers.etag;
      if (etag) this.etags.set(key, { etag, data: response.data });
      return { data: response.data as T, changed: true };
    } catch (error) {
      if ((error as { status?: number }).status === 304 && cached) return { data: cached.data as T, changed: false };
      throw this.translated(error);
    }
  }

  /** A request without the ETag cache (a POST, or a read whose answer is cached by its caller): the answer's body, JSON or text. */
  async request<T>(route: string, parameters: Record<string, string | number>): Promise<T> {
    try {
      return (await this.octokit.request(route, parameters)).data as T;
    } catch (error) {
      throw this.translated(error);
    }
  }

  async graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    try {
      return await this.octokit.graphql<T>(query, variables);
    } catch (error) {
      throw this.translated(error);
    }
  }

  /** The lowest remaining budget seen, REST or GraphQL, for the panel. */
  get rateLimit(): RateLimitBudget | undefined {
    let lowest: RateLimitBudget | undefined;
    for (const budget of this.budgets.values())
      if (!lowest || budget.remaining / budget.limit < lowest.remaining / lowest.limit) lowest = budget;
    return lowest;
  }

  private readBudget(headers: Record<string, unknown>): void {
    const limit = Number(headers['x-ratelimit-limit']);
    const remaining = Number(headers['x-ratelimit-remaining']);
    const reset = Number(headers['x-ratelimit-reset']);
    if (!Number.isFinite(limit) || !Number.isFinite(remaining) || !Number.isFinite(reset) || limit <= 0) return;
    const resource = String(headers['x-ratelimit-resource'] ?? 'core');
    this.budgets.set(resource, { limit, remaining, resetAt: new Date(reset * 1000).toISOString(), resource });
  }

  private translated(error: unknown): unknown {
    const failure = error as { status?: number; response?: { headers?: Record<string, unknown> } };
    const headers = failure.response?.headers;
    if ((failure.status === 403 || failure.status === 429) && headers && headers['x-ratelimit-remaining'] === '0') {
      return new RateLimitedError(new Date(Number(headers['x-ratelimit-reset']) * 1000));
    }
    const retryAfter = Number(headers?.['retry-after']);
    if ((failure.status === 403 || failure.status === 429) && Number.isFinite(retryAfter))
      return new RateLimitedError(new Date(Date.now() + retryAfter * 1000));
    return error;
  }
}

/**
 * Reads the body as it arrives and stops at `maxBytes`, so a hostile or broken server cannot fill
 * the memory; the error is thrown by fetch itself, so it reaches the caller as a failed request.
 */
export function sizeLimitedFetch(inner: typeof fetch, maxBytes: number): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    if (!response.body || NULL_BODY_STATUSES.has(response.status)) return response;
    if (Number(response.headers.get('content-length')) > maxBytes) {
      await response.body.cancel();
      throw new ResponseTooLargeError(maxBytes);
    }
    const chunks: Uint8Array[] = [];
    let seen = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      seen += value.byteLength;
      if (seen > maxBytes) {
        await reader.cancel();
        throw new ResponseTooLargeError(maxBytes);
      }
      chunks.push(value);
    }
    return new Response(Buffer.concat(chunks), { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/**
 * Follows redirects itself so that the token goes only where it was meant to: after a redirect
 * to another origin, the rest of the way carries no Authorization header, whatever the fetch
 * underneath would do (VS Code's extension host replaces the global fetch with its own).
 */
export function sameOriginAuthFetch(inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    let url = new URL(input instanceof Request ? input.url : String(input));
    const origin = url.origin;
    let request: RequestInit = { ...init, redirect: 'manual' };
    for (let hop = 0; ; hop++) {
      const response = await inner(url, request);
      const location = response.headers.get('location');
      if (!REDIRECTS.has(response.status) || !location || hop === MAX_REDIRECTS) return response;
      await response.body?.cancel();
      url = new URL(location, url);
      if (url.origin !== origin) request = { ...request, headers: withoutAuthorization(request.headers) };
      if (response.status === 303) request = { ...request, method: 'GET', body: undefined };
    }
  };
}

function withoutAuthorization(headers: RequestInit['headers']): Headers {
  const copy = new Headers(headers);
  copy.delete('authorization');
  return copy;
}

function timedFetch(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
  };
}
