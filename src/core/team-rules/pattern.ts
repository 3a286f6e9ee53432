import type { Node } from 'web-tree-sitter';
import { parseSyntax, type GrammarName } from '../syntax/tree-sitter';
import type { RuleBudget } from './budget';

/**
 * Syntax-tree patterns in ast-grep's notation, matched on the tree-sitter trees Preflight
 * already builds: the pattern is code of the file's language where `$NAME` stands for any one
 * node and `$$$NAME` for any run of sibling nodes (`console.log($X)`, `fetch($$$ARGS)`).
 * The same metavariable twice must match the same text. Matching compares node types and,
 * for leaves, text; comments are ignored.
 */
export interface CompiledPattern {
  root: PatternNode;
  /** Texts every match contains (the pattern's non-metavariable words): a cheap test before matching. */
  words: string[];
}

interface PatternNode {
  type: string;
  text: string;
  children: PatternNode[];
  /** `$NAME` */
  single?: string;
  /** `$$$NAME` */
  multi?: string;
  /** For each index i of `children`: the binding metavariables in children i and after (`$_` binds nothing). */
  tails: string[][];
}

export interface PatternMatch {
  node: Node;
  bindings: Map<string, string>;
}

const SINGLE = '__pf_meta_';
const MULTI = '__pf_multi_';

/** Parses a pattern for one language; throws when it is not valid code there. */
export async function compilePattern(source: string, grammar: GrammarName): Promise<CompiledPattern> {
  const code = source.replace(/\$\$\$([A-Z_][A-Z0-9_]*)/g, `${MULTI}$1`).replace(/\$([A-Z_][A-Z0-9_]*)/g, `${SINGLE}$1`);
  const tree = await parseSyntax(grammar, code);
  try {
    if (tree.rootNode.hasError) throw new Error(`the pattern '${source}' is not valid ${grammar}`);
    const root = toPatternNode(unwrap(tree.rootNode));
    return { root, words: wordsOf(root) };
  } finally {
    tree.delete();
  }
}

/** A pattern is written as a statement; what it means is the expression inside. */
function unwrap(node: Node): Node {
  let current = node;
  while (
    current.namedChildCount === 1 &&
    ['program', 'module', 'expression_statement', 'body_statement'].includes(current.type) &&
    current.namedChildren[0]
  )
    current = current.namedChildren[0];
  return current;
}

function toPatternNode(node: Node): PatternNode {
  const text = node.text;
  const children = meaningfulChildren(node).map(toPatternNode);
  const pattern: PatternNode = {
    type: node.type,
    text,
    children,
    tails: children.map((_, i) => [...new Set(children.slice(i).flatMap(namesOf))]),
  };
  // A metavariable is a leaf whose whole text is the placeholder (not a node that merely starts with one).
  const placeholder = pattern.children.length === 0 ? /^__pf_(meta|multi)_([A-Za-z0-9_]+)$/.exec(text) : null;
  if (placeholder?.[1] === 'multi') pattern.multi = placeholder[2];
  else if (placeholder?.[1] === 'meta') pattern.single = placeholder[2];
  return pattern;
}

function namesOf(node: PatternNode): string[] {
  const own = node.single ?? node.multi;
  if (own !== undefined) return own.startsWith('_') ? [] : [own];
  return node.children.flatMap(namesOf);
}

function wordsOf(node: PatternNode): string[] {
  if (node.single !== undefined || node.multi !== undefined) return [];
  if (node.children.length === 0) return /^\w{2,}$/.test(node.text) ? [node.text] : [];
  return [...new Set(node.children.flatMap(wordsOf))];
}

function meaningfulChildren(node: Node): Node[] {
  return node.children.filter((child): child is Node => child !== null && child.type !== 'comment');
}

/**
 * The match of the pattern at this node, if the node is one; the words test spares most
 * structural comparisons. With a budget, each step of the matching is counted against it and
 * `RuleBudgetExceeded` is thrown when it is spent.
 */
export function matchAt(pattern: CompiledPattern, node: Node, source: string, budget?: RuleBudget): PatternMatch | undefined {
  if (node.type !== pattern.root.type) return undefined;
  const text = source.slice(node.startIndex, node.endIndex);
  if (!pattern.words.every((word) => text.includes(word))) return undefined;
  const bindings = new Map<string, string>();
  const run = () => matchNode(pattern.root, node, bindings, { source, budget });
  return (budget ? budget.run(run) : run()) ? { node, bindings } : undefined;
}

interface Matching {
  source: string;
  budget?: RuleBudget;
}

function matchNode(pattern: PatternNode, node: Node, bindings: Map<string, string>, matching: Matching): boolean {
  if (pattern.single !== undefined) return bind(pattern.single, node.text, bindings);
  if (pattern.type !== node.type) return false;
  const children = meaningfulChildren(node);
  if (pattern.children.length === 0) return children.length === 0 ? pattern.text === node.text : false;
  return matchSequence(pattern, 0, children, 0, bindings, matching, new Set());
}

/**
 * Matches pattern.children[p..] against nodes[n..]. Each `$$$` tries every split, so k of them
 * in one list would try about n^k combinations; `failed` remembers the states already known not
 * to match, making it at most (children × nodes) states per distinct value of the
 * metavariables bound earlier that the rest of the pattern uses again (usually none).
 */
function matchSequence(
  parent: PatternNode,
  p: number,
  nodes: Node[],
  n: number,
  bindings: Map<string, string>,
  matching: Matching,
  failed: Set<string>,
): boolean {
  const patterns = parent.children;
  if (p === patterns.length) return n === nodes.length;
  matching.budget?.tick();
  const key = stateKey(parent.tails[p], p, n, bindings);
  if (failed.has(key)) return false;
  const pattern = patterns[p];
  if (pattern.multi !== undefined) {
    const name = pattern.multi;
    if (!bindings.has(name) && !parent.tails[p + 1]?.includes(name)) {
      // Free here and not used again: its value cannot decide the rest, so no copy of the bindings per split.
      for (let end = n; end <= nodes.length; end++) {
        if (matchSequence(parent, p + 1, nodes, end, bindings, matching, failed)) {
          bind(name, end > n ? matching.source.slice(nodes[n].startIndex, nodes[end - 1].endIndex) : '', bindings);
          return true;
        }
      }
      failed.add(key);
      return false;
    }
    for (let end = n; end <= nodes.length; end++) {
      const trial = new Map(bindings);
      const text = end > n ? matching.source.slice(nodes[n].startIndex, nodes[end - 1].endIndex) : '';
      if (bind(pattern.multi, text, trial) && matchSequence(parent, p + 1, nodes, end, trial, matching, failed)) {
        copyInto(bindings, trial);
        return true;
      }
    }
  } else if (n < nodes.length) {
    const trial = new Map(bindings);
    if (matchNode(pattern, nodes[n], trial, matching) && matchSequence(parent, p + 1, nodes, n + 1, trial, matching, failed)) {
      copyInto(bindings, trial);
      return true;
    }
  }
  failed.add(key);
  return false;
}

/** What the outcome of matchSequence at (p, n) depends on: the position and the values already bound of the names still to come. */
function stateKey(names: readonly string[], p: number, n: number, bindings: ReadonlyMap<string, string>): string {
  let key = `${p}:${n}`;
  for (const name of names) {
    const value = bindings.get(name);
    if (value !== undefined) key += `\0${name}=${value.length}:${value}`;
  }
  return key;
}

function bind(name: string, text: string, bindings: Map<string, string>): boolean {
  if (name.startsWith('_')) return true; // $_ matches anything and binds nothing
  const bound = bindings.get(name);
  if (bound !== undefined) return bound === text;
  bindings.set(name, text);
  return true;
}

function copyInto(target: Map<string, string>, source: Map<string, string>): void {
  for (const [key, value] of source) target.set(key, value);
}

/** `console.log($X)` with $X = "a" → `logger.info(a)`. */
export function expandTemplate(template: string, bindings: ReadonlyMap<string, string>): string {
  return template.replace(
    /\$\$\$([A-Z_][A-Z0-9_]*)|\$([A-Z_][A-Z0-9_]*)/g,
    (whole, multi?: string, single?: string) => bindings.get(multi ?? single ?? '') ?? whole,
  );
}
