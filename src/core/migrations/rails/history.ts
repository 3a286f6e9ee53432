import { posix } from 'node:path';
import { parseSyntax } from '../../syntax/tree-sitter';
import { earlierChanges, type MigrationFolder } from '../project/migration-history';
import { applyColumnChanges, columnChangeOf, emptyColumnTypes, type ColumnChange, type ColumnTypes } from './column-types';
import { collect, schemaCalls, type DeployedCall } from './extract';

/** `20240102030405_add_total.rb` (or Rails 2's `041_add_total.rb`): the version is the leading number. */
const MIGRATION_NAME = /^(\d+)_\w+\.rb$/;
const versionOf = (name: string) => Number(MIGRATION_NAME.exec(name)?.[1] ?? NaN);

const RAILS_MIGRATIONS: MigrationFolder<ColumnChange> = {
  isMigration: (name) => MIGRATION_NAME.test(name),
  runsBefore: (name, own) => versionOf(name) < versionOf(own),
  compare: (a, b) => versionOf(a) - versionOf(b),
  changesIn: columnChangesIn,
};

/**
 * The column types (and NOT NULL checks) the earlier migrations of the folder leave, replayed in
 * version order, so change_column can be judged against the type the column has. Undefined when
 * the folder cannot be read or the file is not named like a migration.
 */
export async function railsColumnTypesBefore(root: string, path: string): Promise<ColumnTypes | undefined> {
  if (!MIGRATION_NAME.test(posix.basename(path))) return undefined;
  const history = await earlierChanges(root, path, RAILS_MIGRATIONS);
  if (!history) return undefined;
  const types = emptyColumnTypes();
  for (const changes of history) for (const change of changes) applyColumnChanges(types, change);
  return types;
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
