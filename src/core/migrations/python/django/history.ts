import { parseSyntax } from '../../../syntax/tree-sitter';
import { earlierChanges, type MigrationFolder } from '../../project/migration-history';
import { operationCalls } from './operation-calls';
import { applyChange, stateChangeOf, type AppState, type StateChange } from './state';

/** Django names migrations 0001_initial.py, 0002_...; other .py files in the folder are not migrations. */
const MIGRATION_NAME = /^\d{4}_[^/]*\.py$/;

/** Name order is the dependency order Django's makemigrations numbering gives. */
const DJANGO_MIGRATIONS: MigrationFolder<StateChange> = {
  isMigration: (name) => MIGRATION_NAME.test(name),
  runsBefore: (name, own) => name < own,
  compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  changesIn: stateChangesIn,
};

/**
 * The app's models as Django's migration state has them just before `path` runs: the state
 * changes of the earlier migrations of the same folder, replayed in name order. Undefined when
 * the folder cannot be read.
 */
export async function djangoStateBefore(root: string, path: string): Promise<AppState | undefined> {
  const history = await earlierChanges(root, path, DJANGO_MIGRATIONS);
  if (!history) return undefined;
  const state: AppState = new Map();
  for (const changes of history) for (const change of changes) applyChange(state, change);
  return state;
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
