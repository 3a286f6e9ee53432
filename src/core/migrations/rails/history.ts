import { readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { readInsideRepository, realPathInside } from '../../fs/inside-repository';
import { parseSyntax } from '../../syntax/tree-sitter';
import { applyColumnChanges, columnChangeOf, emptyColumnTypes, type ColumnChange, type ColumnTypes } from './column-types';
import { collect, schemaCalls, type DeployedCall } from './extract';

const MAX_MIGRATION_BYTES = 1024 * 1024;
/** `20240102030405_add_total.rb` (or Rails 2's `041_add_total.rb`): the version is the leading number. */
const MIGRATION_NAME = /^(\d+)_\w+\.rb$/;

const changesByFile = new Map<string, { stamp: string; changes: ColumnChange[] }>();

/**
 * The column types the earlier migrations of the folder leave, replayed in version order, so
 * change_column can be judged against the type the column has. Undefined when the folder
 * cannot be read. Each file is read again only when it changes on disk.
 */
export async function railsColumnTypesBefore(root: string, path: string): Promise<ColumnTypes | undefined> {
  const own = MIGRATION_NAME.exec(posix.basename(path))?.[1];
  const folder = posix.dirname(path);
  const real = own === undefined ? undefined : realPathInside(root, folder);
  if (own === undefined || !real) return undefined;
  let earlier: Array<{ name: string; version: number }>;
  try {
    earlier = readdirSync(real)
      .map((name) => ({ name, version: Number(MIGRATION_NAME.exec(name)?.[1] ?? NaN) }))
      .filter(({ version }) => version < Number(own))
      .sort((a, b) => a.version - b.version);
  } catch {
    return undefined;
  }
  const types = emptyColumnTypes();
  for (const { name } of earlier) {
    for (const change of await changesOf(root, posix.join(folder, name), join(real, name))) applyColumnChanges(types, change);
  }
  return types;
}

async function changesOf(root: string, path: string, real: string): Promise<ColumnChange[]> {
  const stat = statSync(real, { throwIfNoEntry: false });
  const stamp = stat ? `${stat.mtimeMs}:${stat.size}` : 'missing';
  const key = `${root}\0${path}`;
  const cached = changesByFile.get(key);
  if (cached?.stamp === stamp) return cached.changes;
  const read = readInsideRepository(root, path, MAX_MIGRATION_BYTES);
  const changes = 'text' in read ? await columnChangesIn(read.text) : [];
  if (changesByFile.size > 5000) changesByFile.clear();
  changesByFile.set(key, { stamp, changes });
  return changes;
}

async function columnChangesIn(text: string): Promise<ColumnChange[]> {
  const tree = await parseSyntax('ruby', text);
  try {
    const calls: DeployedCall[] = [];
    collect(tree.rootNode, calls, false);
    return calls.flatMap(({ call }) => schemaCalls(call, call.childForFieldName('method')?.text ?? '').map(columnChangeOf));
  } finally {
    tree.delete();
  }
}
