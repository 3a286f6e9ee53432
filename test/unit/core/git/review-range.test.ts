import assert from 'node:assert/strict';
import { parseChangedLines } from '../../../../src/core/git/review-range';

describe('parseChangedLines (git diff -U0)', () => {
  it('reads the added or changed line ranges of head, by file; pure deletions add none', () => {
    const diff = [
      'diff --git a/src/a.ts b/src/a.ts',
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -3 +3 @@ x',
      '@@ -10,0 +11,4 @@',
      '@@ -20,2 +24,0 @@',
      'diff --git a/gone.ts b/gone.ts',
      '--- a/gone.ts',
      '+++ /dev/null',
      '@@ -1,2 +0,0 @@',
    ].join('\n');
    assert.deepEqual(parseChangedLines(diff), {
      'src/a.ts': [
        [3, 3],
        [11, 14],
      ],
    });
  });

  it('reads names with a space (git adds a tab), and quoted names with newlines, quotes and UTF-8 bytes', () => {
    const diff = ['+++ b/db/001 a,b:c.sql\t', '@@ -0,0 +1 @@', '+++ "b/odd\\nname \\"q\\" \\303\\251\\t.sql"', '@@ -0,0 +1,2 @@'].join(
      '\n',
    );
    assert.deepEqual(parseChangedLines(diff), { 'db/001 a,b:c.sql': [[1, 1]], 'odd\nname "q" é\t.sql': [[1, 2]] });
  });
});
