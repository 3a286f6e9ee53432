import assert from 'node:assert/strict';
import { FileWords, fileWords } from '../../../../src/core/team-rules/file-words';
import { mulberry32 } from '../../../../bench/corpus';

/** Every start of `word` in `text`, overlapping ones included: what the rules' word search must find. */
function plainOccurrences(text: string, word: string): number[] {
  const at: number[] = [];
  for (let i = 0; i + word.length <= text.length; i++) if (text.startsWith(word, i)) at.push(i);
  return at;
}

describe('the words of a file', () => {
  it('finds every occurrence, overlapping ones too, and says which words are absent', () => {
    const words = new FileWords('aaaa db.get(target)');
    assert.deepEqual(words.occurrences('aa'), [0, 1, 2]);
    assert.deepEqual(words.occurrences('get'), [8, 15]);
    assert.equal(words.has('target'), true);
    assert.equal(words.has('query'), false);
    assert.deepEqual(words.occurrences('query'), []);
    assert.equal(words.hasAll(['db', 'get']), true);
    assert.equal(words.hasAll(['db', 'query']), false);
    assert.equal(words.hasAll([]), true);
  });

  it('answers as a plain search does on 300 random texts, whichever it is asked first', () => {
    const random = mulberry32(20);
    const alphabet = 'ab.gte ';
    const pick = (length: number) => Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    for (let round = 0; round < 300; round++) {
      const text = pick(Math.floor(random() * 200));
      const words = new FileWords(text);
      for (let asked = 0; asked < 12; asked++) {
        const word = pick(1 + Math.floor(random() * 3));
        if (random() < 0.5) assert.equal(words.has(word), text.includes(word), `has ${JSON.stringify(word)} in ${JSON.stringify(text)}`);
        assert.deepEqual(words.occurrences(word), plainOccurrences(text, word), `${JSON.stringify(word)} in ${JSON.stringify(text)}`);
        assert.equal(words.has(word), text.includes(word));
      }
    }
  });

  it('keeps the last text’s words, and starts afresh for another text', () => {
    const first = fileWords('api.get(1)');
    assert.equal(fileWords('api.get(1)'), first);
    const second = fileWords('db.query(2)');
    assert.notEqual(second, first);
    assert.equal(second.has('api'), false);
    assert.equal(second.has('query'), true);
  });
});
