import type { Language, Node, Point, Query, Tree } from 'web-tree-sitter';
import type { LineIndex } from '../text/line-index';
import { treeSitter } from './tree-sitter';

/**
 * How the nodes of some types are found in a grammar: a walk of the tree inside the parser's
 * WebAssembly (`descendantsOfType`) by the types' names, keeping only named nodes of the names
 * that are also a token's; or, for a type the walk cannot see (a supertype or other hidden
 * node, which only a query matches), one tree-sitter query.
 */
interface Search {
  /** How many of the types the grammar has. */
  known: number;
  /** The types' names for `descendantsOfType`; undefined when the query must be used. */
  names?: string[];
  /** Names that are both a named node's and a token's: of those, only named nodes count. */
  namedOnly: ReadonlySet<string>;
  /** The types as a query, made on first use: making one analyses the grammar (10-25 ms for TypeScript's), and a whole-tree walk needs none. */
  query: () => Query;
}

const searches = new WeakMap<Language, Map<string, Search>>();

/**
 * The nodes of the given types in a tree, in document order (a node before its descendants),
 * found inside the parser's WebAssembly: walking a big tree node by node from JavaScript costs
 * ten times more. Optionally limited to nodes intersecting [startIndex, endIndex). A type is a
 * named node's (`call_expression`) or, when the grammar has no such named node, a token's
 * (`debugger`, `return`). Types the grammar lacks are skipped.
 */
export function nodesOfTypes(tree: Tree, types: readonly string[], range?: { startIndex: number; endIndex: number }): Node[] {
  const search = searchFor(tree.language, types);
  if (search.known === 0) return [];
  // The whole tree, the usual case, is walked: a third cheaper than the query, which keeps states for every node it passes.
  if (!range && search.names) {
    const nodes = tree.rootNode.descendantsOfType(search.names) as Node[];
    return search.namedOnly.size === 0 ? nodes : nodes.filter((node) => node.isNamed || !search.namedOnly.has(node.type));
  }
  // web-tree-sitter hands a query's range to the C side as is, in bytes of its UTF-16 text (nodes report code units).
  const byteRange = range && { startIndex: range.startIndex * 2, endIndex: range.endIndex * 2 };
  return search
    .query()
    .captures(tree.rootNode, byteRange)
    .map((capture) => capture.node);
}

/**
 * The nodes of the given types that intersect one of the ranges (character offsets [start, end),
 * sorted and apart), in document order: what `nodesOfTypes` finds of them, in its order. Each
 * range is one walk inside WebAssembly that passes over what comes before the range without
 * descending and stops after it; a node that spans several ranges is found in the first.
 */
export function nodesOfTypesAround(
  tree: Tree,
  types: readonly string[],
  ranges: ReadonlyArray<{ start: number; end: number }>,
  lines: LineIndex,
): Node[] {
  const search = searchFor(tree.language, types);
  if (search.known === 0) return [];
  if (!search.names) return nodesOfTypes(tree, types);
  const root = tree.rootNode;
  const seen = new Set<number>();
  const nodes: Node[] = [];
  for (const { start, end } of ranges)
    for (const node of root.descendantsOfType(search.names, pointAt(lines, start), pointAt(lines, end)) as Node[]) {
      if (seen.has(node.id)) continue;
      seen.add(node.id);
      if (search.namedOnly.size === 0 || node.isNamed || !search.namedOnly.has(node.type)) nodes.push(node);
    }
  return nodes;
}

/** tree-sitter's point: rows end at a line feed only, as LineIndex's lines do; columns in UTF-16 code units here. */
function pointAt(lines: LineIndex, offset: number): Point {
  const { line, column } = lines.positionAt(offset);
  return { row: line - 1, column: column - 1 };
}

function searchFor(language: Language, types: readonly string[]): Search {
  let cache = searches.get(language);
  if (!cache) searches.set(language, (cache = new Map()));
  const key = [...new Set(types)].sort().join(' ');
  let search = cache.get(key);
  if (search === undefined) {
    const known = key
      .split(' ')
      .filter(Boolean)
      .flatMap((type) => {
        const named = language.idForNodeType(type, true);
        const token = language.idForNodeType(type, false);
        if (named !== null) return [{ type, term: `(${type})`, visible: language.nodeTypeIsVisible(named), alsoToken: token !== null }];
        return token === null ? [] : [{ type, term: JSON.stringify(type), visible: true, alsoToken: false }];
      });
    let query: Query | undefined;
    search = {
      known: known.length,
      names: known.every((k) => k.visible) ? known.map((k) => k.type) : undefined,
      namedOnly: new Set(known.filter((k) => k.alsoToken).map((k) => k.type)),
      query: () => (query ??= new (treeSitter().Query)(language, `[${known.map((k) => k.term).join(' ')}] @node`)),
    };
    cache.set(key, search);
  }
  return search;
}
