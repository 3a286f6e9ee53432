import { diffLines } from 'diff';
import { Git } from '../git/git';
import type { CheckAnnotation, CheckSummary, RemoteStatus } from './types';

/** An annotation placed on the local file: its lines are the working copy's. */
export interface AnchoredAnnotation {
  check: string;
  annotation: CheckAnnotation;
  path: string;
  startLine: number;
  endLine: number;
  startColumn?: number;
  endColumn?: number;
}

export interface DroppedAnnotation {
  check: string;
  annotation: CheckAnnotation;
  why: string;
}

export interface AnchoredCiAnnotations {
  /** The pull request head the annotations were made on. */
  headSha: string | undefined;
  anchored: AnchoredAnnotation[];
  dropped: DroppedAnnotation[];
  /** Why nothing could be placed at all (the head commit is not in this clone). */
  problem?: string;
}

/**
 * For each line of `before` (1-based), its line in `after`, or undefined when the diff removed or
 * changed it. Line ends are compared without CR, and a missing final newline is not a change.
 */
export function lineMapping(before: string, after: string): (line: number) => number | undefined {
  const map: Array<number | undefined> = [undefined];
  let next = 1;
  for (const part of diffLines(normalized(before), normalized(after))) {
    const count = part.count ?? 0;
    if (part.added) next += count;
    else if (part.removed) for (let i = 0; i < count; i++) map.push(undefined);
    else for (let i = 0; i < count; i++) map.push(next++);
  }
  return (line) => map[line];
}

function normalized(text: string): string {
  const lf = text.replace(/\r\n/g, '\n');
  return lf.endsWith('\n') || lf === '' ? lf : `${lf}\n`;
}

/** The annotation's range on the working copy: both its first and its last line must still be there, unchanged. */
export function reanchored(
  annotation: CheckAnnotation,
  map: (line: number) => number | undefined,
): Pick<AnchoredAnnotation, 'startLine' | 'endLine' | 'startColumn' | 'endColumn'> | undefined {
  const startLine = map(annotation.startLine);
  const endLine = map(annotation.endLine);
  if (startLine === undefined || endLine === undefined) return undefined;
  return {
    startLine,
    endLine,
    ...(annotation.startColumn !== undefined ? { startColumn: annotation.startColumn } : {}),
    ...(annotation.endColumn !== undefined ? { endColumn: annotation.endColumn } : {}),
  };
}

/** The annotations of the failing check runs: the ones a reader should see on the code. */
export function failingAnnotations(
  status: Pick<RemoteStatus, 'checks'> | undefined,
): Array<{ check: CheckSummary; annotation: CheckAnnotation }> {
  return (status?.checks ?? [])
    .filter((check) => check.state === 'failure')
    .flatMap((check) => (check.annotations ?? []).map((annotation) => ({ check, annotation })));
}

/** The head's versions of annotated files, read again on every edit otherwise: a commit's blobs never change. */
const headVersions = new Map<string, Buffer | null>();
const MAX_HEAD_VERSIONS = 64;

async function headVersionsOf(git: Git, specs: readonly string[]): Promise<Map<string, Buffer>> {
  const key = (spec: string) => `${git.root}\0${spec}`;
  const missing = specs.filter((spec) => !headVersions.has(key(spec)));
  if (missing.length > 0) {
    const read = await git.readBlobs(missing);
    for (const spec of missing) headVersions.set(key(spec), read.get(spec) ?? null);
    for (const old of [...headVersions.keys()].slice(0, Math.max(0, headVersions.size - MAX_HEAD_VERSIONS))) headVersions.delete(old);
  }
  const result = new Map<string, Buffer>();
  for (const spec of specs) {
    const blob = headVersions.get(key(spec));
    if (blob) result.set(spec, blob);
  }
  return result;
}

/**
 * Places CI's annotations of the pull request head on the working copy: the head's version of each
 * file is read from git (the head commit must be in this clone) and diffed against the local text
 * (`readLocal`: the open editor's text, else the file on disk; undefined when it is gone or outside
 * the repository). An annotation whose lines no longer exist is dropped, with the reason.
 */
export async function anchorCiAnnotations(options: {
  root: string;
  status: RemoteStatus | undefined;
  readLocal: (path: string) => Promise<string | undefined>;
}): Promise<AnchoredCiAnnotations> {
  const headSha = options.status?.pullRequest?.state === 'open' ? options.status.pullRequest.headSha : undefined;
  const wanted = headSha ? failingAnnotations(options.status) : [];
  const result: AnchoredCiAnnotations = { headSha, anchored: [], dropped: [] };
  if (!headSha || wanted.length === 0) return result;
  const git = new Git(options.root);
  if (!/^[0-9a-f]{40,64}$/.test(headSha) || (await git.tryRaw('cat-file', '-e', `${headSha}^{commit}`)) === undefined) {
    result.problem = `The pull request head ${headSha.slice(0, 7)} is not in this clone (git fetch brings it): CI's annotations cannot be placed on the local files.`;
    result.dropped = wanted.map(({ check, annotation }) => ({
      check: check.name,
      annotation,
      why: 'the pull request head is not in this clone',
    }));
    return result;
  }
  const paths = [...new Set(wanted.map(({ annotation }) => annotation.path))];
  const heads = await headVersionsOf(
    git,
    paths.map((path) => `${headSha}:${path}`),
  );
  const mappings = new Map<string, ((line: number) => number | undefined) | string>();
  await Promise.all(
    paths.map(async (path) => {
      const head = heads.get(`${headSha}:${path}`);
      if (!head) return void mappings.set(path, 'the file is not in the pull request head');
      const local = await options.readLocal(path);
      if (local === undefined) return void mappings.set(path, 'the file is not in the working copy');
      mappings.set(path, lineMapping(head.toString('utf8'), local));
    }),
  );
  for (const { check, annotation } of wanted) {
    const mapping = mappings.get(annotation.path)!;
    if (typeof mapping === 'string') {
      result.dropped.push({ check: check.name, annotation, why: mapping });
      continue;
    }
    const range = reanchored(annotation, mapping);
    if (range) result.anchored.push({ check: check.name, annotation, path: annotation.path, ...range });
    else result.dropped.push({ check: check.name, annotation, why: 'its lines were changed or removed locally' });
  }
  return result;
}
