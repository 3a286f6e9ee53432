import assert from 'node:assert/strict';
import { isSpace, trimEnd } from '../../../../src/core/migrations/sql/lexer';

describe('SQL lexer', () => {
  it('isSpace answers as /\\s/ does, for every UTF-16 code unit', () => {
    const differing: number[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const char = String.fromCharCode(code);
      if (isSpace(char) !== /\s/.test(char)) differing.push(code);
    }
    assert.deepEqual(differing, []);
  });

  it('trimEnd moves back over whitespace and comments, never into a string or quoted name', () => {
    const sql = "ALTER TABLE t ADD c text DEFAULT ' -- x ' /* note */ -- end\n\u00a0\t";
    assert.equal(trimEnd(sql, 0, sql.length), sql.indexOf(' /* note'));
    assert.equal(trimEnd('SELECT "a--b"  ', 0, 15), 13);
    assert.equal(trimEnd('   ', 0, 3), 0);
  });
});
