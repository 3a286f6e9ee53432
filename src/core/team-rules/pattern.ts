import type { Node } from 'web-tree-sitter';
import { parseSyntax, type GrammarName } from '../syntax/tree-sitter';
import type { RuleBudget } from './budget';
import type { Strictness } from '../config/types';

/**
 * Syntax-tree patterns in ast-grep's notation, matched on the tree-sitter trees Preflight
 * already builds, with ast-grep's default ("smart") strictness: every node the pattern spells
 * out must match, and unnamed nodes of the code (`;`, a trailing `,`, `async` before `function`)
 * that the pattern does not mention are skipped.
 *
 * - `$NAME` stands for any one named node (a leaf or a whole subtree), `$$NAME` for any one
 *   node, named or not; `$_` and names starting with `_` match without binding.
 * - `$$$NAME` and a bare `$$$` stand for any run of sibling nodes, possibly empty. The run is
 *   non-greedy and is not revised later: it ends where the next node the pattern names first
 *   matches, and separators written between the two (`$$$A, null`) are optional.
 * - The same metavariable twice must bind equal syntax trees (`a.b` equals `a . b`).
 * - A node of the code has no children left over after the pattern's last one, except unnamed ones.
 */
export interface CompiledPattern {
  root: PatternNode;
  strictness: Strictness;
  /** Names written as `$$$NAME`: constraints apply to single metavariables only, as in ast-grep. */
  multiNames: Set<string>;
  /** Texts every match contains (the pattern's non-metavariable words): a cheap test before matching. */
  words: string[];
}

interface PatternNode {
  type: string;
  named: boolean;
  text: string;
  children: PatternNode[];
  /** `$NAME` (any named node) or `$$NAME` (`anyNode`: unnamed ones too). */
  single?: string;
  anyNode?: boolean;
  /** `$$$NAME`, or `_` for a bare `$$$`. */
  multi?: string;
}

/**
 * What the code may add to what the pattern writes (ast-grep's strictness levels): `cst` nothing;
 * `smart` unnamed tokens; `ast` every unnamed node, in the pattern too; `relaxed` as ast, and
 * comments; `signature` as relaxed, and named leaves are compared by kind, not text.
 */
export const STRICTNESS_LEVELS = ['cst', 'smart', 'ast', 'relaxed', 'signature'] as const satisfies readonly Strictness[];
export type { Strictness };

export interface PatternOptions {
  /** `{context, selector}`: the pattern is the first node of this kind in the parsed context. */
  selector?: string;
  strictness?: Strictness;
}

export interface PatternMatch {
  node: Node;
  bindings: Map<string, string>;
}

/** ast-grep's own behaviour where it departs from its documentation; only the differential test asks for it. */
export interface MatchOptions {
  /** ast-grep ignores nodes of the code after the pattern's last node (`if ($C) { $$$ }` matches an `if` with an `else`). */
  ignoreTrailingNodes?: boolean;
}

const PLACEHOLDER = /^__pf_(meta|any|multi)_([A-Za-z0-9_]+)$/;

/** Parses a pattern for one language; throws when it is not valid code there. */
export async function compilePattern(source: string, grammar: GrammarName, options: PatternOptions = {}): Promise<CompiledPattern> {
  // PHP's grammar reads code only after `<?php` (before it is HTML); the tag is not part of the pattern.
  const code = (grammar === 'php' ? PHP_OPEN : '') + withPlaceholders(source);
  let tree = await parseSyntax(grammar, code);
  let terminated = false;
  const strictness = options.strictness ?? 'smart';
  try {
    let error = firstError(tree.rootNode);
    if (error && options.selector === undefined && (grammar === 'php' || grammar === 'c-sharp')) {
      // PHP (and C#) want the `;` that ends a statement where other grammars insert it: `die()` is `die();` without its `;`.
      const retry = await parseSyntax(grammar, `${code};`);
      if (retry.rootNode.hasError) retry.delete();
      else [tree, error, terminated] = [(tree.delete(), retry), undefined, true];
    }
    if (error) throw new Error(`the pattern '${source}' is not valid ${grammar} (it cannot be read at '${error.text.slice(0, 40)}')`);
    let start = unwrap(tree.rootNode);
    if (terminated) start = withoutAddedSemicolon(start, code.length);
    if (options.selector !== undefined) {
      const selected = firstOfType(tree.rootNode, options.selector);
      if (!selected) throw new Error(`the context '${source}' has no ${options.selector} node to select`);
      start = selected;
    }
    const root = toPatternNode(start, strictness);
    const multiNames = new Set([...source.matchAll(/\$\$\$([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]));
    return { root, strictness, multiNames, words: strictness === 'signature' ? [] : wordsOf(root, skipsPatternTokens(strictness)) };
  } finally {
    tree.delete();
  }
}

/** The statement `X;` made by the `;` added after the pattern is the pattern X. */
function withoutAddedSemicolon(node: Node, end: number): Node {
  const children = meaningfulChildren(node, 'smart');
  const last = children[children.length - 1];
  return children.length === 2 && last.type === ';' && last.startIndex === end ? unwrap(children[0]) : node;
}

/** The first named node of a type, the node itself included, in document order. */
function firstOfType(node: Node, type: string): Node | undefined {
  if (node.isNamed && node.type === type) return node;
  for (const child of node.children) {
    const found = child && firstOfType(child, type);
    if (found) return found;
  }
  return undefined;
}

const PHP_OPEN = '<?php\n';

/** Metavariables become identifiers every grammar accepts, as ast-grep's expando characters do. */
function withPlaceholders(source: string): string {
  return source
    .replace(/\$\$\$([A-Z_][A-Z0-9_]*)/g, '__pf_multi_$1')
    .replace(/\$\$\$/g, '__pf_multi__')
    .replace(/\$\$([A-Z_][A-Z0-9_]*)/g, '__pf_any_$1')
    .replace(/\$([A-Z_][A-Z0-9_]*)/g, '__pf_meta_$1');
}

/** An ERROR node the pattern cannot mean anything by; a missing token the parser inserted (a `;`) is harmless. */
function firstError(node: Node): Node | undefined {
  if (!node.hasError) return undefined;
  if (node.type === 'ERROR' && !PLACEHOLDER.test(node.text)) return node;
  for (const child of node.children) {
    const error = child && firstError(child);
    if (error) return error;
  }
  return undefined;
}

/** The pattern is the innermost node that is all of it: `foo($X)` is the call, not the statement around it. */
function unwrap(node: Node): Node {
  let current = node;
  for (;;) {
    if (PLACEHOLDER.test(current.text)) return current;
    const children = meaningfulChildren(current, 'smart').filter((child) => child.type !== 'php_tag');
    if (children.length !== 1) return current;
    current = children[0];
  }
}

function toPatternNode(node: Node, strictness: Strictness): PatternNode {
  const pattern: PatternNode = { type: node.type, named: node.isNamed, text: node.text, children: [] };
  // Any node whose whole text is a placeholder is the metavariable: a statement `$$$A` in a block, not only its identifier.
  const placeholder = PLACEHOLDER.exec(node.text);
  if (placeholder?.[1] === 'multi') pattern.multi = placeholder[2];
  else if (placeholder) {
    pattern.single = placeholder[2];
    pattern.anyNode = placeholder[1] === 'any';
  } else pattern.children = meaningfulChildren(node, strictness).map((child) => toPatternNode(child, strictness));
  return pattern;
}

/** The texts of the pattern's leaves a match must contain; only named ones when unnamed tokens may go unmatched. */
function wordsOf(node: PatternNode, namedOnly: boolean): string[] {
  if (isMeta(node)) return [];
  if (node.children.length === 0) return /^\w{2,}$/.test(node.text) && (node.named || !namedOnly) ? [node.text] : [];
  return [...new Set(node.children.flatMap((child) => wordsOf(child, namedOnly)))];
}

function isMeta(node: PatternNode): boolean {
  return node.single !== undefined || node.multi !== undefined;
}

/** The pattern's children that take part in matching: as the code's (its comments say nothing). */
function meaningfulChildren(node: Node, strictness: Strictness): Node[] {
  return candidateChildren(node, strictness);
}

/** A node's children that take part in matching: zero-width (missing) tokens left out, and comments except in `cst` and `ast`. */
function candidateChildren(node: Node, strictness: Strictness = 'smart'): Node[] {
  const keepComments = strictness === 'cst' || strictness === 'ast';
  return node.children.filter(
    (child): child is Node => child !== null && child.endIndex > child.startIndex && (keepComments || !child.type.includes('comment')),
  );
}

/** `ast`, `relaxed` and `signature` let unnamed nodes of the pattern go unmatched too. */
function skipsPatternTokens(strictness: Strictness): boolean {
  return strictness === 'ast' || strictness === 'relaxed' || strictness === 'signature';
}

export type Bindings = Map<string, Node[]>;

/**
 * A copy of the bindings to try a match with. Copied by forEach: the Map constructor and a for-of
 * loop make a [name, nodes] pair per entry, and a 1,000-file scan copies half a million.
 */
export function trialOf(bindings: Bindings): Bindings {
  const trial: Bindings = new Map();
  if (bindings.size > 0) bindings.forEach(setIn, trial);
  return trial;
}

/** Keeps what a successful trial bound. */
export function keepTrial(trial: Bindings, bindings: Bindings): void {
  trial.forEach(setIn, bindings);
}

function setIn(this: Bindings, nodes: Node[], name: string): void {
  this.set(name, nodes);
}

interface Matching {
  budget?: RuleBudget;
  options: MatchOptions;
  strictness: Strictness;
}

/**
 * The match of the pattern at this node, if the node is one; the words test spares most
 * structural comparisons. With a budget, each step of the matching is counted against it and
 * `RuleBudgetExceeded` is thrown when it is spent.
 */
export function matchAt(
  pattern: CompiledPattern,
  node: Node,
  source: string,
  budget?: RuleBudget,
  options: MatchOptions = {},
): PatternMatch | undefined {
  if (node.type !== pattern.root.type) return undefined;
  const text = source.slice(node.startIndex, node.endIndex);
  if (!pattern.words.every((word) => text.includes(word))) return undefined;
  const bindings: Bindings = new Map();
  const run = () => matchNode(pattern.root, node, bindings, { budget, options, strictness: pattern.strictness });
  if (!(budget ? budget.run(run) : run())) return undefined;
  return { node, bindings: textsOf(bindings, source) };
}

/**
 * The pattern at this node with the metavariables a rule object has bound so far (they must
 * bind the same trees again); on a match the new bindings are added. The caller runs the budget.
 */
export function matchPatternInto(pattern: CompiledPattern, node: Node, source: string, bindings: Bindings, budget?: RuleBudget): boolean {
  if (pattern.root.single === undefined && pattern.root.multi === undefined && node.type !== pattern.root.type) return false;
  if (pattern.words.length > 0) {
    const text = source.slice(node.startIndex, node.endIndex);
    if (!pattern.words.every((word) => text.includes(word))) return false;
  }
  const trial = trialOf(bindings);
  if (!matchNode(pattern.root, node, trial, { budget, options: {}, strictness: pattern.strictness })) return false;
  keepTrial(trial, bindings);
  return true;
}

export function textsOf(bindings: Bindings, source: string): Map<string, string> {
  const texts = new Map<string, string>();
  for (const [name, nodes] of bindings)
    texts.set(name, nodes.length === 0 ? '' : source.slice(nodes[0].startIndex, nodes[nodes.length - 1].endIndex));
  return texts;
}

function matchNode(pattern: PatternNode, node: Node, bindings: Bindings, matching: Matching): boolean {
  matching.budget?.tick();
  if (pattern.single !== undefined) return (pattern.anyNode || node.isNamed) && bind(pattern.single, [node], bindings);
  if (pattern.type !== node.type) return false;
  // Unnamed tokens are compared by kind: their text is their kind (and tree-sitter-typescript misplaces some).
  if (pattern.children.length === 0) return !pattern.named || matching.strictness === 'signature' || pattern.text === node.text;
  return matchChildren(pattern.children, candidateChildren(node, matching.strictness), bindings, matching);
}

/** The pattern's children against the code's, left to right, with no search: each step decides. */
function matchChildren(goals: PatternNode[], nodes: Node[], bindings: Bindings, matching: Matching): boolean {
  let n = 0;
  for (let p = 0; p < goals.length; p++) {
    const goal = goals[p];
    if (goal.multi === undefined) {
      n = matchOne(goal, nodes, n, bindings, matching);
      if (n < 0) return false;
      continue;
    }
    const next = nextNamedGoal(goals, p);
    const step = next < goals.length ? runBefore(goals, p, next, nodes, n, bindings, matching) : runToToken(goals, p, nodes, n, bindings);
    if (!step) return false;
    [p, n] = step;
  }
  if (matching.strictness === 'cst') return n === nodes.length;
  return matching.options.ignoreTrailingNodes || nodes.slice(n).every((node) => !node.isNamed);
}

/**
 * Matches one goal at node n; the index after it, or -1. Before a token or a word of the pattern
 * the code's unnamed nodes are skipped (`yield x` matches `yield* x`); before a metavariable or a
 * larger construct they are not (`$X => 1` does not match `async x => 1`), as ast-grep does.
 */
function matchOne(goal: PatternNode, nodes: Node[], n: number, bindings: Bindings, matching: Matching): number {
  const skips = goal.children.length === 0 && !isMeta(goal) && matching.strictness !== 'cst';
  for (let i = n; i < nodes.length; i++) {
    if (tryMatch(goal, nodes[i], bindings, matching)) return i + 1;
    if (!skips) return -1;
    // With ast, relaxed and signature an unnamed token of the pattern is skipped too: with the
    // code's unnamed node before it (both), or alone before a named one.
    if (!goal.named && skipsPatternTokens(matching.strictness)) return nodes[i].isNamed ? i : i + 1;
    if (nodes[i].isNamed) return -1;
  }
  return -1;
}

/** matchNode that leaves the bindings as they were when it fails. */
function tryMatch(goal: PatternNode, node: Node, bindings: Bindings, matching: Matching): boolean {
  const trial = trialOf(bindings);
  if (!matchNode(goal, node, trial, matching)) return false;
  keepTrial(trial, bindings);
  return true;
}

/** The first goal after p that is not an unnamed token (`,`, `)`); goals.length if none. */
function nextNamedGoal(goals: PatternNode[], p: number): number {
  let q = p + 1;
  while (q < goals.length && !goals[q].named && !isMeta(goals[q]) && goals[q].children.length === 0) q++;
  return q;
}

/**
 * `$$$` followed by a named goal: the run ends at the first node that goal matches. The tokens
 * written between them are optional (an empty `$$$A` in `f($$$A, null)` needs no `,`); found at
 * the end of the run, they are not part of it. Returns the goal and node indices reached.
 */
function runBefore(
  goals: PatternNode[],
  p: number,
  next: number,
  nodes: Node[],
  n: number,
  bindings: Bindings,
  matching: Matching,
): [number, number] | undefined {
  const name = goals[p].multi!;
  if (goals[next].multi !== undefined) return bind(name, [], bindings) ? [next - 1, n] : undefined;
  for (let end = n; end < nodes.length; end++) {
    const trial = trialOf(bindings);
    if (!matchNode(goals[next], nodes[end], trial, matching)) continue;
    let start = end;
    for (let t = next - 1; t > p && start > n && !nodes[start - 1].isNamed && nodes[start - 1].type === goals[t].type; t--) start--;
    if (!bind(name, nodes.slice(n, start), trial)) return undefined;
    keepTrial(trial, bindings);
    return [next, end + 1];
  }
  return undefined;
}

/** `$$$` followed only by tokens (`f($$$A)`): the run ends at the first node of the next token's kind, or takes the rest. */
function runToToken(goals: PatternNode[], p: number, nodes: Node[], n: number, bindings: Bindings): [number, number] | undefined {
  const token = goals[p + 1];
  let end = n;
  if (token) while (end < nodes.length && (nodes[end].isNamed || nodes[end].type !== token.type)) end++;
  else end = nodes.length;
  if (token && end === nodes.length) return undefined;
  return bind(goals[p].multi!, nodes.slice(n, end), bindings) ? [p, end] : undefined;
}

function bind(name: string, nodes: Node[], bindings: Bindings): boolean {
  if (name.startsWith('_')) return true; // $_ and $$$ match anything and bind nothing
  const bound = bindings.get(name);
  if (bound === undefined) {
    bindings.set(name, nodes);
    return true;
  }
  return bound.length === nodes.length && bound.every((node, i) => sameTree(node, nodes[i]));
}

/**
 * Equal syntax trees: the same kinds in the same shape with the same leaf texts, whatever the
 * spacing. A leaf equals any node of the same text (Go's `err` is an expression list on the left
 * of `:=` and an identifier in `err != nil`), as in ast-grep.
 */
function sameTree(a: Node, b: Node): boolean {
  const left = candidateChildren(a);
  const right = candidateChildren(b);
  if (left.length === 0 || right.length === 0) return a.text === b.text;
  return a.type === b.type && left.length === right.length && left.every((child, i) => sameTree(child, right[i]));
}

/** `console.log($X)` with $X = "a" → `logger.info(a)`. */
export function expandTemplate(template: string, bindings: ReadonlyMap<string, string>): string {
  return template.replace(
    /\$\$\$([A-Z_][A-Z0-9_]*)|\$\$?([A-Z_][A-Z0-9_]*)/g,
    (whole, multi?: string, single?: string) => bindings.get(multi ?? single ?? '') ?? whole,
  );
}
