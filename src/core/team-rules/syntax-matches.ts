import type { Node, Tree } from 'web-tree-sitter';
import { nodesOfTypes, nodesOfTypesAround } from '../syntax/nodes-of-types';
import { parseSyntax, treeSitter, type GrammarName } from '../syntax/tree-sitter';
import { LineIndex } from '../text/line-index';
import type { CompiledTeamRule } from './compile';
import { importNodeTypes, importSitesAt } from './imports';
import { expandTemplate, matchAt, type CompiledPattern } from './pattern';
import { matchRuleObject, type CompiledRuleObject, type ParentCache } from './rule-object';
import { RULE_TIME_LIMIT_MS, RuleBudget, RuleBudgetExceeded } from './budget';
import { editBetween } from '../text/edit-between';
import { fileWords } from './file-words';

/** Where a syntax-tree rule (pattern or forbidden import) matches, in character offsets. */
export interface SyntaxMatch {
  rule: CompiledTeamRule;
  start: number;
  end: number;
  /** The pattern rule's fix, with its metavariables filled in. */
  replacement?: string;
  /** What the fix replaces, when a rule object's expandStart/expandEnd widen it beyond the match. */
  fixStart?: number;
  fixEnd?: number;
}

export interface SyntaxRules {
  grammar: GrammarName;
  patterns: Map<string, Array<{ rule: CompiledTeamRule; pattern: CompiledPattern }>>;
  imports: CompiledTeamRule[];
  /** Rules with an ast-grep rule object, tried on the nodes of their kinds. */
  objects: Array<{ rule: CompiledTeamRule; object: CompiledRuleObject }>;
}

/** The matches, and the pattern rules that ran out of time on the file (with the milliseconds they spent). */
export interface SyntaxResult {
  matches: SyntaxMatch[];
  stopped: Map<CompiledTeamRule, number>;
}

interface Entry extends SyntaxResult {
  text: string;
  lines: LineIndex;
  rules: SyntaxRules;
  tree: Tree;
  limitMs: number;
}

const MAX_CACHED_FILES = 16;
/** The last tree and matches per file: the next analysis of an edited file re-parses and re-matches only the edit. */
const cache = new Map<string, Entry>();

/**
 * The matches of the syntax-tree rules in a file. A file analysed before with the same rules is
 * updated incrementally, as a keystroke needs: tree-sitter re-parses around the edit, matches
 * outside the changed region are kept (shifted) and only nodes in it are matched again.
 */
export async function syntaxMatches(
  path: string,
  lines: LineIndex,
  rules: SyntaxRules,
  limitMs = RULE_TIME_LIMIT_MS,
  { remember: keep = true } = {},
): Promise<SyntaxResult> {
  const text = lines.text;
  if (!keep) {
    // A one-off analysis (counting a rule's matches) must not displace the editor's tree of the file.
    const tree = await parseSyntax(rules.grammar, text);
    try {
      return matchesIn(tree, lines, rules, limitMs);
    } finally {
      tree.delete();
    }
  }
  const previous = cache.get(path);
  cache.delete(path);
  let entry: Entry;
  if (previous && previous.rules.grammar === rules.grammar && sameRules(previous.rules, rules) && previous.limitMs === limitMs) {
    entry = previous.text === text ? previous : await update(previous, lines);
  } else {
    previous?.tree.delete();
    const tree = await parseSyntax(rules.grammar, text);
    entry = { text, lines, rules, tree, limitMs, ...matchesIn(tree, lines, rules, limitMs) };
  }
  remember(path, entry);
  return { matches: entry.matches, stopped: entry.stopped };
}

/** Forgets a file's tree (a closed document); trees live in WebAssembly memory the GC does not see. */
export function forgetSyntax(path: string): void {
  cache.get(path)?.tree.delete();
  cache.delete(path);
}

function remember(path: string, entry: Entry): void {
  cache.set(path, entry);
  while (cache.size > MAX_CACHED_FILES) {
    const [oldest, evicted] = cache.entries().next().value as [string, Entry];
    evicted.tree.delete();
    cache.delete(oldest);
  }
}

function sameRules(a: SyntaxRules, b: SyntaxRules): boolean {
  const ids = (rules: SyntaxRules) => [
    ...[...rules.patterns.values()].flat().map((p) => p.rule),
    ...rules.imports,
    ...rules.objects.map((o) => o.rule),
  ];
  const left = ids(a);
  const right = ids(b);
  return left.length === right.length && left.every((rule, i) => rule === right[i]);
}

async function update(previous: Entry, after: LineIndex): Promise<Entry> {
  const text = after.text;
  const { start, oldEnd, newEnd } = editBetween(previous.text, text);
  const before = previous.lines;
  const point = (lines: LineIndex, offset: number) => {
    const { line, column } = lines.positionAt(offset);
    return { row: line - 1, column: column - 1 };
  };
  previous.tree.edit(
    new (treeSitter().Edit)({
      startIndex: start,
      oldEndIndex: oldEnd,
      newEndIndex: newEnd,
      startPosition: point(before, start),
      oldEndPosition: point(before, oldEnd),
      newEndPosition: point(after, newEnd),
    }),
  );
  const tree = await parseSyntax(previous.rules.grammar, text, previous.tree);
  const changed = previous.tree.getChangedRanges(tree);
  let low = Math.min(start, ...changed.map((r) => r.startIndex));
  let high = Math.max(newEnd, ...changed.map((r) => r.endIndex));
  const ancestorKinds = reachedAncestorKinds(previous.rules);
  // An `inside` rule's match can change anywhere within an ancestor of its kinds that the edit
  // touches, in the tree before the edit (already shifted by edit()) or after it: those are matched again.
  if (ancestorKinds && ancestorKinds.length > 0)
    for (const around of [previous.tree, tree])
      for (const ancestor of nodesOfTypes(around, ancestorKinds, { startIndex: low, endIndex: high })) {
        low = Math.min(low, ancestor.startIndex);
        high = Math.max(high, ancestor.endIndex);
      }
  previous.tree.delete();
  // A rule that stopped on the file has no complete matches to keep, and a rule object that looks
  // elsewhere outside its match (precedes, follows, a widened fix) may change away from the edit: match everything again.
  if (previous.stopped.size > 0 || ancestorKinds === undefined)
    return {
      text,
      lines: after,
      rules: previous.rules,
      tree,
      limitMs: previous.limitMs,
      ...matchesIn(tree, after, previous.rules, previous.limitMs),
    };
  const delta = newEnd - oldEnd;
  const kept = previous.matches
    .filter((m) => m.end <= start || m.start >= oldEnd)
    .map((m) => (m.start >= oldEnd ? shifted(m, delta) : m))
    .filter((m) => !(m.start < high && m.end > low));
  const fresh = matchesIn(tree, after, previous.rules, previous.limitMs, {
    startIndex: Math.max(0, low - 1),
    endIndex: Math.min(text.length, high + 1),
  });
  const seen = new Set(kept.map(keyOf));
  const matches = [...kept, ...fresh.matches.filter((m) => !seen.has(keyOf(m)))].sort((a, b) => a.start - b.start || b.end - a.end);
  return { text, lines: after, rules: previous.rules, tree, limitMs: previous.limitMs, matches, stopped: fresh.stopped };
}

function shifted(match: SyntaxMatch, delta: number): SyntaxMatch {
  const by = (offset: number | undefined) => (offset === undefined ? undefined : offset + delta);
  return { ...match, start: match.start + delta, end: match.end + delta, fixStart: by(match.fixStart), fixEnd: by(match.fixEnd) };
}

/** The ancestor kinds the rule objects' `inside` reach; undefined when one of them may look anywhere. */
function reachedAncestorKinds(rules: SyntaxRules): string[] | undefined {
  const kinds = new Set<string>();
  for (const { object } of rules.objects) {
    if (object.reach.kind === 'anywhere') return undefined;
    if (object.reach.kind === 'ancestors') for (const kind of object.reach.kinds) kinds.add(kind);
  }
  return [...kinds];
}

function keyOf(match: SyntaxMatch): string {
  return `${match.rule.id}\0${match.start}\0${match.end}`;
}

/** The matches in the tree (or in a range of it); a pattern rule gets `limitMs` for the whole file and then stops. */
function matchesIn(
  tree: Tree,
  lines: LineIndex,
  rules: SyntaxRules,
  limitMs: number,
  range?: { startIndex: number; endIndex: number },
): SyntaxResult {
  const text = lines.text;
  const importTypes = new Set(rules.imports.length > 0 ? importNodeTypes(rules.grammar) : []);
  const matches: SyntaxMatch[] = [];
  const budgets = new Map<CompiledTeamRule, RuleBudget>();
  const stopped = new Map<CompiledTeamRule, number>();
  const objectsByType = new Map<string, SyntaxRules['objects']>();
  const parents: ParentCache = new Map();
  for (const entry of rules.objects)
    for (const kind of entry.object.kinds) {
      const objects = objectsByType.get(kind);
      if (objects) objects.push(entry);
      else objectsByType.set(kind, [entry]);
    }
  const budgetOf = (rule: CompiledTeamRule) => {
    let budget = budgets.get(rule);
    if (!budget) budgets.set(rule, (budget = new RuleBudget(limitMs)));
    return budget;
  };
  const types = [...rules.patterns.keys(), ...importTypes, ...objectsByType.keys()];
  const candidates = range ? nodesOfTypes(tree, types, range) : candidateNodes(tree, lines, types, rules, importTypes.size > 0);
  for (const node of candidates) {
    const type = node.type;
    // Each rule first looks for its words in the node's text: cut out once (its end is a call into WebAssembly).
    let nodeText: string | undefined;
    for (const { rule, object } of objectsByType.get(type) ?? []) {
      if (stopped.has(rule)) continue;
      nodeText ??= text.slice(node.startIndex, node.endIndex);
      const budget = budgetOf(rule);
      let match;
      try {
        match = matchRuleObject(object, node, text, budget, parents, nodeText);
      } catch (error) {
        if (!(error instanceof RuleBudgetExceeded)) throw error;
        stopped.set(rule, budget.spentMs);
        continue;
      }
      if (!match) continue;
      const replacement = object.fix === undefined ? undefined : expandTemplate(object.fix.template, match.bindings);
      matches.push({ rule, start: node.startIndex, end: node.endIndex, replacement, fixStart: match.fixStart, fixEnd: match.fixEnd });
    }
    for (const { rule, pattern } of rules.patterns.get(type) ?? []) {
      if (stopped.has(rule)) continue;
      const budget = budgetOf(rule);
      let match;
      try {
        match = matchAt(pattern, node, text, budget);
      } catch (error) {
        if (!(error instanceof RuleBudgetExceeded)) throw error;
        stopped.set(rule, budget.spentMs);
        continue;
      }
      if (!match) continue;
      const replacement = typeof rule.config.fix !== 'string' ? undefined : expandTemplate(rule.config.fix, match.bindings);
      matches.push({ rule, start: node.startIndex, end: node.endIndex, replacement });
    }
    if (!importTypes.has(type)) continue;
    for (const site of importSitesAt(node, rules.grammar)) {
      for (const rule of rules.imports) if (rule.forbiddenImports!(site.module)) matches.push({ rule, start: site.start, end: site.end });
    }
  }
  return { matches, stopped };
}

/** Occurrences of the rules' words closer than this are searched for nodes by one walk. */
const WORDS_APART = 128;
/** Fewer characters than this per walk around words, and one walk of the whole tree costs less. */
const CHARACTERS_PER_WALK = 128;

/**
 * The nodes the rules are tried on. A rule matches only nodes whose text holds all its words
 * (they are tested first): when every rule has words, the nodes that can match are those around
 * the occurrences of each rule's rarest word, found by walks near them instead of one walk of
 * the whole tree. A rule without words (a kind, a metavariable) or an import rule may match
 * anywhere: then the whole tree is walked.
 */
function candidateNodes(tree: Tree, lines: LineIndex, types: string[], rules: SyntaxRules, imports: boolean): Node[] {
  const ranges = imports ? undefined : wordRanges(lines.text, rules);
  return ranges ? nodesOfTypesAround(tree, types, ranges, lines) : nodesOfTypes(tree, types);
}

/** The occurrences of each rule's rarest word, close ones merged; undefined when a rule has no words, or when they are so many that one whole walk costs less. */
function wordRanges(text: string, rules: SyntaxRules): Array<{ start: number; end: number }> | undefined {
  const wordLists = [...[...rules.patterns.values()].flat().map((p) => p.pattern.words), ...rules.objects.map((o) => o.object.words)];
  if (wordLists.some((words) => words.length === 0)) return undefined;
  const words = fileWords(text);
  const occurrences = (word: string) => words.occurrences(word);
  const chosen = new Set(wordLists.map((words) => words.reduce((a, b) => (occurrences(b).length < occurrences(a).length ? b : a))));
  const merged = mergedSpans([...chosen].flatMap((word) => occurrences(word).map((start) => ({ start, end: start + word.length }))));
  return merged.length * CHARACTERS_PER_WALK > text.length ? undefined : merged;
}

/** The spans in order, those less than WORDS_APART apart made one. */
function mergedSpans(spans: Array<{ start: number; end: number }>): Array<{ start: number; end: number }> {
  const merged: Array<{ start: number; end: number }> = [];
  for (const span of spans.sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && span.start - last.end < WORDS_APART) last.end = Math.max(last.end, span.end);
    else merged.push(span);
  }
  return merged;
}
