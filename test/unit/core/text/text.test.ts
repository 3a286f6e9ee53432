import assert from 'node:assert/strict';
import { LineIndex } from '../../../../src/core/text/line-index';
import { closestMatch, editDistance } from '../../../../src/core/text/did-you-mean';
import { commentSyntaxFor, lineComment } from '../../../../src/core/text/comment-syntax';

describe('LineIndex', () => {
  const index = new LineIndex('ab\ncd\r\n\nef');
  it('maps offsets to 1-based positions and back', () => {
    assert.deepEqual(index.positionAt(0), { line: 1, column: 1 });
    assert.deepEqual(index.positionAt(3), { line: 2, column: 1 });
    assert.deepEqual(index.positionAt(9), { line: 4, column: 2 });
    assert.equal(index.offsetAt({ line: 4, column: 2 }), 9);
  });
  it('returns line text without the line break', () => {
    assert.equal(index.lineCount, 4);
    assert.equal(index.lineText(2), 'cd');
    assert.equal(index.lineText(3), '');
    assert.equal(index.lineText(9), '');
  });
});

describe('did you mean', () => {
  it('counts a transposition as one edit', () => assert.equal(editDistance('rlues', 'rules'), 1));
  it('suggests close candidates only', () => {
    assert.equal(closestMatch('blockon', ['blockOn', 'commands']), 'blockOn');
    assert.equal(closestMatch('zzzz', ['blockOn', 'commands']), undefined);
  });
});

describe('comment syntax', () => {
  it('knows the comment of common files', () => {
    assert.equal(lineComment('db/migrate/1_add.rb', 'x'), '# x');
    assert.equal(lineComment('V1__init.sql', 'x'), '-- x');
    assert.equal(lineComment('src/a.ts', 'x'), '// x');
    assert.equal(lineComment('README.md', 'x'), '<!-- x -->');
    assert.deepEqual(commentSyntaxFor('Gemfile').line, ['#']);
  });
});
