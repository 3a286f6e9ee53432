import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import grammars from '../../../src/core/syntax/grammars.json';
import { GRAMMAR_NAMES, parseSyntax } from '../../../src/core/syntax/tree-sitter';

describe('the grammars the core reads are the ones the build ships', () => {
  it('lists the same grammars for the build (grammars.json) as for the parser', () => {
    assert.deepEqual(grammars, GRAMMAR_NAMES);
  });

  for (const grammar of GRAMMAR_NAMES) {
    it(`ships and parses ${grammar}`, async () => {
      assert.ok(existsSync(join(__dirname, '../../../node_modules/@vscode/tree-sitter-wasm/wasm', `tree-sitter-${grammar}.wasm`)));
      const tree = await parseSyntax(grammar, '');
      assert.equal(tree.rootNode.hasError, false);
      tree.delete();
    });
  }
});
