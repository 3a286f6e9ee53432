import assert from 'node:assert/strict';
import { codeChanged } from '../../../../src/core/testfirst/code-tokens';
describe('test-first: a change of code, not of comments or layout', () => {
  it('ignores comments, blank lines and spacing, but not values, nesting or docstrings', async () => {
    assert.equal(await codeChanged('a.ts', 'export const a = 1;\n', '// hi\nexport const a  =  1;\n\n'), false);
    assert.equal(await codeChanged('a.ts', 'export const a = 1;\n', 'export const a = 2;\n'), true);
    assert.equal(
      await codeChanged('a.py', 'def f(x):\n    if x:\n        a()\n        b()\n', 'def f(x):\n    if x:\n        a()\n    b()\n'),
      true,
    );
    assert.equal(await codeChanged('a.py', 'def f(x):\n    a()\n', '# c\ndef f(x):\n    """doc"""\n    a()\n'), true);
    assert.equal(await codeChanged('a.py', 'def f(x):\n    a()\n', '# c\ndef f(x):\n\n    a()  # x\n'), false);
  });
});
