import { statementEnds } from '../migrations/sql/lexer';
import type { SqlStatement } from '../migrations/sql/parser';
import { parseSqlRecovering } from '../migrations/sql/recover';
import { forwardSql } from '../migrations/sql/sections';
import { LineIndex } from '../text/line-index';

type AstNode = Record<string, unknown>;

/** One statement of a migration as it will be sent to PostgreSQL, with where it is written. */
export interface MigrationStatement {
  /** Character offsets in the file: the first keyword, and just before the `;`. */
  start: number;
  end: number;
  /** 1-based lines of its first and last character. */
  line: number;
  endLine: number;
  sql: string;
  /** The parse tree, when Preflight's parser reads it (a newer PostgreSQL's syntax may not parse: it is still sent). */
  node?: AstNode;
  /** The parser's statement, for the static analysis of what the trace fills and compares. */
  parsed?: SqlStatement;
  /**
   * Of a framework migration: SQL written in it (`execute`, `RunSQL`, ...), or Preflight's rendering
   * of the SQL the framework generates for one of its operations.
   */
  source?: 'migration-sql' | 'framework-rendered';
  /** Why the trace does not run it, decided before it runs. */
  notRun?: string;
}

/**
 * The forward part of a SQL migration (goose's and dbmate's rollback sections left out), cut
 * into statements by the real PostgreSQL parser. A statement the parser rejects is still one
 * statement, cut at top-level semicolons, so PostgreSQL itself says what it thinks of it.
 */
export async function migrationStatements(text: string): Promise<MigrationStatement[]> {
  const forward = forwardSql(text);
  if (forward.trim() === '') return [];
  const lines = new LineIndex(forward);
  const parsed = await parseSqlRecovering(forward);
  const spans: Array<{ start: number; end: number; node?: AstNode; parsed?: SqlStatement }> = parsed.statements.map((s) => ({
    ...s,
    parsed: s,
  }));
  const ends = statementEnds(forward, 0, forward.length);
  for (const error of parsed.errors) {
    const from = ends.filter((end) => end <= error.offset).pop() ?? 0;
    const to = ends.find((end) => end > error.offset);
    spans.push({ start: skipTrivia(forward, from), end: to === undefined ? forward.length : to - 1 });
  }
  return spans
    .map(({ start, end, node, parsed: statement }) => {
      const trimmedEnd = start + forward.slice(start, end).trimEnd().length;
      return {
        start,
        end: trimmedEnd,
        line: lines.positionAt(start).line,
        endLine: lines.positionAt(Math.max(start, trimmedEnd - 1)).line,
        sql: forward.slice(start, trimmedEnd),
        node,
        parsed: statement,
      };
    })
    .filter((s) => s.sql !== '')
    .sort((a, b) => a.start - b.start);
}

/** The statement's kind as the parser names it (`IndexStmt`, `AlterTableStmt`), if it parsed. */
export function statementKind(statement: MigrationStatement): string | undefined {
  return statement.node ? Object.keys(statement.node)[0] : undefined;
}

/** BEGIN/START TRANSACTION opens a transaction block; COMMIT, END, ROLLBACK (not TO a savepoint) and PREPARE TRANSACTION close it. */
export function transactionEffect(statement: MigrationStatement): 'begin' | 'end' | undefined {
  const node = statement.node?.TransactionStmt as AstNode | undefined;
  if (!node) return undefined;
  const kind = String(node.kind);
  if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') return 'begin';
  if (['TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK', 'TRANS_STMT_PREPARE', 'TRANS_STMT_COMMIT_PREPARED'].includes(kind)) return 'end';
  return undefined;
}

function skipTrivia(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    if (/\s/.test(text[i])) i++;
    else if (text.startsWith('--', i)) i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i) + 1;
    else if (text.startsWith('/*', i)) i = text.indexOf('*/', i + 2) < 0 ? text.length : text.indexOf('*/', i + 2) + 2;
    else break;
  }
  return i;
}
