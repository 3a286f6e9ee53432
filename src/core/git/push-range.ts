import { isZeroId, type Git } from './git';
import type { LocalState } from './local-state';

/** One line of git's pre-push protocol: `<local ref> <local sha> <remote ref> <remote sha>`. */
export interface PushUpdate {
  localRef: string;
  localSha: string;
  remoteRef: string;
  remoteSha: string;
  /**
   * `preflight check` only: the branch's upstream as `git status` names it (`origin/main`), which
   * stands for what the remote has (remoteSha is then the zero id) and which git resolves within the range's own command.
   */
  upstream?: string;
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
  /** The first parent of the oldest commit sent: what the remote is taken to have; absent for a root commit or no commits. */
  base?: string;
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

/**
 * What `git push` with no arguments would send from the current branch, for `preflight check`,
 * from the local state alone (no git process): HEAD's commit from `git status`, and the upstream
 * by name, which the range's own git command resolves.
 */
export function currentBranchUpdate(local: Pick<LocalState, 'branch' | 'head' | 'upstream'>): PushUpdate | undefined {
  const { branch, head, upstream } = local;
  if (!head) return undefined;
  const remoteRef = upstream ? `refs/heads/${upstream.split('/').slice(1).join('/')}` : `refs/heads/${branch ?? 'HEAD'}`;
  return {
    localRef: branch ? `refs/heads/${branch}` : 'HEAD',
    localSha: head,
    remoteRef,
    remoteSha: '0'.repeat(head.length),
    ...(upstream ? { upstream } : {}),
  };
}

/**
 * The commits and files one ref update sends to `remote`, from one `git log`: its cost grows with
 * the push, not the repository. A remote commit this clone does not have (the hook's remote sha
 * after someone else pushed) is left out of the boundary by `--ignore-missing`, as is an upstream
 * ref that is gone.
 */
export async function pushRange(git: Git, remote: string, update: PushUpdate): Promise<PushRange> {
  if (isZeroId(update.localSha)) return { update, deletion: true, commits: [], files: [], truncated: false };
  // `^rev` excludes a commit and, unlike `--not rev`, can never be read as an option.
  const boundary = [
    ...(isZeroId(update.remoteSha) ? [] : [`^${update.remoteSha}^{commit}`]),
    ...(update.upstream ? [`^${update.upstream}`] : []),
    '--not',
    `--remotes=${remote}`,
  ];
  const log = await git.raw(
    'log',
    '--ignore-missing',
    '--format=%x00%H%x00%P',
    '--name-status',
    '-z',
    `--max-count=${MAX_RANGE_COMMITS + 1}`,
    update.localSha,
    ...boundary,
  );
  const all = commitsFromLog(log);
  const kept = all.slice(0, MAX_RANGE_COMMITS);
  const files = [...new Set(kept.flatMap((commit) => commit.sentPaths))].sort();
  const oldest = kept[kept.length - 1];
  return {
    update,
    deletion: false,
    commits: kept.map((commit) => commit.id),
    files,
    truncated: all.length > MAX_RANGE_COMMITS,
    ...(oldest ? { base: oldest.firstParent } : {}),
  };
}

interface LoggedCommit {
  id: string;
  /** Undefined for a root commit. */
  firstParent: string | undefined;
  /** Paths the commit adds, modifies, renames to or copies to. */
  sentPaths: string[];
}

/** The statuses whose (new) path is sent at its committed content: not deletions, not type changes. */
const SENT_STATUSES = new Set(['A', 'M', 'R', 'C']);

/**
 * `git log --format=%x00%H%x00%P --name-status -z`: each commit is a NUL, its id, a NUL, its
 * parents and a NUL; when it changes files, a newline follows and then its `--name-status`
 * entries (a status, then one path, or two for a rename or copy, each ended by a NUL). Only the
 * first status carries the newline, so a path that begins with a newline is read as it is.
 */
export function commitsFromLog(log: string): LoggedCommit[] {
  const fields = log.split('\0');
  const commits: LoggedCommit[] = [];
  let i = 0;
  while (i + 2 < fields.length && fields[i] === '') {
    const commit: LoggedCommit = { id: fields[i + 1], firstParent: fields[i + 2].split(' ')[0] || undefined, sentPaths: [] };
    commits.push(commit);
    i += 3;
    if (!fields[i]?.startsWith('\n')) continue;
    fields[i] = fields[i].slice(1);
    while (i < fields.length && fields[i] !== '') {
      const status = fields[i].charAt(0);
      const paths = status === 'R' || status === 'C' ? 2 : 1;
      const sent = fields[i + paths];
      if (SENT_STATUSES.has(status) && sent !== undefined) commit.sentPaths.push(sent);
      i += 1 + paths;
    }
  }
  return commits;
}

/** The remote that `git push` uses for the current branch: its upstream's, else `origin`. */
export async function defaultRemote(git: Git, upstream: string | undefined): Promise<string> {
  if (upstream) return upstream.split('/')[0];
  const remotes = (await git.tryRaw('remote'))?.split('\n').filter(Boolean) ?? [];
  return remotes.includes('origin') ? 'origin' : (remotes[0] ?? 'origin');
}
