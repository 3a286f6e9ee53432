import { lstatSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { shortLivedCache } from '../cache/short-lived';

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
  if (lastRoot?.root === root) return lastRoot.real;
  let real: string;
  try {
    real = realpathSync(root);
  } catch {
    return root; // a root that is gone holds nothing to read; it is not remembered
  }
  lastRoot = { root, real };
  return real;
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
  const located = locateInside(root, relativePath);
  if ('problem' in located) return located;
  const { path, info } = located;
  if (info.isDirectory()) return { problem: 'is a folder, not a file' };
  if (!info.isFile()) return { problem: 'is not a regular file (a FIFO, socket or device); it is not read' };
  if (info.size > maxBytes) return { problem: `is larger than ${limitName} (${info.size} > ${maxBytes} bytes)` };
  try {
    return { text: withoutBom(readFileSync(path, 'utf8')) };
  } catch {
    return { problem: 'cannot be read' };
  }
}

/**
 * Where a repository path really is, and what it is, without opening it (so a FIFO is never
 * opened). Scans read thousands of files from few folders: the folder's real path is kept for
 * the next file in the same folder, and only a file that is itself a symlink is resolved.
 */
function locateInside(root: string, relativePath: string): { path: string; info: Stats } | { problem: string } {
  if (escapesRepository(relativePath)) return { problem: NOT_INSIDE };
  const absolute = join(root, relativePath);
  const folder = realFolderOf(dirname(absolute));
  if (folder === undefined) return { problem: existsAtAll(root, relativePath) ? NOT_INSIDE : 'does not exist' };
  if (!isWithin(realRootOf(root), folder)) return { problem: NOT_INSIDE };
  const own = lstatSync(absolute, { throwIfNoEntry: false });
  if (!own) return { problem: 'does not exist' };
  if (!own.isSymbolicLink()) return { path: absolute, info: own };
  const real = realPathInside(root, relativePath);
  if (!real) return { problem: existsAtAll(root, relativePath) ? NOT_INSIDE : 'does not exist' };
  const info = statSync(real, { throwIfNoEntry: false });
  return info ? { path: real, info } : { problem: 'does not exist' };
}

/** The last folder asked about (one entry). */
const lastFolder = shortLivedCache<'last', { path: string; real: string; at: number }>();
/** A folder's real path is trusted for this long: the editor is long-lived and folders can change. */
const FOLDER_FRESH_MS = 1000;

/** Only a folder that exists is remembered: one that does not may be created the next moment. */
function realFolderOf(folder: string): string | undefined {
  const now = Date.now();
  const last = lastFolder.get('last');
  if (last?.path === folder && now - last.at < FOLDER_FRESH_MS) return last.real;
  try {
    const real = realpathSync(folder);
    lastFolder.set('last', { path: folder, real, at: now });
    return real;
  } catch {
    return undefined;
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
