import type { Language, Node, Query, Tree } from 'web-tree-sitter';
import { treeSitter } from './tree-sitter';

const queries = new WeakMap<Language, Map<string, Query | null>>();

/**
 * The nodes of the given types in a tree, found by one tree-sitter query that runs inside the
 * parser's WebAssembly: walking a big tree node by node from JavaScript costs ten times more.
 * Optionally limited to nodes intersecting [startIndex, endIndex). A type is a named node's
 * (`call_expression`) or, when the grammar has no such named node, a token's (`debugger`, `return`).
 * Types the grammar lacks are skipped.
 */
export function nodesOfTypes(tree: Tree, types: readonly string[], range?: { startIndex: number; endIndex: number }): Node[] {
  const query = queryFor(tree.language, types);
  if (!query) return [];
  // web-tree-sitter hands a query's range to the C side as is, in bytes of its UTF-16 text (nodes report code units).
  const byteRange = range && { startIndex: range.startIndex * 2, endIndex: range.endIndex * 2 };
  return query.captures(tree.rootNode, byteRange).map((capture) => capture.node);
}

function queryFor(language: Language, types: readonly string[]): Query | null {
  let cache = queries.get(language);
  if (!cache) queries.set(language, (cache = new Map()));
  const key = [...new Set(types)].sort().join(' ');
  let query = cache.get(key);
  if (query === undefined) {
    const known = key
      .split(' ')
      .filter(Boolean)
      .map((type) => queryTerm(language, type))
      .filter((term): term is string => term !== undefined);
    query = known.length > 0 ? new (treeSitter().Query)(language, `[${known.join(' ')}] @node`) : null;
    cache.set(key, query);
  }
  return query;
}

function queryTerm(language: Language, type: string): string | undefined {
  if (language.idForNodeType(type, true) !== null) return `(${type})`;
  if (language.idForNodeType(type, false) !== null) return JSON.stringify(type);
  return undefined;
}
