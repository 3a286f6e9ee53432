import { isZeroId, type Git } from './git';

/** One line of git's pre-push protocol: `<local ref> <local sha> <remote ref> <remote sha>`. */
export interface PushUpdate {
  localRef: string;
  localSha: string;
  remoteRef: string;
  remoteSha: string;
}

export interface PushRange {
  update: PushUpdate;
  deletion: boolean;
  /** Commits the push sends: not on any remote-tracking ref of the target remote. */
  commits: string[];
  /** Files added, modified, renamed or copied by those commits (new paths), as they are at the pushed commit. */
  files: string[];
  /** The range was cut to this many commits (a remote with no refs yet would mean all history). */
  truncated: boolean;
}

export const MAX_RANGE_COMMITS = 500;

/** Parses the pre-push hook's standard input; blank lines are ignored. */
export function parsePushUpdates(stdin: string): PushUpdate[] {
  return stdin
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [localRef, localSha, remoteRef, remoteSha] = line.split(/\s+/);
      if (!remoteSha) throw new Error(`unexpected pre-push line: '${line}'`);
      return { localRef, localSha, remoteRef, remoteSha };
    });
}

/** What `git push` with no arguments would send from the current branch, for `preflight check`. */
export async function currentBranchUpdate(
  git: Git,
  branch: string | undefined,
  upstream: string | undefined,
): Promise<PushUpdate | undefined> {
  const head = (await git.tryRaw('rev-parse', '--verify', '-q', 'HEAD'))?.trim();
  if (!head) return undefined;
  const remoteRef = upstream ? `refs/heads/${upstream.split('/').slice(1).join('/')}` : `refs/heads/${branch ?? 'HEAD'}`;
  const remoteSha = upstream ? ((await git.tryRaw('rev-parse', '--verify', '-q', upstream))?.trim() ?? '') : '';
  return { localRef: branch ? `refs/heads/${branch}` : 'HEAD', localSha: head, remoteRef, remoteSha: remoteSha || '0'.repeat(head.length) };
}

/** The commits and files one ref update sends to `remote`; its cost grows with the push, not the repository. */
export async function pushRange(git: Git, remote: string, update: PushUpdate): Promise<PushRange> {
  if (isZeroId(update.localSha)) return { update, deletion: true, commits: [], files: [], truncated: false };
  const exclude = [`--remotes=${remote}`];
  const knownRemoteSha = !isZeroId(update.remoteSha) && (await git.tryRaw('cat-file', '-e', `${update.remoteSha}^{commit}`)) !== undefined;
  const boundary = ['--not', ...exclude, ...(knownRemoteSha ? [update.remoteSha] : [])];
  const revs = await git.raw('rev-list', `--max-count=${MAX_RANGE_COMMITS + 1}`, update.localSha, ...boundary);
  const commits = revs.split('\n').filter(Boolean);
  const truncated = commits.length > MAX_RANGE_COMMITS;
  if (commits.length === 0) return { update, deletion: false, commits, files: [], truncated };
  const log = await git.raw(
    'log',
    '--format=%x00',
    '--name-only',
    '-z',
    '--diff-filter=AMRC',
    `--max-count=${MAX_RANGE_COMMITS}`,
    update.localSha,
    ...boundary,
  );
  const files = [...new Set(namesFromLog(log))].sort();
  return { update, deletion: false, commits: commits.slice(0, MAX_RANGE_COMMITS), files, truncated };
}

/**
 * `git log --format=%x00 --name-only -z`: each commit is two NULs, a newline, then its paths,
 * each ended by a NUL. A path is never empty, so the empty fields mark commits unambiguously, and
 * only the one newline after them is a separator: a path may itself begin with a newline.
 */
export function namesFromLog(log: string): string[] {
  const names: string[] = [];
  let afterHeader = false;
  for (const field of log.split('\0')) {
    if (field === '') {
      afterHeader = true;
      continue;
    }
    names.push(afterHeader && field.startsWith('\n') ? field.slice(1) : field);
    afterHeader = false;
  }
  return names;
}

/** The remote that `git push` uses for the current branch: its upstream's, else `origin`. */
export async function defaultRemote(git: Git, upstream: string | undefined): Promise<string> {
  if (upstream) return upstream.split('/')[0];
  const remotes = (await git.tryRaw('remote'))?.split('\n').filter(Boolean) ?? [];
  return remotes.includes('origin') ? 'origin' : (remotes[0] ?? 'origin');
}
