import type { Git } from '../git/git';
import type { PushRange } from '../git/push-range';
import type { ReviewRange } from '../git/review-range';

export type ChangeStatus = 'added' | 'modified' | 'deleted' | 'renamed';

export interface ChangedFile {
  path: string;
  status: ChangeStatus;
  /** The path before a rename. */
  oldPath?: string;
}

/**
 * What one push changes as a whole: the net difference between the commit the remote already
 * has (`base`) and the commit being pushed (`head`), deletions included. Push-scope rules
 * (paths rules, removed jobs, untested changes) look at this rather than at one file.
 */
export interface PushChange {
  base: string;
  head: string;
  files: ChangedFile[];
  commits: string[];
}

const STATUS: Record<string, ChangeStatus> = { A: 'added', M: 'modified', D: 'deleted', R: 'renamed', C: 'added', T: 'modified' };

/** The push's net change; its cost grows with the push (one diff, from the range's own base), not with the repository. */
export async function describePush(git: Git, range: PushRange): Promise<PushChange | undefined> {
  if (range.deletion || range.commits.length === 0) return undefined;
  const head = range.update.localSha;
  const base = range.base ?? emptyTree(head);
  const diff = await git.raw('diff', '--name-status', '-z', '-M', base, head);
  return { base, head, files: parseNameStatus(diff), commits: range.commits };
}

/** A pull request's net change: from the merge base, so what the base branch did since is not counted. */
export async function describeReview(git: Git, range: ReviewRange): Promise<PushChange> {
  const diff = await git.raw('diff', '--name-status', '-z', '-M', range.mergeBase, range.head);
  return { base: range.mergeBase, head: range.head, files: parseNameStatus(diff), commits: range.commits };
}

/** git knows the empty tree without storing it; its id depends on the object format, which the length of any id tells. */
function emptyTree(anyId: string): string {
  return anyId.length === 64 ? EMPTY_TREE_SHA256 : EMPTY_TREE_SHA1;
}

const EMPTY_TREE_SHA1 = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
const EMPTY_TREE_SHA256 = '6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321';

/** `git diff --name-status -z`: `M\0path\0`, `R100\0old\0new\0`. */
export function parseNameStatus(output: string): ChangedFile[] {
  const parts = output.split('\0');
  const files: ChangedFile[] = [];
  for (let i = 0; i < parts.length - 1;) {
    const code = parts[i++];
    const status = STATUS[code.charAt(0)];
    if (code.startsWith('R')) {
      const oldPath = parts[i++];
      files.push({ path: parts[i++], status: 'renamed', oldPath });
    } else if (status) files.push({ path: parts[i++], status });
    else i++;
  }
  return files;
}
