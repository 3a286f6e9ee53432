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

export async function readLocalState(git: Git): Promise<LocalState> {
  const [status, head, shallow] = await Promise.all([
    git.raw('status', '--porcelain=v2', '--branch', '-z', '--untracked-files=normal'),
    git.tryRaw('rev-parse', '--verify', '-q', 'HEAD'),
    git.tryRaw('rev-parse', '--is-shallow-repository'),
  ]);
  const state: LocalState = {
    branch: undefined,
    detached: false,
    head: head?.trim() || undefined,
    upstream: undefined,
    ahead: 0,
    behind: 0,
    uncommitted: [],
    untracked: [],
    shallow: shallow?.trim() === 'true',
  };
  const entries = status.split('\0');
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (entry.startsWith('# branch.head ')) {
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
