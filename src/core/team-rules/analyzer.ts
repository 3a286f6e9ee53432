import type { AnalysisContext, Analyzer, RuleMeta, SourceFile } from '../engine/analyzer';
import type { Finding } from '../findings/finding';
import { LineIndex } from '../text/line-index';
import { compileTeamRules, type CompiledTeamRule } from './compile';
import { importGrammarFor, importSites } from './imports';
import { regexFindings } from './regex-matcher';
import { teamFinding } from './finding';
import type { Tree } from 'web-tree-sitter';
import { parseSyntax, type GrammarName } from '../syntax/tree-sitter';
import { expandTemplate, findPattern } from './pattern';
import type { PreflightConfig } from '../config/types';
import { changedLines } from '../text/changed-lines';

const compiledByConfig = new WeakMap<PreflightConfig, CompiledTeamRule[]>();

/** The team's rules from `.preflight.yml`, compiled once per configuration. */
export function teamRulesOf(config: PreflightConfig): CompiledTeamRule[] {
  let rules = compiledByConfig.get(config);
  if (!rules) {
    // Rules that do not compile were reported by the config loader and are already left out.
    rules = compileTeamRules(config.rules, '.preflight.yml').rules.filter((rule) => rule.regex || rule.forbiddenImports || rule.pattern);
    compiledByConfig.set(config, rules);
  }
  return rules;
}

function rulesFor(path: string, context: AnalysisContext): CompiledTeamRule[] {
  return teamRulesOf(context.config).filter((rule) => rule.appliesTo(path) && (rule.regex || importGrammarFor(path)));
}

/** Team rules: regex and forbid-import matchers, on every file the rule's globs select. */
export const teamRulesAnalyzer: Analyzer = {
  name: 'team rules',
  rules: (context) => teamRulesOf(context.config).map((rule): RuleMeta => ({ id: rule.id, description: rule.config.message, severity: rule.config.severity ?? 'warning', docsUrl: rule.config.docsUrl })),
  appliesTo: (path, context) => rulesFor(path, context).length > 0,
  analyze: async (file, context) => onlyChangedLinesWhereAsked(file, await analyzeTeamRules(file, rulesFor(file.path, context)), context),
};

/** Does any rule look only at changed lines (so the caller should supply the file's upstream version)? */
export function needsBaseText(config: PreflightConfig): boolean {
  return config.rules.some((rule) => rule.scope === 'changed');
}

/**
 * `scope: changed` rules keep only findings on lines changed against the upstream. With no
 * upstream version known (a plain `preflight scan`), they report nothing: legacy code is what
 * such a rule exists to leave alone.
 */
function onlyChangedLinesWhereAsked(file: SourceFile, findings: Finding[], context: AnalysisContext): Finding[] {
  const changedOnly = new Set(teamRulesOf(context.config).filter((rule) => rule.config.scope === 'changed').map((rule) => rule.id));
  if (changedOnly.size === 0) return findings;
  const lines = file.base ? changedLines(file.base.text, file.text) : new Set<number>();
  return findings.filter((finding) => !changedOnly.has(finding.ruleId) || touchesAny(finding, lines));
}

function touchesAny(finding: Finding, lines: ReadonlySet<number>): boolean {
  for (let line = finding.line; line <= finding.endLine; line++) if (lines.has(line)) return true;
  return false;
}

async function analyzeTeamRules(file: SourceFile, rules: readonly CompiledTeamRule[]): Promise<Finding[]> {
  const lines = new LineIndex(file.text);
  const findings: Finding[] = [];
  for (const rule of rules) if (rule.regex) findings.push(...regexFindings(rule, file.path, file.text, lines));
  const patternRules = rules.filter((rule) => rule.pattern);
  const importRules = rules.filter((rule) => rule.forbiddenImports);
  const grammar = importGrammarFor(file.path);
  if (!grammar || (patternRules.length === 0 && importRules.length === 0)) return findings;
  // One parse serves every syntax-tree rule of the file: this runs on each (debounced) keystroke.
  const tree = await parseSyntax(grammar, file.text);
  try {
    findings.push(...(await patternFindings(patternRules, grammar, tree, file, lines)));
    for (const site of importSites(tree, grammar)) {
      for (const rule of importRules) if (rule.forbiddenImports!(site.module)) findings.push(teamFinding(rule, file.path, lines, site.start, site.end));
    }
  } finally {
    tree.delete();
  }
  return findings;
}

/** A pattern that does not parse in this file's language matches nothing (it was reported on the config). */
async function patternFindings(rules: readonly CompiledTeamRule[], grammar: GrammarName, tree: Tree, file: SourceFile, lines: LineIndex): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const pattern = await rule.pattern!(grammar).catch(() => undefined);
    if (!pattern) continue;
    for (const match of findPattern(tree, pattern, file.text)) {
      const { startIndex: start, endIndex: end } = match.node;
      const replacement = rule.config.fix === undefined ? undefined : expandTemplate(rule.config.fix, match.bindings);
      const fix = replacement === undefined ? undefined : { description: `Replace with: ${replacement}`, edits: [{ start, end, newText: replacement }] };
      findings.push(teamFinding(rule, file.path, lines, start, end, fix));
    }
  }
  return findings;
}
