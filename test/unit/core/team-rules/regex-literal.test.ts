import assert from 'node:assert/strict';
import { RE2JS } from 're2js';
import { literalMatches, literalMatchesAfterEdit, literalOf } from '../../../../src/core/team-rules/regex-literal';
import { editBetween } from '../../../../src/core/text/edit-between';
import { mulberry32 } from '../../../../bench/corpus';

/** Every match of the regex by RE2, as [start, end] pairs. */
function re2Matches(source: string, flags: string, text: string): Array<[number, number]> {
  const matcher = RE2JS.compile(source, flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0).matcher(text);
  const found: Array<[number, number]> = [];
  while (matcher.find()) found.push([matcher.start(), matcher.end()]);
  return found;
}

describe('team rules: literal regexes', () => {
  it('recognises literal text with escapes and \\b at the ends, and nothing else', () => {
    assert.deepEqual(literalOf('console\\.log\\(', ''), {
      text: 'console.log(',
      wordBoundaryBefore: false,
      wordBoundaryAfter: false,
      ignoreCase: false,
    });
    assert.deepEqual(literalOf('\\bTODO\\b', 'i'), { text: 'todo', wordBoundaryBefore: true, wordBoundaryAfter: true, ignoreCase: true });
    for (const source of ['a|b', 'colou?r', '\\d+', '^x', 'x$', '[ab]', 'a\\sb', 'a.b', '\\bé\\b'])
      assert.equal(literalOf(source, source === '\\bé\\b' ? 'i' : ''), undefined, source);
  });

  it('finds exactly what RE2 finds', () => {
    const text = 'TODO: todo_x xtodo Todo(todo) console.log(1);console.log(2) _TODO TODO9 é-todo-é\n\ttodo';
    for (const [source, flags] of [
      ['\\btodo\\b', 'i'],
      ['todo', ''],
      ['todo', 'i'],
      ['console\\.log\\(', ''],
      ['\\bTODO', ''],
      ['TODO\\b', ''],
      ['o', ''],
    ]) {
      const literal = literalOf(source, flags)!;
      assert.ok(literal, source);
      assert.deepEqual([...literalMatches(literal, text)], re2Matches(source, flags, text), `${source} /${flags}`);
    }
  });

  it('after any sequence of edits, finds around the edit what RE2 finds in the whole text; a literal that overlaps itself is left to a full search', () => {
    const random = mulberry32(5);
    const pieces = ['api', 'API', 'x', 'xy', ' ', '_', 'a', 'p', 'i', '.', 'ab', 'é'];
    for (const [source, flags] of [
      ['\\bapi\\b', ''],
      ['api', 'i'],
      ['xy', ''],
      ['ab\\b', 'i'],
    ]) {
      const literal = literalOf(source, flags)!;
      let text = 'api xy ab api_';
      let occurrences = [...literalMatches(literal, text)];
      for (let step = 0; step < 2_000; step++) {
        const at = Math.floor(random() * (text.length + 1));
        const removed = random() < 0.4 ? Math.floor(random() * 4) : 0;
        const next = text.slice(0, at) + (random() < 0.8 ? pieces[Math.floor(random() * pieces.length)] : '') + text.slice(at + removed);
        occurrences = literalMatchesAfterEdit(literal, occurrences, next, editBetween(text, next))!;
        text = next;
        assert.deepEqual(occurrences, re2Matches(source, flags, text), `${source} step ${step}: ${JSON.stringify(text)}`);
      }
    }
    const overlapping = literalOf('xx', '')!;
    assert.equal(literalMatchesAfterEdit(overlapping, [[0, 2]], 'xxxx', { start: 0, oldEnd: 0, newEnd: 1 }), undefined);
  });
});
