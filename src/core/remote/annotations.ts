import { escapesRepository } from '../fs/inside-repository';
import { networkText, truncated } from '../text/network-text';
import type { GitHubClient } from './github-client';
import type { CheckAnnotation, CheckSummary, RemoteStatus } from './types';

/** GitHub Actions itself keeps at most 50 annotations per job; more would only crowd the Problems panel. */
export const MAX_ANNOTATIONS_PER_CHECK = 50;
/** Failing check runs whose annotations one refresh asks for; the rest are asked for on the next one. */
export const MAX_CHECKS_WITH_ANNOTATIONS = 10;
const MAX_MESSAGE = 2000;
const MAX_TITLE = 200;
const MAX_PATH = 1024;

/** One item of `GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations`, as GitHub documents it. */
export interface RestAnnotation {
  path?: unknown;
  start_line?: unknown;
  end_line?: unknown;
  start_column?: unknown;
  end_column?: unknown;
  annotation_level?: unknown;
  title?: unknown;
  message?: unknown;
}

/**
 * Adds CI's annotations to the failing check runs: each check run's are asked for once (REST, one
 * request of up to 50) and then taken from the previous state by the check run's id, which a
 * re-run changes. A failed request leaves that check without annotations, to be asked again.
 */
export async function withAnnotations(
  client: GitHubClient,
  repo: { owner: string; repo: string },
  checks: CheckSummary[],
  previous: RemoteStatus | undefined,
): Promise<CheckSummary[]> {
  const known = new Map<number, CheckAnnotation[]>();
  for (const check of previous?.checks ?? []) if (check.id !== undefined && check.annotations) known.set(check.id, check.annotations);
  let asked = 0;
  return Promise.all(
    checks.map(async (check) => {
      if (check.kind !== 'check-run' || check.state !== 'failure' || check.id === undefined) return check;
      const cached = known.get(check.id);
      if (cached) return { ...check, annotations: cached };
      if (asked++ >= MAX_CHECKS_WITH_ANNOTATIONS) return check;
      const raw = await client
        .request<RestAnnotation[]>('GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations', {
          ...repo,
          check_run_id: check.id,
          per_page: MAX_ANNOTATIONS_PER_CHECK,
        })
        .catch(() => undefined);
      return Array.isArray(raw) ? { ...check, annotations: checkedAnnotations(raw) } : check;
    }),
  );
}

/** GitHub's annotations, kept only when they name a line of a file inside the repository; texts cut to size and shown as text. */
export function checkedAnnotations(raw: readonly RestAnnotation[]): CheckAnnotation[] {
  const annotations: CheckAnnotation[] = [];
  for (const item of raw.slice(0, MAX_ANNOTATIONS_PER_CHECK)) {
    const annotation = checkedAnnotation(item);
    if (annotation) annotations.push(annotation);
  }
  return annotations;
}

function checkedAnnotation(item: RestAnnotation): CheckAnnotation | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const path = typeof item.path === 'string' ? item.path.replace(/^\.\//, '') : '';
  // A path with a control character or a backslash names no file a CI runner reported on.
  // eslint-disable-next-line no-control-regex
  if (!path || path.length > MAX_PATH || escapesRepository(path) || path.includes('\\') || /[\x00-\x1f\x7f]/.test(path)) return undefined;
  const startLine = positive(item.start_line);
  if (startLine === undefined) return undefined;
  const endLine = Math.max(startLine, positive(item.end_line) ?? startLine);
  const message = typeof item.message === 'string' ? truncated(networkText(item.message), MAX_MESSAGE) : '';
  if (!message.trim()) return undefined;
  const title =
    typeof item.title === 'string' && item.title.trim() ? truncated(networkText(item.title).replace(/\n/g, ' '), MAX_TITLE) : undefined;
  const level = item.annotation_level === 'failure' || item.annotation_level === 'notice' ? item.annotation_level : 'warning';
  // GitHub gives columns only for an annotation on one line.
  const startColumn = startLine === endLine ? positive(item.start_column) : undefined;
  const endColumn = startColumn !== undefined ? positive(item.end_column) : undefined;
  return {
    path,
    startLine,
    endLine,
    ...(startColumn !== undefined ? { startColumn } : {}),
    ...(endColumn !== undefined && endColumn >= startColumn! ? { endColumn } : {}),
    level,
    message,
    ...(title ? { title } : {}),
  };
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 10_000_000 ? value : undefined;
}
