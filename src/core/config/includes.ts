import { globMatcher } from '../text/glob';
import { readInsideRepository } from '../fs/inside-repository';
import { filesMatching } from '../fs/walk';
import { compareFindings, type Finding } from '../findings/finding';
import type { LoadedConfig } from './loader';
import { isAstGrepRuleFile } from './ast-grep-rules';
import type { PreflightConfig } from './types';

const MAX_INCLUDED_FILES = 200;
const MAX_INCLUDED_BYTES = 1024 * 1024;

/** An included file as it was read: its text, or why it could not be. */
export type IncludedSource = { file: string; text: string } | { file: string; problem: string };

/** The files `include:` names, read from the repository (at most 200, each at most 1 MB). */
export async function includedSources(root: string, globs: readonly string[]): Promise<IncludedSource[]> {
  if (globs.length === 0) return [];
  const files = await filesMatching(root, globs, MAX_INCLUDED_FILES);
  return files.map((file) => {
    const read = readInsideRepository(root, file, MAX_INCLUDED_BYTES);
    return 'problem' in read ? { file, problem: read.problem } : { file, text: read.text };
  });
}

/**
 * Adds the team rules of the files `include:` names (`.preflight/rules/*.yml`), after the main
 * file's own. Each included file holds a `rules:` list or is an ast-grep rule file; its problems are reported on it, at the
 * line, and its valid rules still run. Rules remember their file for "open rule definition".
 */
export async function withIncludedRules(
  loaded: LoadedConfig,
  included: readonly IncludedSource[],
  parse: (text: string, file: string) => Promise<LoadedConfig>,
): Promise<LoadedConfig> {
  const globs = loaded.config.include;
  if (globs.length === 0) return loaded;
  const rules = [...loaded.config.rules];
  const findings = [...loaded.findings];
  if (included.length === 0)
    findings.push(includeFinding(loaded.file ?? '.preflight.yml', `No file matches include: ${globs.join(', ')}.`, 'warning'));
  for (const source of included) {
    if ('problem' in source) {
      findings.push(includeFinding(loaded.file ?? '.preflight.yml', `The included file ${source.file} ${source.problem}.`, 'error'));
      continue;
    }
    const { file, text } = source;
    const part = await parse(text, file);
    findings.push(...part.findings, ...(isAstGrepRuleFile(text) ? [] : onlyRulesIn(text, file)));
    // The same rule objects, marked: a rule's compiled form is kept by the object, so it is not compiled again.
    for (const rule of part.config.rules) rules.push(Object.assign(rule, { definedIn: file }));
  }
  return { ...loaded, config: { ...loaded.config, rules }, findings: findings.sort(compareFindings) };
}

/** Does the configuration's `include:` name this repository-relative file? */
export function isIncludedFile(config: PreflightConfig, path: string): boolean {
  return config.include.length > 0 && globMatcher(config.include, { dot: true })(path);
}

/** An included file contributes rules only; anything else in it would be silently ignored, so say so. */
function onlyRulesIn(text: string, file: string): Finding[] {
  const others = [...text.matchAll(/^([A-Za-z_][\w-]*)\s*:/gm)].filter((m) => m[1] !== 'rules');
  return others.map((match) => {
    const line = text.slice(0, match.index).split('\n').length;
    return {
      ...includeFinding(file, `'${match[1]}' is ignored here: an included file contributes only its 'rules:'.`, 'warning'),
      line,
      endLine: line,
      endColumn: match[1].length + 1,
    };
  });
}

function includeFinding(file: string, message: string, severity: Finding['severity']): Finding {
  return { ruleId: 'config/invalid', severity, file, line: 1, column: 1, endLine: 1, endColumn: 1, message };
}
