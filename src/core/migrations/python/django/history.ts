import { readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parseSyntax } from '../../../syntax/tree-sitter';
import { readInsideRepository, realPathInside } from '../../../fs/inside-repository';
import { operationCalls } from './operation-calls';
import { applyChange, stateChangeOf, type AppState, type StateChange } from './state';

const MAX_MIGRATION_BYTES = 1024 * 1024;
/** Django names migrations 0001_initial.py, 0002_...; other .py files in the folder are not migrations. */
const MIGRATION_NAME = /^\d{4}_[^/]*\.py$/;

const changesByFile = new Map<string, { stamp: string; changes: StateChange[] }>();

/**
 * The app's models as Django's migration state has them just before `path` runs: the state
 * changes of the earlier migrations of the same folder, replayed in name order (which is the
 * dependency order Django's makemigrations numbering gives). Undefined when the folder cannot
 * be read. Each file's changes are kept until it changes on disk, so a scan reads each once.
 */
export async function djangoStateBefore(root: string, path: string): Promise<AppState | undefined> {
  const folder = posix.dirname(path);
  const real = realPathInside(root, folder);
  if (!real) return undefined;
  let names: string[];
  try {
    names = readdirSync(real).filter((name) => MIGRATION_NAME.test(name));
  } catch {
    return undefined;
  }
  const state: AppState = new Map();
  const own = posix.basename(path);
  for (const name of names.sort()) {
    if (name >= own) break;
    for (const change of await changesOf(root, posix.join(folder, name), join(real, name))) applyChange(state, change);
  }
  return state;
}

async function changesOf(root: string, path: string, real: string): Promise<StateChange[]> {
  const stat = statSync(real, { throwIfNoEntry: false });
  const stamp = stat ? `${stat.mtimeMs}:${stat.size}` : 'missing';
  const cached = changesByFile.get(path + '\0' + root);
  if (cached?.stamp === stamp) return cached.changes;
  const read = readInsideRepository(root, path, MAX_MIGRATION_BYTES);
  const changes = 'text' in read ? await stateChangesIn(read.text) : [];
  if (changesByFile.size > 5000) changesByFile.clear();
  changesByFile.set(path + '\0' + root, { stamp, changes });
  return changes;
}

async function stateChangesIn(text: string): Promise<StateChange[]> {
  const tree = await parseSyntax('python', text);
  try {
    return operationCalls(tree.rootNode).flatMap(({ call, changesState }) => {
      const change = changesState ? stateChangeOf(call) : undefined;
      return change ? [change] : [];
    });
  } finally {
    tree.delete();
  }
}
