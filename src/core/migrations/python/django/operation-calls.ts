import type { Node } from 'web-tree-sitter';
import { argumentsOf, calleeName } from '../syntax';

/** A call in a migration, and whether it touches the database, Django's model state, or both. */
export interface OperationCall {
  call: Node;
  runsSql: boolean;
  changesState: boolean;
}

/**
 * Every call in source order. `SeparateDatabaseAndState` splits its operations:
 * `database_operations` run SQL without changing the state, `state_operations` change the
 * state without running SQL; `RunSQL(state_operations=...)` likewise.
 */
export function operationCalls(root: Node): OperationCall[] {
  const calls: OperationCall[] = [];
  walk(root, true, true, calls);
  return calls;
}

function walk(node: Node, runsSql: boolean, changesState: boolean, calls: OperationCall[]): void {
  if (node.type === 'call') {
    calls.push({ call: node, runsSql, changesState });
    const name = calleeName(node);
    if (name === 'SeparateDatabaseAndState' || name === 'RunSQL' || name === 'RunPython')
      return splitArguments(node, name, runsSql, changesState, calls);
  }
  for (const child of node.namedChildren) if (child) walk(child, runsSql, changesState, calls);
}

function splitArguments(call: Node, name: string, runsSql: boolean, changesState: boolean, calls: OperationCall[]): void {
  const args = argumentsOf(call);
  const database = args.keywords.get('database_operations') ?? (name === 'SeparateDatabaseAndState' ? args.positional[0] : undefined);
  const state = args.keywords.get('state_operations') ?? (name === 'SeparateDatabaseAndState' ? args.positional[1] : undefined);
  if (database) walk(database, runsSql, false, calls);
  if (state) walk(state, false, changesState, calls);
}
