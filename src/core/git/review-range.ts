import type { Git } from './git';
import { MAX_RANGE_COMMITS } from './push-range';

/** A pull request's range: the commits from the merge base of base and head to head, as CI sees them. */
export interface ReviewRange {
  /** The refs as given (`origin/main`, `HEAD`). */
  baseRef: string;
  headRef: string;
  mergeBase: string;
  head: string;
  /** Newest first, at most MAX_RANGE_COMMITS. */
  commits: string[];
  truncated: boolean;
}

/** `--base` names nothing git knows here: in CI, usually a branch that was not fetched. */
export class UnknownRefError extends Error {
  constructor(readonly ref: string) {
    super(`'${ref}' is not a commit in this repository; fetch it first (${fetchCommand(ref)})`);
  }
}

function fetchCommand(ref: string): string {
  const [remote, ...branch] = ref.replace(/^refs\/remotes\//, '').split('/');
  return branch.length > 0 ? `git fetch ${remote} ${branch.join('/')}` : `git fetch origin ${ref}`;
}

/** Base and head share no commit that this clone has: a shallow clone, or unrelated histories. */
export class NoMergeBaseError extends Error {
  constructor(baseRef: string, headRef: string, shallow: boolean) {
    super(
      shallow
        ? `this shallow clone does not have the merge base of ${baseRef} and ${headRef}: fetch the whole history (actions/checkout with fetch-depth: 0, GIT_DEPTH: 0 in GitLab CI, or git fetch --unshallow)`
        : `${baseRef} and ${headRef} have no commit in common, so there is no range to check`,
    );
  }
}

export async function reviewRange(git: Git, baseRef: string, headRef = 'HEAD'): Promise<ReviewRange> {
  const [base, head] = await Promise.all([commitOf(git, baseRef), commitOf(git, headRef)]);
  const mergeBase = (await git.tryRaw('merge-base', base, head))?.trim();
  if (!mergeBase) {
    const shallow = (await git.tryRaw('rev-parse', '--is-shallow-repository'))?.trim() === 'true';
    throw new NoMergeBaseError(baseRef, headRef, shallow);
  }
  const revs = await git.raw('rev-list', `--max-count=${MAX_RANGE_COMMITS + 1}`, head, '--not', mergeBase);
  const commits = revs.split('\n').filter(Boolean);
  return {
    baseRef,
    headRef,
    mergeBase,
    head,
    commits: commits.slice(0, MAX_RANGE_COMMITS),
    truncated: commits.length > MAX_RANGE_COMMITS,
  };
}

async function commitOf(git: Git, ref: string): Promise<string> {
  // `--end-of-options` keeps a ref such as `--output=x` from being read as an option.
  const sha = ref.startsWith('-')
    ? undefined
    : (await git.tryRaw('rev-parse', '--verify', '-q', '--end-of-options', `${ref}^{commit}`))?.trim();
  if (!sha) throw new UnknownRefError(ref);
  return sha;
}

/** The line ranges of head that the range adds or changes, by file (from `git diff -U0`): annotations go there first. */
export async function changedLines(git: Git, mergeBase: string, head: string): Promise<Record<string, Array<[number, number]>>> {
  const diff = await git.raw('diff', '-U0', '--no-color', '--no-ext-diff', '-M', '--src-prefix=a/', '--dst-prefix=b/', mergeBase, head);
  return parseChangedLines(diff);
}

/** Reads `+++ b/<path>` and `@@ -a,b +c,d @@` lines; a quoted path (special characters) is unquoted as git writes it. */
export function parseChangedLines(diff: string): Record<string, Array<[number, number]>> {
  const changed: Record<string, Array<[number, number]>> = {};
  let file: string | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) file = pathOf(line.slice(4));
    else if (line.startsWith('@@ ') && file) {
      const match = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      const start = Number(match?.[1]);
      const count = match?.[2] === undefined ? 1 : Number(match[2]);
      if (match && count > 0) (changed[file] ??= []).push([start, start + count - 1]);
    }
  }
  return changed;
}

/** git ends the name with a tab when it has a space; a name with a real tab in it is quoted. */
function pathOf(raw: string): string | undefined {
  const field = raw.endsWith('\t') ? raw.slice(0, -1) : raw;
  if (field === '/dev/null') return undefined;
  const unquoted = field.startsWith('"') ? unquoteC(field.slice(1, -1)) : field;
  return unquoted.startsWith('b/') ? unquoted.slice(2) : unquoted;
}

const C_ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };

/** git's C-style quoting of a path: `\n`, `\"`, and octal bytes (`\303\251`) of UTF-8. */
function unquoteC(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '\\') {
      const char = String.fromCodePoint(text.codePointAt(i) ?? 0);
      bytes.push(...Buffer.from(char, 'utf8'));
      i += char.length - 1;
      continue;
    }
    const next = text[++i];
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(text.slice(i, i + 3), 8));
      i += 2;
    } else bytes.push(C_ESCAPES[next] ?? next.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}
