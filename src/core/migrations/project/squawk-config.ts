import { posix } from 'node:path';
import type { parseTOML } from 'toml-eslint-parser';
import type { RuleSeverities } from '../../config/types';
import type { Finding } from '../../findings/finding';
import { closestMatch } from '../../text/did-you-mean';
import { globMatcher } from '../../text/glob';
import { toml } from '../../text/toml';
import { projectFileText } from './project-files';

export const SQUAWK_CONFIG_FILE = '.squawk.toml';
export const SQUAWK_CONFIG_RULE = 'migration/squawk-config';

/** What a squawk team's `.squawk.toml` says, as far as Preflight reads it; each setting knows where it was written. */
export interface SquawkConfig {
  /** Severity overrides from excluded_rules (off) and included_rules (on), by squawk's rule names. */
  rules: RuleSeverities;
  pgVersion?: number;
  assumeInTransaction?: boolean;
  isExcludedPath: (path: string) => boolean;
  /** Problems in the file, positioned in it. */
  findings: Finding[];
}

/** squawk's umbrella name for both timeout rules. */
const RULE_ALIASES: Record<string, string[]> = { 'require-timeout-settings': ['require-lock-timeout', 'require-statement-timeout'] };

const KNOWN_KEYS = ['excluded_rules', 'included_rules', 'pg_version', 'assume_in_transaction', 'excluded_paths', 'upload_to_github'];

const NONE: SquawkConfig = { rules: {}, isExcludedPath: () => false, findings: [] };

const parsed = new Map<string, { text: string; names: string; config: SquawkConfig }>();

/** The repository's `.squawk.toml` (read once per change, through the project files), or nothing when there is none. */
export function squawkConfigOf(root: string, ruleNames: readonly string[]): SquawkConfig {
  const text = projectFileText(root, SQUAWK_CONFIG_FILE);
  if (text === undefined) return NONE;
  const names = ruleNames.join(',');
  const cached = parsed.get(root);
  if (cached && cached.text === text && cached.names === names) return cached.config;
  const config = parseSquawkConfig(text, ruleNames);
  parsed.set(root, { text, names, config });
  return config;
}

type TomlNode = ReturnType<typeof parseTOML>['body'][number]['body'][number];

/**
 * Reads `.squawk.toml` text. Never throws: a TOML syntax error is one finding at its position and
 * nothing of the file applies; a setting of the wrong type, or an unknown rule, is a finding at its
 * value and the rest still applies.
 */
export function parseSquawkConfig(text: string, ruleNames: readonly string[], file = SQUAWK_CONFIG_FILE): SquawkConfig {
  const findings: Finding[] = [];
  const problem = (
    loc: { start: { line: number; column: number }; end: { line: number; column: number } },
    message: string,
    help?: string,
  ) =>
    findings.push({
      ruleId: SQUAWK_CONFIG_RULE,
      severity: 'warning',
      file,
      line: loc.start.line,
      column: loc.start.column + 1,
      endLine: loc.end.line,
      endColumn: loc.end.column + 1,
      message,
      ...(help ? { help } : {}),
    });
  let ast: ReturnType<typeof parseTOML>;
  try {
    ast = toml().parseTOML(text);
  } catch (error) {
    const { lineNumber = 1, column = 1, message } = error as { lineNumber?: number; column?: number; message: string };
    const at = { line: lineNumber, column: column - 1 };
    problem({ start: at, end: { ...at, column: at.column + 1 } }, `TOML syntax error: ${message}; Preflight ignores ${file}.`);
    return { ...NONE, findings };
  }
  const config: SquawkConfig = { rules: {}, isExcludedPath: () => false, findings };
  const known = new Set(ruleNames);
  const top = (ast.body[0]?.body ?? []).filter((node): node is Extract<TomlNode, { type: 'TOMLKeyValue' }> => node.type === 'TOMLKeyValue');
  for (const pair of top) {
    const key = pair.key.keys.map((k) => ('name' in k ? k.name : String(k.value))).join('.');
    const value = toml().getStaticTOMLValue(pair.value as never) as unknown;
    switch (key) {
      case 'excluded_rules':
      case 'included_rules': {
        // Every Preflight rule is on unless turned off, so included_rules only has its names checked.
        const exclude = key === 'excluded_rules';
        for (const [name, node] of stringList(pair, value, problem)) {
          const rules = RULE_ALIASES[name] ?? [name];
          if (!rules.every((rule) => known.has(rule))) {
            const suggestion = closestMatch(name, known);
            problem(
              node.loc,
              `'${name}' is not a rule Preflight has, so ${key === 'excluded_rules' ? 'excluding' : 'including'} it changes nothing here.`,
              suggestion ? `Did you mean '${suggestion}'?` : undefined,
            );
            continue;
          }
          if (exclude) for (const rule of rules) config.rules[rule] = 'off';
        }
        break;
      }
      case 'pg_version': {
        const major = typeof value === 'string' ? /^(\d+)(\.\d+)*$/.exec(value.trim())?.[1] : undefined;
        if (major === undefined)
          problem(pair.value.loc, `pg_version must be a version string such as "15" or "11.2"; Preflight ignores it.`);
        else config.pgVersion = Number(major);
        break;
      }
      case 'assume_in_transaction':
        if (typeof value !== 'boolean') problem(pair.value.loc, 'assume_in_transaction must be true or false; Preflight ignores it.');
        else config.assumeInTransaction = value;
        break;
      case 'excluded_paths': {
        const globs = stringList(pair, value, problem).map(([glob]) => glob);
        // squawk matches a pattern against the path it was given, often a bare file name: match the name too.
        const matches = globs.length > 0 ? globMatcher(globs, { dot: true }) : undefined;
        if (matches) config.isExcludedPath = (path) => matches(path) || matches(posix.basename(path));
        break;
      }
      default:
        if (!KNOWN_KEYS.includes(key)) {
          const suggestion = closestMatch(key, KNOWN_KEYS);
          problem(pair.key.loc, `'${key}' is not a .squawk.toml setting.`, suggestion ? `Did you mean '${suggestion}'?` : undefined);
        }
    }
  }
  return config;
}

type Problem = (loc: { start: { line: number; column: number }; end: { line: number; column: number } }, message: string) => void;

/** The strings of an array setting, each with its node; a non-string element or a non-array is reported. */
function stringList(
  pair: Extract<TomlNode, { type: 'TOMLKeyValue' }>,
  value: unknown,
  problem: Problem,
): Array<[string, { loc: TomlNode['loc'] }]> {
  const key = pair.key.keys.map((k) => ('name' in k ? k.name : String(k.value))).join('.');
  if (pair.value.type !== 'TOMLArray' || !Array.isArray(value)) {
    problem(pair.value.loc, `${key} must be a list of strings; Preflight ignores it.`);
    return [];
  }
  const items: Array<[string, { loc: TomlNode['loc'] }]> = [];
  pair.value.elements.forEach((element, index) => {
    const item = value[index] as unknown;
    if (typeof item === 'string') items.push([item, element]);
    else problem(element.loc, `${key} must list strings; Preflight ignores this entry.`);
  });
  return items;
}
