import { statSync } from 'node:fs';
import { join } from 'node:path';
import { readInsideRepository } from '../../fs/inside-repository';
import { FRESH_MS, projectCache } from './freshness';

const MAX_PROJECT_FILE_BYTES = 256 * 1024;

const projectFiles = projectCache<string, { text: string | undefined; stamp: string; checkedAt: number }>();

/**
 * A project file that gives migrations their meaning (config/database.yml, a strong_migrations
 * initializer, Alembic's env.py), read inside the repository only; undefined when absent or refused.
 * A scan asks for the same files once per migration: they are read again only when they change.
 */
export function projectFileText(root: string, file: string): string | undefined {
  const key = `${root}\0${file}`;
  const cached = projectFiles.get(key);
  const now = Date.now();
  if (cached && now - cached.checkedAt < FRESH_MS) return cached.text;
  const stamp = stampOf(join(root, file));
  if (cached?.stamp === stamp) {
    cached.checkedAt = now;
    return cached.text;
  }
  const read = stamp === 'missing' ? undefined : readInsideRepository(root, file, MAX_PROJECT_FILE_BYTES);
  const text = read && 'text' in read ? read.text : undefined;
  if (projectFiles.size > 256) projectFiles.clear();
  projectFiles.set(key, { text, stamp, checkedAt: now });
  return text;
}

/** mtime, size and inode: a rewrite in place and a replacement both change it. */
export function stampOf(path: string): string {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? `${stat.mtimeMs}:${stat.size}:${stat.ino}` : 'missing';
}
