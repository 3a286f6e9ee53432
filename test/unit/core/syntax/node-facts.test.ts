import assert from 'node:assert/strict';
import type { Node, Tree } from 'web-tree-sitter';
import { parseSyntax, treeSitter } from '../../../../src/core/syntax/tree-sitter';
import { generateTypeScriptFile } from '../../../../bench/team-rules';

/** Each node's kind, namedness and end as the tree cursor reports them (the cursor asks WebAssembly every time, never a Node). */
function cursorFacts(tree: Tree): string[] {
  const facts: string[] = [];
  const cursor = tree.walk();
  try {
    for (;;) {
      facts.push(`${cursor.nodeTypeId} ${cursor.nodeIsNamed} ${cursor.startIndex}-${cursor.endIndex}`);
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return facts;
    }
  } finally {
    cursor.delete();
  }
}

/** The same facts through Node objects, each asked twice (the second answer is the remembered one). */
function nodeFacts(node: Node, facts: string[] = []): string[] {
  for (let twice = 0; twice < 2; twice++) {
    const fact = `${node.typeId} ${node.isNamed} ${node.startIndex}-${node.endIndex}`;
    if (twice === 0) facts.push(fact);
    else assert.equal(fact, facts[facts.length - 1]);
  }
  assert.equal(node.type, node.tree.language.types[node.typeId] || 'ERROR');
  for (const child of node.children) if (child) nodeFacts(child, facts);
  return facts;
}

describe("a syntax node's remembered kind, namedness and end", () => {
  it('are those the parser reports, on 40 generated TypeScript files', async function () {
    this.timeout(20_000);
    for (let seed = 0; seed < 40; seed++) {
      const tree = await parseSyntax('typescript', generateTypeScriptFile(60, 500 + seed));
      try {
        assert.deepEqual(nodeFacts(tree.rootNode), cursorFacts(tree));
      } finally {
        tree.delete();
      }
    }
  });

  it('follow an edit that moves the node', async () => {
    const code = 'let a = 1;\nf(x);\n';
    const tree = await parseSyntax('typescript', code);
    try {
      const call = tree.rootNode.child(1)!;
      assert.deepEqual([call.startIndex, call.endIndex], [11, 16]);
      call.edit(
        new (treeSitter().Edit)({
          startIndex: 0,
          oldEndIndex: 0,
          newEndIndex: 3,
          startPosition: { row: 0, column: 0 },
          oldEndPosition: { row: 0, column: 0 },
          newEndPosition: { row: 0, column: 3 },
        }),
      );
      assert.deepEqual([call.startIndex, call.endIndex], [14, 19]);
    } finally {
      tree.delete();
    }
  });
});
