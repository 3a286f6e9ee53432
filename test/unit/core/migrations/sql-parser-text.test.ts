import assert from 'node:assert/strict';
import { parseSql } from '../../../../src/core/migrations/sql/parser';

/** The text goes into the parser's memory as UTF-8 and its tree comes back as UTF-8 JSON. */
describe('the PostgreSQL parser reads and returns text exactly', () => {
  it('keeps non-ASCII names and strings, and places statements after them by character', async () => {
    const sql = `-- café ☕ 😀\nCREATE TABLE "naïve_日本" (note text DEFAULT 'ünï 😀');\nDROP TABLE t;`;
    const parsed = await parseSql(sql);
    assert.ok('statements' in parsed, JSON.stringify(parsed));
    const tree = JSON.stringify(parsed.statements[0].node);
    assert.ok(tree.includes('"relname":"naïve_日本"'), tree);
    assert.ok(tree.includes('"sval":"ünï 😀"'), tree);
    assert.deepEqual(
      parsed.statements.map((s) => sql.slice(s.start, s.end)),
      [`CREATE TABLE "naïve_日本" (note text DEFAULT 'ünï 😀')`, 'DROP TABLE t'],
    );
  });

  it('reports a syntax error after non-ASCII text at its character offset', async () => {
    const sql = "SELECT 'ü😀' FROMM t;";
    const parsed = await parseSql(sql);
    assert.ok('error' in parsed);
    assert.equal(sql.slice(parsed.error.offset, parsed.error.offset + 1), 't');
  });
});
