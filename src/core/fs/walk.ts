import { lstat, readdir, readFile } from 'node:fs/promises';
import ignore, { type Ignore } from 'ignore';
import { join, posix, sep } from 'node:path';
import picomatch from 'picomatch';
import { globMatcher } from '../text/glob';
import { escapesRepository, realPathInside } from './inside-repository';

// A worktree's or submodule's `.git` is a file: skipped like the folder.
const SKIPPED = new Set(['.git', 'node_modules']);

/**
 * The files at or below each start (repository-relative; '.' is the root, and the default), as sorted
 * repository-relative POSIX paths. A start that is a symlink is not followed.
 */
export async function walkFiles(root: string, starts: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const start of starts.length > 0 ? starts : ['.']) {
    const path = toPosix(start) === '.' ? '' : toPosix(start);
    const info = await lstat(join(root, path)).catch(() => undefined);
    if (info?.isFile()) files.push(path);
    else if (info?.isDirectory()) files.push(...(await filesBelow(root, path)));
  }
  return [...new Set(files)].sort();
}

/**
 * The files below a repository-relative folder ('' is the root). `.git` and `node_modules` are
 * skipped, no symlink inside is followed (neither out of the repository nor round a loop), and an
 * unreadable folder is left out.
 */
async function filesBelow(root: string, folder: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(join(root, folder), { withFileTypes: true }).catch(() => [])) {
    if (SKIPPED.has(entry.name)) continue;
    const path = folder ? posix.join(folder, entry.name) : entry.name;
    if (entry.isDirectory()) files.push(...(await filesBelow(root, path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

/** The `.gitignore` rules of one folder, its path relative to the root ('' for the root). */
interface IgnoreLevel {
  folder: string;
  rules: Ignore;
}

/**
 * The files git would not ignore, found without running git (an untrusted repository's git
 * configuration can run programs): each folder's `.gitignore` and `.git/info/exclude` are read
 * as git reads them (a deeper file's rules win, an ignored folder is not entered), `.git` and
 * `node_modules` are skipped, no symlink is followed. The user's global excludes are not read.
 * At most `limit` files, the first found.
 */
export async function walkFilesNotIgnored(root: string, limit = Infinity): Promise<string[]> {
  const files: string[] = [];
  const exclude = await readFile(join(root, '.git', 'info', 'exclude'), 'utf8').catch(() => '');
  const visit = async (folder: string, levels: IgnoreLevel[]): Promise<void> => {
    const here = await readFile(join(root, folder, '.gitignore'), 'utf8').catch(() => undefined);
    const inner = here === undefined ? levels : [...levels, { folder, rules: ignore().add(here) }];
    const entries = await readdir(join(root, folder), { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (files.length >= limit) return;
      if (SKIPPED.has(entry.name)) continue;
      const path = folder ? posix.join(folder, entry.name) : entry.name;
      if (entry.isDirectory()) {
        if (!isIgnored(`${path}/`, inner)) await visit(path, inner);
      } else if (entry.isFile() && !isIgnored(path, inner)) files.push(path);
    }
  };
  await visit('', [{ folder: '', rules: ignore().add(exclude) }]);
  return files;
}

/** Git's verdict: the deepest `.gitignore` with a rule about the path decides (a `!rule` re-includes). */
function isIgnored(path: string, levels: readonly IgnoreLevel[]): boolean {
  let ignored = false;
  for (const { folder, rules } of levels) {
    const verdict = rules.test(folder ? path.slice(folder.length + 1) : path);
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}

/**
 * Repository-relative files matching the globs, walking only below each glob's fixed base folder;
 * at most `limit` of them (the first, sorted), when a limit is given. A glob spelled to leave the
 * repository matches nothing, and no walk follows a symlink out of it.
 */
export async function filesMatching(root: string, globs: readonly string[], limit = Infinity): Promise<string[]> {
  const inside = globs.filter((glob) => !escapesRepository(glob));
  if (inside.length === 0) return [];
  const matches = globMatcher(inside, { dot: true });
  const bases = [...new Set(inside.map((glob) => picomatch.scan(glob).base))].filter(
    (base) => base === '' || realPathInside(root, base) !== undefined,
  );
  const found = new Set<string>();
  // Only folders are walked: a base that is a file is found only by a glob that walks its folder.
  for (const base of bases) for (const file of await filesBelow(root, base)) if (matches(file)) found.add(file);
  return [...found].sort().slice(0, limit);
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
