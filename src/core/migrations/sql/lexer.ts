/**
 * A light lexer over PostgreSQL text, for what the parser does not say: where each action of an
 * ALTER TABLE is, and where statements end around a syntax error.
 */

/**
 * Where each action of a multi-action ALTER TABLE is written (`ALTER TABLE orders ADD COLUMN a
 * int, ALTER COLUMN b SET NOT NULL`), so that each finding points at its own action as squawk's
 * do, and the editor does not stack them on one line. The parser gives no position for an
 * action, so the statement is split at its top-level commas, outside strings, quoted names,
 * comments and parentheses.
 */
export function actionSpans(sql: string, start: number, end: number): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  let depth = 0;
  let from = start;
  for (let i = start; i < end; i++) {
    const skipped = skipQuotedOrComment(sql, i, end);
    if (skipped !== i) {
      i = skipped - 1;
      continue;
    }
    const char = sql[i];
    if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === ',' && depth === 0) {
      spans.push({ start: from, end: i });
      from = nextToken(sql, i + 1, end);
    }
  }
  spans.push({ start: from, end });
  return spans;
}

/** Offsets just after each top-level `;` between `start` and `end` (outside strings, quoted names, comments and dollar-quoted bodies). */
export function statementEnds(sql: string, start: number, end: number): number[] {
  const ends: number[] = [];
  for (let i = start; i < end; i++) {
    const skipped = skipQuotedOrComment(sql, i, end);
    if (skipped !== i) i = skipped - 1;
    else if (sql[i] === ';') ends.push(i + 1);
  }
  return ends;
}

/** The index after a string, quoted name, dollar-quoted body or comment starting at `i`, else `i`. */
function skipQuotedOrComment(sql: string, i: number, end: number): number {
  const char = sql[i];
  if (char === "'" || char === '"') {
    let j = i + 1;
    while (j < end && !(sql[j] === char && sql[j + 1] !== char)) j += sql[j] === char ? 2 : 1;
    return j + 1;
  }
  if (char === '-' && sql[i + 1] === '-') {
    const newline = sql.indexOf('\n', i);
    return newline < 0 || newline > end ? end : newline;
  }
  if (char === '/' && sql[i + 1] === '*') {
    const close = sql.indexOf('*/', i + 2);
    return close < 0 ? end : close + 2;
  }
  if (char === '$') {
    const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i, i + 64))?.[0];
    if (tag) {
      const close = sql.indexOf(tag, i + tag.length);
      return close < 0 ? end : close + tag.length;
    }
  }
  return i;
}

function nextToken(sql: string, i: number, end: number): number {
  let j = i;
  for (;;) {
    while (j < end && isSpace(sql[j])) j++;
    const skipped = sql.startsWith('--', j) || sql.startsWith('/*', j) ? skipQuotedOrComment(sql, j, end) : j;
    if (skipped === j) return j;
    j = skipped;
  }
}

/** Where the list element starting at `start` ends: the first top-level `,` or unmatched `)` (or `end`). */
export function elementEnd(sql: string, start: number, end: number): number {
  let depth = 0;
  for (let i = start; i < end; i++) {
    const skipped = skipQuotedOrComment(sql, i, end);
    if (skipped !== i) {
      i = skipped - 1;
      continue;
    }
    const char = sql[i];
    if (char === '(' || char === '[') depth++;
    else if ((char === ')' || char === ']') && depth-- === 0) return i;
    else if (char === ',' && depth === 0) return i;
  }
  return end;
}

/** `end` moved back over whitespace and comments. */
export function trimEnd(sql: string, start: number, end: number): number {
  let last = start;
  for (let i = start; i < end; i++) {
    const skipped = skipQuotedOrComment(sql, i, end);
    if (skipped !== i) {
      if (!sql.startsWith('--', i) && !sql.startsWith('/*', i)) last = skipped;
      i = skipped - 1;
    } else if (!isSpace(sql[i])) last = i + 1;
  }
  return last;
}

const SPACE = /\s/;

/** JavaScript's `\s` for one character, ASCII answered without a regex: the lexer asks it of every character of a statement. */
export function isSpace(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x80 ? code === 0x20 || (code >= 0x09 && code <= 0x0d) : SPACE.test(char);
}

/** An identifier as PostgreSQL reads it: its name and where it is written. */
export interface IdentifierToken {
  name: string;
  start: number;
  end: number;
}

/** The identifiers (quoted or not) between `start` and `end`, outside strings, comments and dollar-quoted bodies. */
export function identifiers(sql: string, start: number, end: number): IdentifierToken[] {
  const found: IdentifierToken[] = [];
  for (let i = start; i < end; i++) {
    const char = sql[i];
    if (char === '"') {
      const close = skipQuotedOrComment(sql, i, end);
      found.push({ name: sql.slice(i + 1, close - 1).replace(/""/g, '"'), start: i, end: close });
      i = close - 1;
      continue;
    }
    const skipped = skipQuotedOrComment(sql, i, end);
    if (skipped !== i) {
      i = skipped - 1;
      continue;
    }
    const word = WORD.exec(sql.slice(i, Math.min(end, i + 4096)));
    if (!word) continue;
    const isNumber = /^[0-9]/.test(word[0]);
    if (!isNumber && sql[i + word[0].length] !== "'" && sql[i - 1] !== '$' && sql[i - 1] !== ':') {
      found.push({ name: word[0].toLowerCase(), start: i, end: i + word[0].length });
    }
    i += word[0].length - 1;
  }
  return found;
}

const WORD = /^[\p{L}_0-9][\p{L}\p{N}_$]*/u;
