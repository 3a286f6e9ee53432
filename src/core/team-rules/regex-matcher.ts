import type { RE2JS } from 're2js';
import type { Finding } from '../findings/finding';
import type { LineIndex } from '../text/line-index';
import { RULE_TIME_LIMIT_MS, RuleBudget, RuleBudgetExceeded, stoppedFinding } from './budget';
import type { CompiledTeamRule } from './compile';
import { teamFinding } from './finding';
import { literalMatches, literalMatchesAfterEdit } from './regex-literal';
import { editBetween } from '../text/edit-between';
import { report } from '../rules/rule';

/**
 * A regex rule reports at most this many matches in one file; at the next match one more
 * finding says the rest are cut. A regex that matches nearly every line (a typo, `.*`) would
 * otherwise bury the file's other findings and slow the editor with thousands of diagnostics.
 */
export const MAX_MATCHES_PER_FILE = 200;

/**
 * Every match of the rule's regex; `fix` may use $0..$9 for the match and its groups. The rule
 * gets `limitMs` on the file: when it is spent, the matches found so far are kept and one
 * finding says the rule stopped.
 */
export function regexFindings(
  rule: CompiledTeamRule,
  path: string,
  text: string,
  lines: LineIndex,
  limitMs = RULE_TIME_LIMIT_MS,
  kept?: KeptLiterals,
): Finding[] {
  if (rule.literal) return literalFindings(rule, path, text, lines, kept);
  const budget = new RuleBudget(limitMs);
  const findings: Finding[] = [];
  try {
    budget.run(() =>
      onTheClock(rule.regex!(), budget, () => {
        const matcher = rule.regex!().matcher(text);
        while (matcher.find()) {
          const start = matcher.start();
          const end = Math.max(matcher.end(), start);
          if (findings.length === MAX_MATCHES_PER_FILE) {
            findings.push(cutFinding(rule, path, lines, start, end));
            break;
          }
          const fix = replacementFix(rule, start, end, (group) => matcher.group(group) ?? '');
          findings.push(teamFinding(rule, path, lines, start, end, fix));
          if (end === start && start >= text.length) break;
        }
      }),
    );
  } catch (error) {
    if (!(error instanceof RuleBudgetExceeded)) throw error;
    findings.push(stoppedFinding(rule, path, budget.spentMs, 'regex'));
  }
  return findings;
}

/** The parts of re2js's compiled program that `onTheClock` reaches into (re2js 2.x). */
interface Re2Engine {
  executeEngine(input: { step(pos: number): number }, ...rest: unknown[]): unknown;
}

/**
 * Runs `work` with every input step of the regex's engine counted against the budget.
 *
 * Why inside the engine and not between matches: RE2 is linear in the input, but its work per
 * character grows with the program, and a counted repetition like `[a-z]{1,1000}` compiles to
 * thousands of instructions, so a single `find()` over 2 MB without a match takes minutes and
 * never returns to a check between matches. Cutting the input into chunks would change which
 * matches are found (a match can span a chunk boundary, `$` and `\b` see a false end), and a
 * limit on input size × program size would refuse files the regex scans quickly in practice.
 * Every engine re2js has (NFA, DFA, backtracker, one-pass) reads the input through
 * `input.step(pos)`, one character at a time: counting there stops a search at any point and
 * leaves the matches it finds unchanged. A stopped search leaves no shared state half-done (the
 * machines it drew from re2js's pools are simply not returned), so the regex keeps working on
 * the next file.
 */
function onTheClock<T>(regex: RE2JS, budget: RuleBudget, work: () => T): T {
  const engine = regex.re2() as unknown as Partial<Re2Engine>;
  const execute = engine.executeEngine;
  if (typeof execute !== 'function') return work(); // another re2js: matched without the in-engine clock
  const own = Object.hasOwn(engine, 'executeEngine');
  engine.executeEngine = function (this: Re2Engine, input, ...rest) {
    const step = input.step;
    input.step = (pos: number) => {
      budget.tick();
      return step.call(input, pos);
    };
    return execute.call(this, input, ...rest);
  };
  try {
    return work();
  } finally {
    if (own) engine.executeEngine = execute;
    else delete engine.executeEngine; // the prototype's method again
  }
}

function expand(template: string, group: (index: number) => string): string {
  return template.replace(/\$(\d)/g, (_, digit: string) => group(Number(digit)));
}

/** The rule's `fix:` with its `$n` groups filled in, as the quick fix for one match. */
function replacementFix(rule: CompiledTeamRule, start: number, end: number, group: (index: number) => string) {
  if (typeof rule.config.fix !== 'string') return undefined;
  return { description: `Replace with: ${rule.config.fix}`, edits: [{ start, end, newText: expand(rule.config.fix, group) }] };
}

const MAX_KEPT_FILES = 16;
type Occurrences = Array<[number, number]>;
interface KeptText {
  text: string;
  byRule: Map<CompiledTeamRule, Occurrences>;
}
/** A file's literal rules' occurrences in its latest text and in the text before. */
export interface KeptLiterals {
  latest: KeptText;
  before?: KeptText;
  edit?: ReturnType<typeof editBetween>;
}
const keptLiterals = new Map<string, KeptLiterals>();

/**
 * What the file's literal rules found in its text before, for the next keystroke to search only
 * around its edit: asked once per analysis of the file, then passed to each rule's `regexFindings`.
 */
export function keptLiteralsOf(path: string, text: string): KeptLiterals {
  let kept = keptLiterals.get(path);
  keptLiterals.delete(path);
  if (kept && kept.latest.text !== text) kept = { latest: { text, byRule: new Map() }, before: kept.latest };
  kept ??= { latest: { text, byRule: new Map() } };
  keptLiterals.set(path, kept);
  while (keptLiterals.size > MAX_KEPT_FILES) keptLiterals.delete(keptLiterals.keys().next().value as string);
  return kept;
}

/** Forgets a closed file's literal occurrences (its text with them). */
export function forgetKeptLiterals(path: string): void {
  keptLiterals.delete(path);
}

/** A literal regex has no groups: $0 is the match itself. */
function literalFindings(rule: CompiledTeamRule, path: string, text: string, lines: LineIndex, kept: KeptLiterals | undefined): Finding[] {
  const matches = kept ? keptMatches(rule, text, kept) : [...literalMatches(rule.literal!, text)];
  const findings: Finding[] = [];
  for (const [start, end] of matches) {
    if (findings.length === MAX_MATCHES_PER_FILE) {
      findings.push(cutFinding(rule, path, lines, start, end));
      break;
    }
    const fix = replacementFix(rule, start, end, (group) => (group === 0 ? text.slice(start, end) : ''));
    findings.push(teamFinding(rule, path, lines, start, end, fix));
  }
  return findings;
}

function keptMatches(rule: CompiledTeamRule, text: string, kept: KeptLiterals): Occurrences {
  let matches = kept.latest.byRule.get(rule);
  const earlier = kept.before?.byRule.get(rule);
  if (!matches && earlier && kept.before) {
    kept.edit ??= editBetween(kept.before.text, text);
    matches = literalMatchesAfterEdit(rule.literal!, earlier, text, kept.edit);
  }
  matches ??= [...literalMatches(rule.literal!, text)];
  kept.latest.byRule.set(rule, matches);
  return matches;
}

/** The finding at the first match not reported, saying that it and the ones after it are cut. */
function cutFinding(rule: CompiledTeamRule, path: string, lines: LineIndex, start: number, end: number): Finding {
  const { config } = rule;
  return report(
    {
      ruleId: rule.id,
      severity: config.severity ?? 'warning',
      docsUrl: config.docsUrl,
      help: 'Make the regex more specific, or narrow the files the rule applies to.',
      path,
      lines,
    },
    {
      at: { start, end },
      message: `Rule ${rule.id} has more than ${MAX_MATCHES_PER_FILE} matches in this file: this one and the ones after it are not reported.`,
    },
  );
}
