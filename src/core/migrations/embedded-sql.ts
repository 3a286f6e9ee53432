import { AsyncLocalStorage } from 'node:async_hooks';
import type { DefaultKind, Located } from './operations';
import { operationsFromStatements } from './sql/extract';
import { parseSql } from './sql/parser';

/**
 * The operations of SQL written inside another language's string (Rails `execute`, Django
 * `RunSQL`, Alembic `op.execute`), placed at the string's position in the host file. SQL that
 * does not parse is skipped: it may be a template the host fills in at run time.
 */
export async function embeddedSqlOperations(sql: string, offsetInFile: number): Promise<Located[]> {
  reading.getStore()?.push({ sql, offset: offsetInFile });
  const parsed = await parseSql(sql);
  return 'error' in parsed ? [] : operationsFromStatements(parsed.statements, sql, offsetInFile);
}

/**
 * Whether a default written as SQL in another language (Rails `default: -> { "now()" }`) is
 * computed once or per row, judged exactly as the same default in an ALTER TABLE would be.
 */
export async function sqlDefaultKind(expression: string): Promise<DefaultKind> {
  // a probe of Preflight's own, not SQL the migration runs
  const [added] = await reading.exit(() => embeddedSqlOperations(`ALTER TABLE t ADD COLUMN c text DEFAULT (${expression})`, 0));
  return added?.op.kind === 'add-column' ? (added.op.default ?? 'volatile') : 'volatile';
}

/** A SQL string an extractor read from a framework migration, and the offset of its first character in the file. */
export interface EmbeddedSql {
  sql: string;
  offset: number;
}

const reading = new AsyncLocalStorage<EmbeddedSql[]>();

/**
 * Runs an extractor and lists every SQL string it read as SQL, in the order it read them: the
 * exact SQL the framework sends, for the trace to run (only this extraction's, whatever else runs).
 */
export async function recordingEmbeddedSql<T>(extract: () => Promise<T>): Promise<{ result: T; strings: EmbeddedSql[] }> {
  const strings: EmbeddedSql[] = [];
  const result = await reading.run(strings, extract);
  return { result, strings };
}
