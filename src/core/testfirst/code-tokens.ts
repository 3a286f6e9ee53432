import type { Node } from 'web-tree-sitter';
import { parseSyntax } from '../syntax/tree-sitter';
import { grammarOfPath } from './symbols';

/**
 * Whether two versions of a source file differ in code, not only in comments, blank lines or
 * layout: their syntax trees (node types, nesting and leaf texts, comments left out) are compared.
 * A file Preflight cannot parse counts as changed.
 */
export async function codeChanged(path: string, before: string, after: string): Promise<boolean> {
  const grammar = grammarOfPath(path);
  if (!grammar) return before !== after;
  const [a, b] = await Promise.all([codeTokens(grammar, before), codeTokens(grammar, after)]);
  return a.length !== b.length || a.some((token, index) => token !== b[index]);
}

async function codeTokens(grammar: NonNullable<ReturnType<typeof grammarOfPath>>, text: string): Promise<string[]> {
  const tree = await parseSyntax(grammar, text);
  try {
    const tokens: string[] = [];
    const cursor = tree.walk();
    const visit = (): void => {
      const node: Node = cursor.currentNode;
      if (node.type === 'comment' || node.type.endsWith('_comment')) return;
      if (node.childCount === 0) {
        tokens.push(node.text);
        return;
      }
      // The nesting counts too: in Python, indentation alone moves a statement out of a block.
      tokens.push(`(${node.type}`);
      if (cursor.gotoFirstChild()) {
        do visit();
        while (cursor.gotoNextSibling());
        cursor.gotoParent();
      }
      tokens.push(')');
    };
    visit();
    cursor.delete();
    return tokens;
  } finally {
    tree.delete();
  }
}
