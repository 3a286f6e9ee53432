import type { RuleSeverities } from '../config/types';
import type { Finding, Severity } from '../findings/finding';
import type { LineIndex } from '../text/line-index';

/**
 * What every built-in rule is (migration, job and test-first rules alike): the fields its docs
 * page, `--help`, ignore comments and severity overrides read. A rule file exports one of these
 * plus its check; the family's index lists it.
 */
export interface RuleMeta<Help = string> {
  /** Without the family prefix; squawk's name where the risk is the same. */
  name: string;
  severity: Severity;
  /** One line: what the rule catches. */
  description: string;
  /** The docs page's body: what goes wrong, and why. */
  why: string;
  /** The safe way. */
  help: Help;
  /** What looks like a hit but is not reported, and why: the docs page's "Not reported" list. */
  notReported?: readonly string[];
  /** Off unless the team turns it on with a severity in .preflight.yml (squawk's opt-in rules). */
  optIn?: boolean;
}

/** The folders of built-in rules: the prefix of their ids and the folder of their docs pages. */
export type RuleFamily = 'migration' | 'jobs' | 'testfirst';

const DOCS_BASE = 'https://github.com/preflight-dev/preflight/blob/main/docs/rules/';

// Rules run on every keystroke, each asking for its id and docs link: they are built once per rule.
const ids = new WeakMap<object, { id: string; docsUrl: string }>();

function namesOf(family: RuleFamily, rule: Pick<RuleMeta<unknown>, 'name'>): { id: string; docsUrl: string } {
  let names = ids.get(rule);
  if (!names || !names.id.startsWith(`${family}/`)) {
    names = { id: `${family}/${rule.name}`, docsUrl: `${DOCS_BASE}${family}/${rule.name}.md` };
    ids.set(rule, names);
  }
  return names;
}

export function ruleId(family: RuleFamily, rule: Pick<RuleMeta<unknown>, 'name'>): string {
  return namesOf(family, rule).id;
}

export function ruleDocsUrl(family: RuleFamily, rule: Pick<RuleMeta<unknown>, 'name'>): string {
  return namesOf(family, rule).docsUrl;
}

/** The severity after the team's overrides (by `family/name` or plain `name`); undefined when turned off. */
export function severityFor(
  family: RuleFamily,
  rule: Pick<RuleMeta<unknown>, 'name' | 'severity' | 'optIn'>,
  overrides: RuleSeverities = {},
): Severity | undefined {
  const configured = overrides[ruleId(family, rule)] ?? overrides[rule.name];
  if (configured === 'off' || (configured === undefined && rule.optIn)) return undefined;
  return configured ?? rule.severity;
}

/** Where a hit is: character offsets in the file, or a line and columns (1-based) when only the line is at hand (git grep). */
export type HitLocation = { start: number; end: number } | { line: number; column: number; endColumn: number };

/** What a rule reports; `report` turns it into a located Finding. */
export interface Hit {
  at: HitLocation;
  message: string;
  /** Replaces the rule's help when the advice depends on the case. */
  help?: string;
  fix?: { description: string; edits: Array<{ start: number; end: number; newText: string }> };
}

/** Who reports, about which file: a built-in rule (see `builtIn`) or a team rule. */
export interface Reporter {
  ruleId: string;
  severity: Severity;
  docsUrl?: string;
  /** The rule's help for this file (a migration rule's help depends on the format). */
  help?: string;
  path: string;
  /** The file's line index, to turn offsets into positions; without it an offset hit is shown at 1:1. */
  lines?: LineIndex;
}

/** The id, severity and docs page of a built-in rule, for `report`. */
export function builtIn(
  family: RuleFamily,
  rule: Pick<RuleMeta<unknown>, 'name'>,
  severity: Severity,
): Pick<Reporter, 'ruleId' | 'severity' | 'docsUrl'> {
  return { ruleId: ruleId(family, rule), severity, docsUrl: ruleDocsUrl(family, rule) };
}

/** The one way a rule's hit becomes a Finding (as ESLint's context.report): id, severity, docs link, positions and fix edits. */
export function report(reporter: Reporter, hit: Hit): Finding {
  const { lines, path } = reporter;
  const position = (offset: number) => (lines ? lines.positionAt(offset) : { line: 1, column: 1 });
  const { at } = hit;
  const start = 'line' in at ? { line: at.line, column: at.column } : position(at.start);
  const end = 'line' in at ? { line: at.line, column: at.endColumn } : position(at.end);
  const help = hit.help ?? reporter.help;
  const finding: Finding = {
    ruleId: reporter.ruleId,
    severity: reporter.severity,
    file: path,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    message: hit.message,
  };
  // Assigned, not spread: a scan makes thousands of findings, and the fields keep this order in JSON.
  if (help !== undefined) finding.help = help;
  if (reporter.docsUrl !== undefined) finding.docsUrl = reporter.docsUrl;
  if (hit.fix) {
    finding.fix = {
      description: hit.fix.description,
      edits: hit.fix.edits.map((edit) => ({
        file: path,
        range: { start: position(edit.start), end: position(edit.end) },
        newText: edit.newText,
      })),
    };
  }
  return finding;
}

/** A hit about the file as a whole, shown on its first line. */
export function wholeFile(message: string): Hit {
  return { at: { start: 0, end: 0 }, message };
}
