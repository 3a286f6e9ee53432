import type { Node } from 'web-tree-sitter';
import type { MigrationFormat } from '../../config/types';
import { parseSyntax } from '../../syntax/tree-sitter';
import type { Located } from '../operations';
import { inOtherDatabaseBranch } from '../dialect-branches';
import type { PreviousDefinitions } from './column-definitions';
import { knexOperations, knexPreviousDefinitions } from './knex';
import { sequelizeOperations, sequelizePreviousDefinitions } from './sequelize';
import { callsInsideDown, callsOutsideDown, isFalseLiteral, objectProperties } from './syntax';
import { typeormOperations } from './typeorm';

export type JsFramework = Extract<MigrationFormat, 'knex' | 'typeorm' | 'sequelize'>;

export interface JsMigration {
  framework: JsFramework | undefined;
  ops: Located[];
  transactional: boolean;
}

const READERS: Record<JsFramework, (call: Node, previous: PreviousDefinitions) => Promise<Located[]>> = {
  knex: knexOperations,
  typeorm: typeormOperations,
  sequelize: sequelizeOperations,
};

/** A rollback that changes a column back states what the column was: TypeORM's TableColumn objects are not read yet. */
const ROLLBACK_READERS: Record<JsFramework, (downCalls: readonly Node[]) => PreviousDefinitions> = {
  knex: knexPreviousDefinitions,
  typeorm: () => new Map(),
  sequelize: sequelizePreviousDefinitions,
};

/** Which framework wrote a JS/TS migration: they share folder conventions, so the content decides. */
export function detectJsFramework(text: string): JsFramework | undefined {
  if (/\bqueryRunner\b|MigrationInterface/.test(text)) return 'typeorm';
  if (/\bqueryInterface\b/.test(text)) return 'sequelize';
  if (/\bknex\b|\.schema\.(alterTable|createTable|table)\b/.test(text)) return 'knex';
  return undefined;
}

/** A Knex, TypeORM or Sequelize migration read as a TypeScript syntax tree (JS parses as TS). */
export async function extractJsMigration(text: string, forced?: JsFramework): Promise<JsMigration> {
  const framework = forced ?? detectJsFramework(text);
  if (!framework) return { framework, ops: [], transactional: false };
  const tree = await parseSyntax('typescript', text);
  try {
    const ops: Located[] = [];
    const previous = ROLLBACK_READERS[framework](callsInsideDown(tree.rootNode));
    for (const call of callsOutsideDown(tree.rootNode))
      if (!inOtherDatabaseBranch(call)) ops.push(...(await READERS[framework](call, previous)));
    return { framework, ops, transactional: runsInTransaction(framework, tree.rootNode, text) };
  } finally {
    tree.delete();
  }
}

/**
 * Knex and TypeORM wrap each migration in a transaction unless it opts out (`config = {
 * transaction: false }`, `transaction = false`); Sequelize does not, unless the migration
 * opens one itself.
 */
function runsInTransaction(framework: JsFramework, root: Node, text: string): boolean {
  if (framework === 'sequelize') return /sequelize\.transaction\s*\(/.test(text);
  if (framework === 'typeorm')
    return !root
      .descendantsOfType('public_field_definition')
      .some((f) => f?.childForFieldName('name')?.text === 'transaction' && isFalseLiteral(f.childForFieldName('value')));
  const configs = [...root.descendantsOfType('assignment_expression'), ...root.descendantsOfType('variable_declarator')].filter((n) =>
    /(^|\.)config$/.test((n?.childForFieldName('left') ?? n?.childForFieldName('name'))?.text ?? ''),
  );
  return !configs.some((n) =>
    isFalseLiteral(objectProperties(n?.childForFieldName('right') ?? n?.childForFieldName('value')).get('transaction')),
  );
}
