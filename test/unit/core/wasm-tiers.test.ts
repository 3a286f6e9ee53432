import assert from 'node:assert/strict';
import { optimisable, parsesByGrammar } from '../../../src/core/syntax/wasm-tiers';

describe("V8's WebAssembly tiers for tree-sitter", () => {
  it("counts a run's files by the grammar that reads them, and leaves out files no grammar reads", () => {
    const files = [
      'src/a.ts',
      'src/b.TS',
      'app/models/user.rb',
      'src/c.tsx',
      'db/migration/V1__init.sql',
      'README.md',
      'src/d.js',
      'Gemfile',
    ];
    assert.deepEqual(
      [...parsesByGrammar(files)],
      [
        ['typescript', 2],
        ['ruby', 1],
        ['tsx', 1],
        ['javascript', 1],
      ],
    );
    assert.deepEqual([...parsesByGrammar([])], []);
  });

  it('keeps V8 as it is outside the CLI (the editor): every grammar may be optimised', () => {
    assert.equal(optimisable(), true);
    assert.equal(optimisable('typescript'), true);
  });
});
