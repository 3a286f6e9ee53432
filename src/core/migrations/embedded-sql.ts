import type { DefaultKind, Located } from './operations';
import { operationsFromStatements } from './sql/extract';
import { parseSql } from './sql/parser';

/**
 * The operations of SQL written inside another language's string (Rails `execute`, Django
 * `RunSQL`, Alembic `op.execute`), placed at the string's position in the host file. SQL that
 * does not parse is skipped: it may be a template the host fills in at run time.
 */
export async function embeddedSqlOperations(sql: string, offsetInFile: number): Promise<Located[]> {
  const parsed = await parseSql(sql);
  return 'error' in parsed ? [] : operationsFromStatements(parsed.statements, sql, offsetInFile);
}

/**
 * Whether a default written as SQL in another language (Rails `default: -> { "now()" }`) is
 * computed once or per row, judged exactly as the same default in an ALTER TABLE would be.
 */
export async function sqlDefaultKind(expression: string): Promise<DefaultKind> {
  const [added] = await embeddedSqlOperations(`ALTER TABLE t ADD COLUMN c text DEFAULT (${expression})`, 0);
  return added?.op.kind === 'add-column' ? (added.op.default ?? 'volatile') : 'volatile';
}
