import { statementEnds } from './lexer';
import { parseSql, type SqlStatement } from './parser';

export interface SqlError {
  message: string;
  offset: number;
}

/** At most this many syntax errors are reported (and re-parses tried) per file. */
const MAX_ERRORS = 20;

/**
 * Parses a migration that may hold statements our parser rejects but the runner accepts (a
 * goose StatementBegin block, a newer PostgreSQL's syntax): each error is reported, and the
 * statements before and after it are still parsed and analysed. The text is cut only at
 * top-level semicolons, so a string or function body is never split.
 */
export async function parseSqlRecovering(text: string): Promise<{ statements: SqlStatement[]; errors: SqlError[] }> {
  const whole = await parseSql(text);
  if (!('error' in whole)) return { statements: whole.statements, errors: [] };
  const statements: SqlStatement[] = [];
  const errors: SqlError[] = [];
  const ends = statementEnds(text, 0, text.length);
  let from = 0;
  let parsed: Awaited<ReturnType<typeof parseSql>> = whole;
  while (from < text.length && errors.length < MAX_ERRORS) {
    if (from > 0) parsed = await parseSql(text.slice(from));
    if (!('error' in parsed)) {
      statements.push(...shifted(parsed.statements, from));
      break;
    }
    const errorAt = from + parsed.error.offset;
    errors.push({ message: parsed.error.message, offset: errorAt });
    const before = ends.filter((end) => end > from && end <= errorAt).pop();
    if (before !== undefined) statements.push(...(await statementsIn(text, from, before)));
    const after = ends.find((end) => end > errorAt);
    if (after === undefined) break;
    from = after;
  }
  return { statements, errors };
}

async function statementsIn(text: string, from: number, to: number): Promise<SqlStatement[]> {
  const parsed = await parseSql(text.slice(from, to));
  return 'error' in parsed ? [] : shifted(parsed.statements, from);
}

function shifted(statements: readonly SqlStatement[], by: number): SqlStatement[] {
  return statements.map((statement) => ({
    ...statement,
    start: statement.start + by,
    end: statement.end + by,
    locate: (location: number) => statement.locate(location) + by,
  }));
}
