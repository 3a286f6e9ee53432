import type { Git } from './git';

/** What the developer's clone looks like right now, before the push. */
export interface LocalState {
  branch: string | undefined;
  detached: boolean;
  head: string | undefined;
  upstream: string | undefined;
  ahead: number;
  behind: number;
  /** Tracked files with changes that are not committed (so not part of the push). */
  uncommitted: string[];
  untracked: string[];
  shallow: boolean;
}

/** One `git status`: HEAD's commit is its `branch.oid` line; `shallow` comes with the repository root (findRepository). */
export async function readLocalState(git: Git, shallow: boolean): Promise<LocalState> {
  const status = await git.raw('status', '--porcelain=v2', '--branch', '-z', '--untracked-files=normal');
  const state: LocalState = {
    branch: undefined,
    detached: false,
    head: undefined,
    upstream: undefined,
    ahead: 0,
    behind: 0,
    uncommitted: [],
    untracked: [],
    shallow,
  };
  const entries = status.split('\0');
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (entry.startsWith('# branch.oid ')) {
      const oid = entry.slice('# branch.oid '.length);
      state.head = oid === '(initial)' ? undefined : oid;
    } else if (entry.startsWith('# branch.head ')) {
      const name = entry.slice('# branch.head '.length);
      state.detached = name === '(detached)';
      state.branch = state.detached ? undefined : name;
    } else if (entry.startsWith('# branch.upstream ')) state.upstream = entry.slice('# branch.upstream '.length);
    else if (entry.startsWith('# branch.ab ')) {
      const [ahead, behind] = entry.slice('# branch.ab '.length).split(' ');
      state.ahead = Math.abs(Number(ahead));
      state.behind = Math.abs(Number(behind));
    } else if (entry.startsWith('1 ') || entry.startsWith('u '))
      state.uncommitted.push(
        entry
          .split(' ')
          .slice(entry.startsWith('1 ') ? 8 : 10)
          .join(' '),
      );
    else if (entry.startsWith('2 ')) {
      state.uncommitted.push(entry.split(' ').slice(9).join(' '));
      i++; // a rename's second path follows as its own NUL-separated entry
    } else if (entry.startsWith('? ')) state.untracked.push(entry.slice(2));
  }
  return state;
}
