import { realpathSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { isWithin } from '../core/fs/inside-repository';
import { Git } from '../core/git/git';
import { UsageError } from './usage-error';

/** `--root DIR` (default: the current folder), which must be an existing folder. */
export function rootFolder(cwd: string, root: string | undefined): string {
  const dir = resolve(cwd, root ?? '.');
  const info = statSync(dir, { throwIfNoEntry: false });
  if (!info) throw new UsageError(`--root ${root}: no such folder.`);
  if (!info.isDirectory()) throw new UsageError(`--root ${root}: not a folder.`);
  return dir;
}

/**
 * The files or folders a command was given, relative to the repository root: each must exist
 * and be inside the repository, with symlinks resolved (`scan /etc/passwd` is a mistake, not an
 * empty scan).
 */
export function pathsInside(root: string, cwd: string, paths: readonly string[]): string[] {
  const realRoot = realpathSync(root);
  return paths.map((path) => {
    const absolute = resolve(cwd, path);
    let real: string;
    try {
      real = realpathSync(absolute);
    } catch {
      throw new UsageError(`${path}: no such file or folder.`);
    }
    if (!isWithin(realRoot, real)) throw new UsageError(`${path} is outside the repository ${root}.`);
    return relative(realRoot, real).split('\\').join('/') || '.';
  });
}

/** `--remote NAME` must name a remote of the repository; without the flag the command picks one itself. */
export async function checkedRemote(root: string, remote: string | undefined): Promise<string | undefined> {
  if (remote === undefined) return undefined;
  const remotes = ((await new Git(root).tryRaw('remote')) ?? '')
    .split('\n')
    .map((r) => r.trim())
    .filter(Boolean);
  if (!remotes.includes(remote))
    throw new UsageError(
      `--remote ${remote}: no such remote${remotes.length ? ` (this repository has ${remotes.join(', ')})` : ' (this repository has none)'}.`,
    );
  return remote;
}
