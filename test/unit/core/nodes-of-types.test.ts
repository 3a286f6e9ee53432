import assert from 'node:assert/strict';
import { nodesOfTypes, nodesOfTypesAround } from '../../../src/core/syntax/nodes-of-types';
import { parseSyntax, type GrammarName } from '../../../src/core/syntax/tree-sitter';
import { LineIndex } from '../../../src/core/text/line-index';
import { mulberry32 } from '../../../bench/corpus';

/** The nodes found in the whole tree (a walk) and in a range covering all of it (a query), as `type text` (`"type"` for a token). */
async function found(grammar: GrammarName, code: string, types: string[]): Promise<{ walked: string[]; queried: string[] }> {
  const tree = await parseSyntax(grammar, code);
  try {
    const describe = (nodes: ReturnType<typeof nodesOfTypes>) =>
      nodes.map((node) => `${node.isNamed ? node.type : JSON.stringify(node.type)} ${node.text.split('\n')[0]}`);
    return {
      walked: describe(nodesOfTypes(tree, types)),
      queried: describe(nodesOfTypes(tree, types, { startIndex: 0, endIndex: code.length })),
    };
  } finally {
    tree.delete();
  }
}

describe('nodes of some types in a syntax tree', () => {
  before(async function () {
    this.timeout(10_000); // the grammars' first load
    for (const grammar of ['typescript', 'ruby', 'javascript'] as const) (await parseSyntax(grammar, '')).delete();
  });

  it('finds them in document order, a node before its descendants, types repeated or unknown to the grammar or not', async () => {
    const { walked, queried } = await found('typescript', 'await api.get(id, () => db.find(x));\nf(g(1));\n', [
      'call_expression',
      'await_expression',
      'call_expression',
      'no_such_type',
    ]);
    assert.deepEqual(walked, [
      'await_expression await api.get(id, () => db.find(x))',
      'call_expression api.get(id, () => db.find(x))',
      'call_expression db.find(x)',
      'call_expression f(g(1))',
      'call_expression g(1)',
    ]);
    assert.deepEqual(queried, walked);
  });

  it("takes a name that is both a named node's and a token's as the named node's, and a name only a token has as the token's", async () => {
    // TypeScript: `class` names the declaration's keyword and the class expression; `return` only a keyword.
    const code = 'const A = class { m() { return 1; } };\nclass B {}\n';
    const { walked, queried } = await found('typescript', code, ['class', 'return', 'class_declaration']);
    assert.deepEqual(walked, ['class class { m() { return 1; } }', '"return" return', 'class_declaration class B {}']);
    assert.deepEqual(queried, walked);
    const ruby = await found('ruby', 'class User\n  def name = nil\nend\n', ['class', 'nil']);
    assert.deepEqual(ruby.walked, ['class class User', 'nil nil']);
    assert.deepEqual(ruby.queried, ruby.walked);
  });

  it('finds the subtypes of a supertype, which only a query sees', async () => {
    const { walked, queried } = await found('javascript', 'x = f(1);\n', ['expression']);
    assert.deepEqual(queried, walked);
    assert.deepEqual(walked.slice(0, 2), ['assignment_expression x = f(1)', 'call_expression f(1)']);
  });

  it('finds none of types the grammar lacks, and only what intersects a range', async () => {
    const code = 'f(1);\ng(2);\nh(3);\n';
    assert.deepEqual((await found('typescript', code, ['no_such_type'])).walked, []);
    const tree = await parseSyntax('typescript', code);
    try {
      assert.deepEqual(
        nodesOfTypes(tree, ['call_expression'], { startIndex: 6, endIndex: 11 }).map((node) => node.text),
        ['g(2)'],
      );
    } finally {
      tree.delete();
    }
  });

  it('finds around ranges exactly the nodes the whole walk finds that intersect one of them, in its order', async () => {
    // Line feeds end rows, a carriage return does not, and 😀 is two code units: the ranges are turned into tree-sitter's points.
    const parts = [
      'await api.get(1);',
      'f(g(x), "😀");',
      '\r\n',
      '\n',
      'return;',
      'class C { m() { return h(2); } }',
      '/* é */',
      'function k() {',
      '}',
    ];
    const random = mulberry32(5);
    const types = ['call_expression', 'await_expression', 'return', 'class_declaration', 'statement_block'];
    for (let trial = 0; trial < 60; trial++) {
      const code = Array.from({ length: 12 }, () => parts[Math.floor(random() * parts.length)]).join(' ');
      const tree = await parseSyntax('typescript', code);
      try {
        const ranges: Array<{ start: number; end: number }> = [];
        for (let at = Math.floor(random() * 8); at < code.length; at += 2 + Math.floor(random() * 30))
          ranges.push({ start: at, end: (at = Math.min(code.length, at + 1 + Math.floor(random() * 6))) });
        const describe = (nodes: ReturnType<typeof nodesOfTypes>) =>
          nodes.map((node) => `${node.type}@${node.startIndex}-${node.endIndex}`);
        const expected = nodesOfTypes(tree, types).filter((node) =>
          ranges.some((range) => node.startIndex < range.end && node.endIndex > range.start),
        );
        const around = nodesOfTypesAround(tree, types, ranges, new LineIndex(code));
        assert.deepEqual(describe(around), describe(expected), JSON.stringify({ code, ranges }));
      } finally {
        tree.delete();
      }
    }
  });
});
