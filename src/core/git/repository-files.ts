import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { runGit } from './git';
import { walkFiles } from '../fs/walk';

/** The repository root containing `dir`, or undefined when `dir` is not inside a git work tree. */
export async function findRepositoryRoot(dir: string): Promise<string | undefined> {
  return (await findRepository(dir))?.root;
}

/** The work tree containing `dir` and whether its clone is shallow, from one git process. */
export async function findRepository(dir: string): Promise<{ root: string; shallow: boolean } | undefined> {
  try {
    const [root, shallow] = (await runGit(dir, ['rev-parse', '--show-toplevel', '--is-shallow-repository'])).split('\n');
    return root ? { root, shallow: shallow === 'true' } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The nearest folder at or above `dir` holding `.git` (a folder, or a worktree's file), found
 * without running git: for an untrusted workspace, where git is not run at all.
 */
export function findRepositoryRootOnDisk(dir: string): string | undefined {
  for (let current = resolve(dir); ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return current;
    if (dirname(current) === current) return undefined;
  }
}

/**
 * Files git does not ignore (tracked and untracked), as repository-relative POSIX paths,
 * limited to `paths` when given. Outside a git work tree, a plain walk that skips `.git`
 * and `node_modules`.
 */
export async function listRepositoryFiles(root: string, paths: readonly string[] = [], inGitRepo = true): Promise<string[]> {
  const pathspecs = paths.map((p) => toPosix(relative(root, resolve(root, p))) || '.');
  if (!inGitRepo) return walkFiles(root, pathspecs);
  return filesOf(await runGit(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...pathspecs]));
}

/**
 * Every file git does not ignore in the work tree around `dir`, as repository-relative POSIX
 * paths, asked from `dir` itself: so it can start before the root is known, a git round trip
 * sooner. Rejects when `dir` is not inside a work tree.
 */
export async function listWorkTreeFiles(dir: string): Promise<string[]> {
  return filesOf(await runGit(dir, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--full-name', '--', ':/']));
}

function filesOf(lsFilesOutput: string): string[] {
  return [...new Set(lsFilesOutput.split('\0').filter(Boolean))].sort();
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
