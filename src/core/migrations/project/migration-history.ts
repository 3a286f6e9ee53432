import { readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { readInsideRepository, realPathInside } from '../../fs/inside-repository';
import { FRESH_MS, projectCache } from './freshness';
import { stampOf } from './project-files';

const MAX_MIGRATION_BYTES = 1024 * 1024;

/** How one framework names its migrations and reads what each changes. */
export interface MigrationFolder<Change> {
  /** A migration's file name; other files in the folder are not migrations. */
  isMigration(name: string): boolean;
  /** Whether `name` runs before `own`. */
  runsBefore(name: string, own: string): boolean;
  /** Their order: `0002_x.py` after `0001_y.py`, version 20240102 after 20231231. */
  compare(a: string, b: string): number;
  changesIn(text: string): Promise<Change[]>;
}

interface Snapshot {
  checkedAt: number;
  names: string[];
  real: string;
}

const folders = projectCache<string, Snapshot>();
const files = projectCache<string, { stamp: string; checkedAt: number; changes: unknown[] }>();

/**
 * What each earlier migration of the folder changes, in the order they run: the history a
 * migration is judged against. Undefined when the folder cannot be read. A scan asks once per
 * migration; the folder listing and each file's changes are kept (see FRESH_MS).
 */
export async function earlierChanges<Change>(root: string, path: string, folder: MigrationFolder<Change>): Promise<Change[][] | undefined> {
  const snapshot = folderSnapshot(root, posix.dirname(path), folder);
  if (!snapshot) return undefined;
  const own = posix.basename(path);
  const earlier = snapshot.names.filter((name) => folder.runsBefore(name, own));
  const changes: Change[][] = [];
  for (const name of earlier) changes.push(await changesOf(root, posix.join(posix.dirname(path), name), join(snapshot.real, name), folder));
  return changes;
}

function folderSnapshot<Change>(root: string, dir: string, folder: MigrationFolder<Change>): Snapshot | undefined {
  const key = `${root}\0${dir}`;
  const cached = folders.get(key);
  const now = Date.now();
  if (cached && now - cached.checkedAt < FRESH_MS) return cached;
  const real = realPathInside(root, dir);
  if (!real) return undefined;
  try {
    const names = readdirSync(real)
      .filter((name) => folder.isMigration(name))
      .sort(folder.compare);
    const snapshot = { checkedAt: now, names, real };
    if (folders.size > 256) folders.clear();
    folders.set(key, snapshot);
    return snapshot;
  } catch {
    return undefined;
  }
}

async function changesOf<Change>(root: string, path: string, real: string, folder: MigrationFolder<Change>): Promise<Change[]> {
  const key = `${root}\0${path}`;
  const cached = files.get(key);
  const now = Date.now();
  if (cached && now - cached.checkedAt < FRESH_MS) return cached.changes as Change[];
  const stamp = stampOf(real);
  if (cached?.stamp === stamp) {
    cached.checkedAt = now;
    return cached.changes as Change[];
  }
  const read = readInsideRepository(root, path, MAX_MIGRATION_BYTES);
  const changes = 'text' in read ? await folder.changesIn(read.text) : [];
  if (files.size > 10000) files.clear();
  files.set(key, { stamp, checkedAt: now, changes });
  return changes;
}
