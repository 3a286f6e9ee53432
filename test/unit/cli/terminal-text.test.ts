import assert from 'node:assert/strict';
import { block, forTerminal, inline, painter } from '../../../src/cli/terminal-text';

describe('terminal text: what the repository or the network wrote is shown, never obeyed', () => {
  it('shows ESC, OSC, BEL, CR, DEL, C1 and bidi overrides as visible escapes', () => {
    assert.equal(inline('a\x1b]0;title\x07b'), 'a\\x1b]0;title\\x07b');
    assert.equal(inline('ok\rFAKE'), 'ok\\rFAKE');
    assert.equal(inline('x\x7f\x9by'), 'x\\u007f\\u009by');
    assert.equal(inline('admin\u202e gnp.exe'), 'admin\\u202e gnp.exe');
  });

  it('keeps a one-line field on one line, and a block on its lines', () => {
    assert.equal(inline('a\nb\tc'), 'a\\nb\\tc');
    assert.equal(block('a\nb\tc\x1b[2J'), 'a\nb\tc\\x1b[2J');
  });

  it("lets through Preflight's own colours only, as the last net before the terminal", () => {
    const paint = painter(true);
    assert.equal(
      forTerminal(`${paint(31, 'error')} \x1b[8mhidden\x1b]8;;http://x\x07`),
      '\x1b[31merror\x1b[0m \\x1b[8mhidden\\x1b]8;;http://x\\x07',
    );
    assert.equal(painter(false)(31, 'error'), 'error');
  });

  it('passes text with nothing to escape through as it is', () => {
    const text = `{\n  "message": "tab\there, é and 🚀"\n}`;
    assert.equal(forTerminal(text), text);
    assert.equal(forTerminal('a\u202eb'), 'a\\u202eb');
  });

  it('leaves JSON valid, with the same strings', () => {
    const value = { file: 'a\x1b\u202e\x85.sql' };
    assert.deepEqual(JSON.parse(forTerminal(JSON.stringify(value))), value);
  });
});
