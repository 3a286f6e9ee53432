import type { Language, Node } from 'web-tree-sitter';
import type { RE2JS } from 're2js';
import { re2js } from '../text/re2';
import { parseSyntax, type GrammarName } from '../syntax/tree-sitter';
import type { RuleBudget } from './budget';
import {
  compilePattern,
  keepTrial,
  matchPatternInto,
  STRICTNESS_LEVELS,
  textsOf,
  trialOf,
  type Bindings,
  type CompiledPattern,
} from './pattern';
import type { FixObject, Relation, RuleObject } from '../config/types';

export type { FixObject, Relation, RuleObject };

/**
 * ast-grep's rule objects (https://ast-grep.github.io/reference/rule.html): atomic `pattern`,
 * `kind`, `regex`; relational `inside`, `has`, `precedes`, `follows` (with `stopBy` and `field`);
 * composite `all`, `any`, `not`, `matches`; plus a rule's `constraints`, `utils` and a `fix` whose
 * range `expandStart`/`expandEnd` widen. The keys of one object must all hold, atomic ones first,
 * then composite, then relational, as ast-grep evaluates them: metavariables bound by one are
 * seen by the next.
 */
/** The parts of a team rule that say what it matches and how it fixes. */
export interface RuleSpec {
  rule: RuleObject;
  constraints?: Record<string, RuleObject>;
  utils?: Record<string, RuleObject>;
  fix?: string | FixObject;
}

/** Where in the team rule a problem is: `['rule', 'all', 0, 'pattern']`. */
export type RulePath = Array<string | number>;

/** A rule object that cannot run, and the key it is about. */
export class RuleObjectError extends Error {
  constructor(
    message: string,
    readonly path: RulePath,
  ) {
    super(message);
  }
}

type StopBy = 'neighbor' | 'end' | Matcher;
type RelationKind = 'inside' | 'has' | 'precedes' | 'follows';

interface RelationMatcher {
  op: RelationKind;
  rule: Matcher;
  stopBy: StopBy;
  field?: string;
  /** For `has`: texts the node must contain, since the descendant that matches contains them. */
  words: string[];
}

type Matcher =
  | { op: 'pattern'; pattern: CompiledPattern }
  | { op: 'kind'; kind: string }
  | { op: 'regex'; regex: RE2JS }
  | RelationMatcher
  | { op: 'all' | 'any'; rules: Matcher[] }
  | { op: 'not'; rule: Matcher }
  | { op: 'matches'; name: string; utils: Map<string, Matcher> };

export interface CompiledRuleObject {
  matcher: Matcher;
  /** The node types a match can have (ast-grep's "potential kinds"): only these nodes are tried. */
  kinds: string[];
  constraints: Map<string, Matcher>;
  /** Names written as `$$$NAME`: constraints are for single metavariables only. */
  multiNames: Set<string>;
  /** Texts every match contains (the words of the patterns it must match itself): a file without them is skipped. */
  words: string[];
  /**
   * What outside its node a match depends on, for the keystroke path: `local` (its node and
   * below), `ancestors` of these kinds (an `inside` whose rule and stopBy look only at the
   * ancestor: an edit can only change matches within such an ancestor it touches), or
   * `anywhere` (precedes, follows, a widened fix, a relation inside a relation's rule).
   */
  reach: Reach;
  fix?: { template: string; expandStart?: { rule: Matcher; stopBy: StopBy }; expandEnd?: { rule: Matcher; stopBy: StopBy } };
}

export type Reach = { kind: 'local' } | { kind: 'ancestors'; kinds: string[] } | { kind: 'anywhere' };

export interface RuleObjectMatch {
  node: Node;
  bindings: Map<string, string>;
  /** The fix's range: the node's, widened by expandStart/expandEnd. */
  fixStart: number;
  fixEnd: number;
}

const ATOMIC = ['pattern', 'kind', 'regex'] as const;
const COMPOSITE = ['all', 'any', 'not', 'matches'] as const;
const RELATIONAL = ['inside', 'has', 'precedes', 'follows'] as const;
const RULE_KEYS = new Set<string>([...ATOMIC, ...COMPOSITE, ...RELATIONAL]);
/** ast-grep keys Preflight does not run yet: reported, never ignored. */
const NOT_SUPPORTED = new Set(['nthChild', 'range']);

interface Compiling {
  grammar: GrammarName;
  language: Language;
  utils: Map<string, Matcher>;
  utilSources: Record<string, RuleObject>;
  multiNames: Set<string>;
}

/** Compiles a rule object for one language; throws a RuleObjectError at the key that cannot run. */
export async function compileRuleObject(spec: RuleSpec, grammar: GrammarName): Promise<CompiledRuleObject> {
  const tree = await parseSyntax(grammar, '');
  const language = tree.language;
  tree.delete();
  const compiling: Compiling = { grammar, language, utils: new Map(), utilSources: spec.utils ?? {}, multiNames: new Set() };
  for (const [name, util] of Object.entries(spec.utils ?? {}))
    compiling.utils.set(name, await compileRule(util, ['utils', name], compiling));
  for (const name of compiling.utils.keys())
    if (refersTo(compiling.utils.get(name)!, name, compiling.utils, new Set()))
      throw new RuleObjectError(`the util rule '${name}' refers to itself through 'matches', so it can never be decided`, ['utils', name]);
  const matcher = await compileRule(spec.rule, ['rule'], compiling);
  const kinds = kindsOf(matcher, new Set());
  if (kinds === undefined)
    throw new RuleObjectError(
      "the rule does not say which kind of node it matches: add a 'kind' or a 'pattern' (ast-grep requires one too)",
      ['rule'],
    );
  const constraints = new Map<string, Matcher>();
  for (const [name, constraint] of Object.entries(spec.constraints ?? {})) {
    if (!/^[A-Z_][A-Z0-9_]*$/.test(name))
      throw new RuleObjectError(`a constraint is named by its metavariable without the $ (e.g. NAME for $NAME), not '${name}'`, [
        'constraints',
        name,
      ]);
    constraints.set(name, await compileRule(constraint, ['constraints', name], compiling));
  }
  const fix = await compileFix(spec.fix, compiling);
  const reach =
    fix?.expandStart !== undefined || fix?.expandEnd !== undefined
      ? ANYWHERE
      : [matcher, ...constraints.values()].map((rule) => reachOf(rule, new Set())).reduce(widerReach, LOCAL);
  return { matcher, kinds: [...kinds], constraints, multiNames: compiling.multiNames, reach, fix, words: wordsOf(matcher) };
}

async function compileFix(fix: RuleSpec['fix'], compiling: Compiling): Promise<CompiledRuleObject['fix']> {
  if (fix === undefined) return undefined;
  if (typeof fix === 'string') return { template: fix };
  const expansion = async (relation: Relation | undefined, key: string) => {
    if (relation === undefined) return undefined;
    const { stopBy, field, ...rule } = relation;
    if (field !== undefined) throw new RuleObjectError(`'field' is for 'inside' and 'has' only`, ['fix', key, 'field']);
    return {
      rule: await compileRule(rule, ['fix', key], compiling),
      stopBy: await compileStopBy(stopBy, ['fix', key, 'stopBy'], compiling),
    };
  };
  return {
    template: fix.template,
    expandStart: await expansion(fix.expandStart, 'expandStart'),
    expandEnd: await expansion(fix.expandEnd, 'expandEnd'),
  };
}

async function compileRule(rule: RuleObject, path: RulePath, compiling: Compiling, relation = false): Promise<Matcher> {
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule))
    throw new RuleObjectError('a rule object is a mapping of keys such as pattern, kind, has or all', path);
  for (const key of Object.keys(rule)) {
    if (RULE_KEYS.has(key) || (relation && (key === 'stopBy' || key === 'field'))) continue;
    if (NOT_SUPPORTED.has(key)) throw new RuleObjectError(`'${key}' is not supported yet (see docs/team-rules.md)`, [...path, key]);
    throw new RuleObjectError(`'${key}' is not a key of a rule object`, [...path, key]);
  }
  const parts: Matcher[] = [];
  if (rule.pattern !== undefined)
    parts.push({ op: 'pattern', pattern: await compilePatternKey(rule.pattern, [...path, 'pattern'], compiling) });
  if (rule.kind !== undefined) {
    if (compiling.language.idForNodeType(rule.kind, true) === null)
      throw new RuleObjectError(`'${rule.kind}' is not a kind of node in ${compiling.grammar}`, [...path, 'kind']);
    parts.push({ op: 'kind', kind: rule.kind });
  }
  if (rule.regex !== undefined) {
    try {
      parts.push({ op: 'regex', regex: re2js().RE2JS.compile(rule.regex) });
    } catch (error) {
      throw new RuleObjectError(`the regex cannot be read: ${(error as Error).message}`, [...path, 'regex']);
    }
  }
  if (rule.all !== undefined) parts.push({ op: 'all', rules: await compileList(rule.all, [...path, 'all'], compiling) });
  if (rule.any !== undefined) parts.push({ op: 'any', rules: await compileList(rule.any, [...path, 'any'], compiling) });
  if (rule.not !== undefined) parts.push({ op: 'not', rule: await compileRule(rule.not, [...path, 'not'], compiling) });
  if (rule.matches !== undefined) {
    if (!Object.hasOwn(compiling.utilSources, rule.matches))
      throw new RuleObjectError(`there is no util rule named '${rule.matches}' in this rule's 'utils'`, [...path, 'matches']);
    parts.push({ op: 'matches', name: rule.matches, utils: compiling.utils });
  }
  for (const op of RELATIONAL) {
    const related = rule[op];
    if (related === undefined) continue;
    const at = [...path, op];
    const { stopBy, field, ...inner } = related;
    if (field !== undefined && (op === 'precedes' || op === 'follows'))
      throw new RuleObjectError(`'field' is for 'inside' and 'has' only`, [...at, 'field']);
    if (field !== undefined && compiling.language.fieldIdForName(field) === null)
      throw new RuleObjectError(`'${field}' is not a field of any node in ${compiling.grammar}`, [...at, 'field']);
    const innerRule = await compileRule(inner, at, compiling, true);
    parts.push({
      op,
      rule: innerRule,
      stopBy: await compileStopBy(stopBy, [...at, 'stopBy'], compiling),
      field,
      words: op === 'has' ? wordsOf(innerRule) : [],
    });
  }
  if (parts.length === 0) throw new RuleObjectError('a rule object needs at least one key such as pattern, kind, has or all', path);
  return parts.length === 1 ? parts[0] : { op: 'all', rules: parts };
}

async function compileList(rules: RuleObject[], path: RulePath, compiling: Compiling): Promise<Matcher[]> {
  const compiled: Matcher[] = [];
  for (const [index, rule] of rules.entries()) compiled.push(await compileRule(rule, [...path, index], compiling));
  return compiled;
}

async function compileStopBy(stopBy: Relation['stopBy'], path: RulePath, compiling: Compiling): Promise<StopBy> {
  if (stopBy === undefined || stopBy === 'neighbor' || stopBy === 'end') return stopBy ?? 'neighbor';
  if (typeof stopBy === 'string') throw new RuleObjectError(`stopBy is 'neighbor', 'end' or a rule object, not '${stopBy}'`, path);
  return compileRule(stopBy, path, compiling);
}

async function compilePatternKey(
  pattern: NonNullable<RuleObject['pattern']>,
  path: RulePath,
  compiling: Compiling,
): Promise<CompiledPattern> {
  const source = typeof pattern === 'string' ? pattern : pattern.context;
  const options = typeof pattern === 'string' ? {} : { selector: pattern.selector, strictness: pattern.strictness };
  if (options.strictness !== undefined && !STRICTNESS_LEVELS.includes(options.strictness))
    throw new RuleObjectError(`strictness is one of ${STRICTNESS_LEVELS.join(', ')}`, [...path, 'strictness']);
  if (options.selector !== undefined && compiling.language.idForNodeType(options.selector, true) === null)
    throw new RuleObjectError(`'${options.selector}' is not a kind of node in ${compiling.grammar}`, [...path, 'selector']);
  try {
    const compiled = await compilePattern(source, compiling.grammar, options);
    for (const name of compiled.multiNames) compiling.multiNames.add(name);
    return compiled;
  } catch (error) {
    throw new RuleObjectError((error as Error).message, typeof pattern === 'string' ? path : [...path, 'context']);
  }
}

/** The words the node's text must hold: its patterns' (`pattern`, or inside `all`) and those of what it `has`; other relations and `any` promise none. */
function wordsOf(matcher: Matcher): string[] {
  if (matcher.op === 'pattern') return matcher.pattern.words;
  if (matcher.op === 'all') return [...new Set(matcher.rules.flatMap(wordsOf))];
  if (matcher.op === 'has') return matcher.words;
  return [];
}

const LOCAL: Reach = { kind: 'local' };
const ANYWHERE: Reach = { kind: 'anywhere' };

/** How far from its node a matcher looks (see CompiledRuleObject.reach). */
function reachOf(matcher: Matcher, utilsSeen: Set<string>): Reach {
  switch (matcher.op) {
    case 'pattern':
    case 'kind':
    case 'regex':
      return LOCAL;
    case 'has':
      return isLocal(matcher.rule, utilsSeen) && (typeof matcher.stopBy !== 'object' || isLocal(matcher.stopBy, utilsSeen))
        ? LOCAL
        : ANYWHERE;
    case 'inside': {
      // The ancestor is tested by a rule that looks only at it: only ancestors of its kinds (and the stop rule's) can decide.
      const stop = typeof matcher.stopBy === 'object' ? matcher.stopBy : undefined;
      if (!isLocal(matcher.rule, utilsSeen) || (stop && !isLocal(stop, utilsSeen))) return ANYWHERE;
      const kinds = kindsOf(matcher.rule, new Set());
      const stopKinds = stop ? kindsOf(stop, new Set()) : new Set<string>();
      return kinds && stopKinds ? { kind: 'ancestors', kinds: [...new Set([...kinds, ...stopKinds])] } : ANYWHERE;
    }
    case 'precedes':
    case 'follows':
      return ANYWHERE;
    case 'all':
    case 'any':
      return matcher.rules.map((rule) => reachOf(rule, utilsSeen)).reduce(widerReach, LOCAL);
    case 'not':
      return reachOf(matcher.rule, utilsSeen);
    case 'matches':
      if (utilsSeen.has(matcher.name)) return LOCAL; // a cycle adds nothing the first visit did not see
      return reachOf(matcher.utils.get(matcher.name)!, new Set([...utilsSeen, matcher.name]));
  }
}

function isLocal(matcher: Matcher, utilsSeen: Set<string>): boolean {
  return reachOf(matcher, utilsSeen).kind === 'local';
}

function widerReach(a: Reach, b: Reach): Reach {
  if (a.kind === 'anywhere' || b.kind === 'anywhere') return ANYWHERE;
  if (a.kind === 'local') return b;
  if (b.kind === 'local') return a;
  return { kind: 'ancestors', kinds: [...new Set([...a.kinds, ...b.kinds])] };
}

function refersTo(matcher: Matcher, name: string, utils: Map<string, Matcher>, seen: Set<string>): boolean {
  switch (matcher.op) {
    case 'all':
    case 'any':
      return matcher.rules.some((rule) => refersTo(rule, name, utils, seen));
    case 'not':
      return refersTo(matcher.rule, name, utils, seen);
    case 'matches':
      if (matcher.name === name) return true;
      if (seen.has(matcher.name)) return false;
      seen.add(matcher.name);
      return refersTo(utils.get(matcher.name)!, name, utils, seen);
    default:
      return false;
  }
}

/** ast-grep's potential kinds: undefined means any node (a regex, a relation, a `not`). */
function kindsOf(matcher: Matcher, seen: Set<string>): Set<string> | undefined {
  switch (matcher.op) {
    case 'pattern': {
      const root = matcher.pattern.root;
      return root.single !== undefined || root.multi !== undefined ? undefined : new Set([root.type]);
    }
    case 'kind':
      return new Set([matcher.kind]);
    case 'all': {
      let kinds: Set<string> | undefined;
      for (const rule of matcher.rules) {
        const own = kindsOf(rule, seen);
        if (own) kinds = kinds ? new Set([...kinds].filter((kind) => own.has(kind))) : own;
      }
      return kinds;
    }
    case 'any': {
      const kinds = new Set<string>();
      for (const rule of matcher.rules) {
        const own = kindsOf(rule, seen);
        if (!own) return undefined;
        for (const kind of own) kinds.add(kind);
      }
      return kinds;
    }
    case 'matches': {
      if (seen.has(matcher.name)) return undefined;
      return kindsOf(matcher.utils.get(matcher.name)!, new Set([...seen, matcher.name]));
    }
    default:
      return undefined;
  }
}

interface Evaluation {
  source: string;
  budget?: RuleBudget;
  parents?: ParentCache;
}

/**
 * The parents of nodes already asked for, shared by the rules tried on one tree in one pass:
 * each `node.parent` crosses into WebAssembly, and `inside` rules climb the same ancestors.
 */
export type ParentCache = Map<number, Node | null>;

function parentOf(node: Node, evaluation: Evaluation): Node | null {
  const cache = evaluation.parents;
  if (!cache) return node.parent;
  let parent = cache.get(node.id);
  if (parent === undefined) cache.set(node.id, (parent = node.parent));
  return parent;
}

/** The rule at this node (one of its kinds), its constraints checked on what it bound; `nodeText` is the node's text, when the caller has it. */
export function matchRuleObject(
  rule: CompiledRuleObject,
  node: Node,
  source: string,
  budget?: RuleBudget,
  parents?: ParentCache,
  nodeText?: string,
): RuleObjectMatch | undefined {
  if (rule.words.length > 0) {
    const text = nodeText ?? source.slice(node.startIndex, node.endIndex);
    if (!rule.words.every((word) => text.includes(word))) return undefined;
  }
  const evaluation: Evaluation = { source, budget, parents };
  const run = (): RuleObjectMatch | undefined => {
    const bindings: Bindings = new Map();
    if (!evaluate(rule.matcher, node, bindings, evaluation)) return undefined;
    for (const [name, constraint] of rule.constraints) {
      const bound = bindings.get(name);
      if (!bound || bound.length !== 1 || rule.multiNames.has(name)) continue;
      if (!attempt(constraint, bound[0], bindings, evaluation)) return undefined;
    }
    return {
      node,
      bindings: textsOf(bindings, source),
      fixStart: expandedStart(rule, node, bindings, evaluation),
      fixEnd: expandedEnd(rule, node, bindings, evaluation),
    };
  };
  return budget ? budget.run(run) : run();
}

function expandedStart(rule: CompiledRuleObject, node: Node, bindings: Bindings, evaluation: Evaluation): number {
  const expansion = rule.fix?.expandStart;
  if (!expansion) return node.startIndex;
  return (
    search(
      expansion.stopBy,
      node.previousSibling,
      (n) => n.previousSibling,
      (n) => attempt(expansion.rule, n, trialOf(bindings), evaluation),
      evaluation,
    )?.startIndex ?? node.startIndex
  );
}

function expandedEnd(rule: CompiledRuleObject, node: Node, bindings: Bindings, evaluation: Evaluation): number {
  const expansion = rule.fix?.expandEnd;
  if (!expansion) return node.endIndex;
  return (
    search(
      expansion.stopBy,
      node.nextSibling,
      (n) => n.nextSibling,
      (n) => attempt(expansion.rule, n, trialOf(bindings), evaluation),
      evaluation,
    )?.endIndex ?? node.endIndex
  );
}

/** evaluate that keeps the bindings as they were when the rule does not match. */
function attempt(matcher: Matcher, node: Node, bindings: Bindings, evaluation: Evaluation): boolean {
  const trial = trialOf(bindings);
  if (!evaluate(matcher, node, trial, evaluation)) return false;
  keepTrial(trial, bindings);
  return true;
}

function evaluate(matcher: Matcher, node: Node, bindings: Bindings, evaluation: Evaluation): boolean {
  evaluation.budget?.tick();
  switch (matcher.op) {
    case 'pattern':
      return matchPatternInto(matcher.pattern, node, evaluation.source, bindings, evaluation.budget);
    case 'kind':
      return node.isNamed && node.type === matcher.kind;
    case 'regex':
      return matcher.regex.matcher(evaluation.source.slice(node.startIndex, node.endIndex)).find();
    case 'all':
      return matcher.rules.every((rule) => attempt(rule, node, bindings, evaluation));
    case 'any':
      return matcher.rules.some((rule) => attempt(rule, node, bindings, evaluation));
    case 'not':
      return !evaluate(matcher.rule, node, trialOf(bindings), evaluation);
    case 'matches':
      return attempt(matcher.utils.get(matcher.name)!, node, bindings, evaluation);
    case 'inside':
      return inside(matcher, node, bindings, evaluation);
    case 'has':
      return has(matcher, node, bindings, evaluation);
    case 'precedes':
      return (
        search(
          matcher.stopBy,
          node.nextSibling,
          (n) => n.nextSibling,
          (n) => attempt(matcher.rule, n, bindings, evaluation),
          evaluation,
        ) !== undefined
      );
    case 'follows':
      return (
        search(
          matcher.stopBy,
          node.previousSibling,
          (n) => n.previousSibling,
          (n) => attempt(matcher.rule, n, bindings, evaluation),
          evaluation,
        ) !== undefined
      );
  }
}

/**
 * The first node along a line of nodes (siblings or ancestors) that `found` accepts: only the
 * first with `neighbor`, any with `end`, and with a stop rule up to and including the first node
 * the stop rule matches.
 */
function search(
  stopBy: StopBy,
  first: Node | null,
  next: (node: Node) => Node | null,
  found: (node: Node) => boolean,
  evaluation: Evaluation,
): Node | undefined {
  if (stopBy === 'neighbor') return first && found(first) ? first : undefined;
  for (let node = first; node; node = next(node)) {
    if (found(node)) return node;
    if (stopBy !== 'end' && evaluate(stopBy, node, new Map(), evaluation)) return undefined;
  }
  return undefined;
}

/** `inside` with `field`: each ancestor on the way up must hold the node below it in that field. */
function inside(matcher: RelationMatcher, node: Node, bindings: Bindings, evaluation: Evaluation): boolean {
  let below = node;
  const found = (ancestor: Node): boolean => {
    const child = below;
    below = ancestor;
    if (matcher.field !== undefined && ancestor.childForFieldName(matcher.field)?.id !== child.id) return false;
    return attempt(matcher.rule, ancestor, bindings, evaluation);
  };
  return search(matcher.stopBy, parentOf(node, evaluation), (n) => parentOf(n, evaluation), found, evaluation) !== undefined;
}

function has(matcher: RelationMatcher, node: Node, bindings: Bindings, evaluation: Evaluation): boolean {
  if (matcher.words.length > 0) {
    const text = evaluation.source.slice(node.startIndex, node.endIndex);
    if (!matcher.words.every((word) => text.includes(word))) return false;
  }
  const inner = (n: Node) => attempt(matcher.rule, n, bindings, evaluation);
  const stops = (n: Node) => typeof matcher.stopBy === 'object' && evaluate(matcher.stopBy, n, new Map(), evaluation);
  if (matcher.field !== undefined) {
    const child = node.childForFieldName(matcher.field);
    if (!child) return false;
    if (matcher.stopBy === 'neighbor') return inner(child);
    if (matcher.stopBy === 'end') return descendants(child, true, innerKinds(matcher)).some(inner);
    return inner(child) || (!stops(child) && children(child).some((n) => has(matcher, n, bindings, evaluation)));
  }
  if (matcher.stopBy === 'neighbor') return children(node).some(inner);
  if (matcher.stopBy === 'end') return descendants(node, false, innerKinds(matcher)).some(inner);
  return children(node).some((n) => inner(n) || (!stops(n) && has(matcher, n, bindings, evaluation)));
}

function children(node: Node): Node[] {
  return node.children.filter((child): child is Node => child !== null);
}

const innerKindsOf = new WeakMap<RelationMatcher, string[] | null>();

/** The kinds a relation's rule can match (ast-grep's potential kinds), null for any; found on first use, when every util is compiled. */
function innerKinds(matcher: RelationMatcher): string[] | null {
  let kinds = innerKindsOf.get(matcher);
  if (kinds === undefined) {
    const found = kindsOf(matcher.rule, new Set());
    innerKindsOf.set(matcher, (kinds = found ? [...found] : null));
  }
  return kinds;
}

/**
 * The node's descendants in document order (depth first), itself first when asked; given the
 * only kinds that can match, just the nodes of those kinds, found by a walk inside WebAssembly.
 */
function descendants(node: Node, self: boolean, kinds: string[] | null = null): Node[] {
  if (kinds) {
    const found = node.descendantsOfType(kinds) as Node[];
    return self || found[0]?.id !== node.id ? found : found.slice(1);
  }
  const all: Node[] = self ? [node] : [];
  const cursor = node.walk();
  try {
    if (!cursor.gotoFirstChild()) return all;
    for (;;) {
      all.push(cursor.currentNode);
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent() || cursor.nodeId === node.id) return all;
      }
    }
  } finally {
    cursor.delete();
  }
}
