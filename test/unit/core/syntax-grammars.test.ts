import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import schema from '../../../schemas/preflight.schema.json';
import { GRAMMAR_NAMES, PATTERN_LANGUAGES, extensionsOf, languageOf } from '../../../src/core/syntax/languages';
import { parseSyntax } from '../../../src/core/syntax/tree-sitter';

describe('the languages table', () => {
  it("lists the config schema's team-rule languages, each a grammar it ships", () => {
    assert.deepEqual(schema.definitions.teamRule.properties.language.enum, Object.keys(PATTERN_LANGUAGES));
    assert.deepEqual(
      Object.values(PATTERN_LANGUAGES).sort(),
      [...GRAMMAR_NAMES].sort(),
      'every grammar of the bundle is a pattern language',
    );
  });

  it('knows a file by its name first, then by its lower-case extension', () => {
    assert.deepEqual(languageOf('Gemfile')?.comments, { line: ['#'] });
    assert.equal(languageOf('src/App.JSX')?.grammar, 'javascript');
    assert.equal(languageOf('src/App.tsx')?.grammar, 'tsx');
    assert.equal(languageOf('src/app.js')?.grammar, 'javascript');
    assert.equal(languageOf('src/app.cjs')?.grammar, 'javascript');
    assert.equal(languageOf('src/app.js')?.symbolGrammar, 'tsx');
    assert.equal(languageOf('main.go')?.grammar, 'go');
    assert.equal(languageOf('lib.rs')?.grammar, 'rust');
    assert.equal(languageOf('Program.cs')?.grammar, 'c-sharp');
    assert.equal(languageOf('deploy.sh')?.grammar, 'bash');
    assert.equal(languageOf('main.go')?.symbolGrammar, 'go');
    assert.equal(languageOf('notes'), undefined);
    assert.equal(languageOf('odd.constructor'), undefined);
    assert.deepEqual(extensionsOf('javascript'), ['js', 'jsx', 'ts', 'tsx', 'mjs', 'cjs', 'mts', 'cts']);
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
