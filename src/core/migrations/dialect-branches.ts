import type { Node } from 'web-tree-sitter';

/** Words that name a database in a branch's condition (`if url.startswith("mysql")`, `case 'sqlite3':`). */
const POSTGRES = /postgres|\bpg\b|psycopg/i;
const OTHER = /mysql|mariadb|sqlite|mssql|sqlserver|oracle/i;

/**
 * Whether a call sits in a branch that runs only on another database: the body of an `if`/`elif`
 * (or a JS `case`) whose condition names only another database, or the `else` of a condition
 * that names PostgreSQL. Migrations that support several databases keep each one's DDL apart so;
 * PostgreSQL advice on the MySQL branch is wrong advice.
 */
export function inOtherDatabaseBranch(call: Node): boolean {
  for (let child: Node = call, parent = call.parent; parent; child = parent, parent = parent.parent) {
    const condition = branchCondition(parent, child);
    if (condition === 'other') return true;
    if (condition === 'postgres') return false;
  }
  return false;
}

type Branch = 'postgres' | 'other' | undefined;

function branchCondition(parent: Node, child: Node): Branch {
  switch (parent.type) {
    case 'if_statement':
      return ifBranch(parent, child);
    case 'elif_clause':
      return child.type === 'block' ? named(parent.childForFieldName('condition')?.text) : undefined;
    case 'switch_case':
      return child.id === parent.childForFieldName('value')?.id ? undefined : named(parent.childForFieldName('value')?.text);
    default:
      return undefined;
  }
}

/** The consequence follows the condition; an else (Python `else_clause`, JS `else_clause`) follows its negation. */
function ifBranch(statement: Node, child: Node): Branch {
  const condition = statement.childForFieldName('condition')?.text;
  if (child.id === statement.childForFieldName('consequence')?.id) return named(condition);
  const alternatives = statement.childrenForFieldName('alternative').filter((node): node is Node => node !== null);
  const isElse = child.type === 'else_clause' || (child.id === alternatives[alternatives.length - 1]?.id && child.type !== 'elif_clause');
  if (!isElse) return undefined;
  const earlier = [
    condition,
    ...alternatives.filter((node) => node.type === 'elif_clause').map((node) => node.childForFieldName('condition')?.text),
  ];
  return earlier.some((text) => named(text) === 'postgres') ? 'other' : undefined;
}

/** A condition naming PostgreSQL may run there; one naming only another database does not; `!=`/`not` inverts. */
function named(condition: string | undefined): Branch {
  if (!condition) return undefined;
  const negated = /!=|\bnot\b|^\s*!|\bis\s+False\b|==\s*False\b|===\s*false\b/.test(condition);
  const kind: Branch = POSTGRES.test(condition) ? 'postgres' : OTHER.test(condition) ? 'other' : undefined;
  if (!negated || kind === undefined) return kind;
  return kind === 'postgres' ? 'other' : 'postgres';
}
