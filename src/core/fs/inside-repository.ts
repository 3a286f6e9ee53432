import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';

/**
 * Every path Preflight reads because a repository named it (config globs, `include:`, files to
 * scan) stays inside that repository: a clone is untrusted input, and a committed symlink to
 * `~/.git-credentials` or an include of `../../proc/self/environ` must not be read. Reads open
 * regular files only (never a FIFO or a device), with a size limit, and problems never quote a
 * file's content.
 */

/** A path or glob that names something outside the repository by its spelling: absolute, a drive, or a `..` segment. */
export function escapesRepository(path: string): boolean {
  if (path.includes('\0')) return true;
  if (isAbsolute(path) || path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path) || path.startsWith('~')) return true;
  return path.split(/[\\/]+/).includes('..');
}

/** The real path of `relativePath` when it exists and, with every symlink resolved, is inside `root`. */
export function realPathInside(root: string, relativePath: string): string | undefined {
  if (escapesRepository(relativePath)) return undefined;
  try {
    const real = realpathSync(join(root, relativePath));
    return isWithin(realRootOf(root), real) ? real : undefined;
  } catch {
    return undefined;
  }
}

let lastRoot: { root: string; real: string } | undefined;

/** Scans ask for the same root thousands of times. */
function realRootOf(root: string): string {
  if (lastRoot?.root !== root) lastRoot = { root, real: realpathSync(root) };
  return lastRoot.real;
}

export function isWithin(realRoot: string, real: string): boolean {
  const rest = relative(realRoot, real);
  return rest === '' || (!rest.startsWith(`..${sep}`) && rest !== '..' && !isAbsolute(rest));
}

export type RepositoryRead = { text: string } | { problem: string };

/** Why a path cannot be read, in words that never include its content. */
const NOT_INSIDE = 'is outside the repository (or a symlink leading out of it); it is not read';

/** Reads a repository file as UTF-8 (a BOM dropped), refusing what is outside, not a regular file, or larger than `maxBytes`. */
export function readInsideRepository(root: string, relativePath: string, maxBytes: number, limitName = 'the limit'): RepositoryRead {
  const real = realPathInside(root, relativePath);
  if (!real) return { problem: existsAtAll(root, relativePath) ? NOT_INSIDE : 'does not exist' };
  let fd: number;
  try {
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return { problem: 'cannot be read' };
  }
  try {
    const info = fstatSync(fd);
    if (info.isDirectory()) return { problem: 'is a folder, not a file' };
    if (!info.isFile()) return { problem: 'is not a regular file (a FIFO, socket or device); it is not read' };
    if (info.size > maxBytes) return { problem: `is larger than ${limitName} (${info.size} > ${maxBytes} bytes)` };
    const buffer = Buffer.alloc(info.size);
    let read = 0;
    while (read < info.size) {
      const n = readSync(fd, buffer, read, info.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return { text: withoutBom(buffer.subarray(0, read).toString('utf8')) };
  } catch {
    return { problem: 'cannot be read' };
  } finally {
    closeSync(fd);
  }
}

/**
 * Throws unless writing `relativePath` stays inside `root`: not spelled to leave it, and neither
 * the file (when it exists) nor its nearest existing folder is a symlink leading out.
 */
export function assertWritableInside(root: string, relativePath: string): void {
  const refuse = (): never => {
    throw new Error(
      `${relativePath} is outside the repository (or behind a symlink leading out of it): Preflight writes only inside ${root}.`,
    );
  };
  if (escapesRepository(relativePath)) refuse();
  const realRoot = realRootOf(root);
  let probe = join(root, relativePath);
  for (;;) {
    try {
      if (!isWithin(realRoot, realpathSync(probe))) refuse();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      if (lstatIsSymlink(probe)) refuse(); // a dangling symlink would be created through
      const parent = dirname(probe);
      if (parent === probe) refuse();
      probe = parent;
    }
  }
}

function lstatIsSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function existsAtAll(root: string, relativePath: string): boolean {
  if (escapesRepository(relativePath)) return true;
  try {
    realpathSync(join(root, relativePath));
    return true;
  } catch {
    return false;
  }
}
