import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { nodesOfTypes } from '../../src/core/syntax/nodes-of-types';
import { parseSyntax, type GrammarName } from '../../src/core/syntax/tree-sitter';
import { PATTERN_LANGUAGES, type PatternLanguage } from '../../src/core/syntax/languages';
import { compilePattern, expandTemplate, matchAt, type MatchOptions } from '../../src/core/team-rules/pattern';
import { compileRuleObject, matchRuleObject, type RuleSpec } from '../../src/core/team-rules/rule-object';

/** The ast-grep binary of the installed @ast-grep/cli (the platform package's, else the main package's copy). */
export function astGrepBinary(): string | undefined {
  const candidates = [`@ast-grep/cli-${process.platform}-${process.arch}-gnu/package.json`, '@ast-grep/cli/package.json'];
  for (const candidate of candidates) {
    try {
      const binary = join(dirname(require.resolve(candidate)), process.platform === 'win32' ? 'ast-grep.exe' : 'ast-grep');
      if (existsSync(binary)) return binary;
    } catch {
      // not installed for this platform
    }
  }
  return undefined;
}

/** A match as `file:start-end` in character offsets (the corpus is ASCII, so ast-grep's byte offsets agree). */
export type MatchKey = string;

/** ast-grep's matches of one pattern in the files of a directory. */
export function astGrepMatches(binary: string, pattern: string, language: string, dir: string): Set<MatchKey> {
  const result = spawnSync(binary, ['run', '--pattern', pattern, '--lang', language, '--json=stream', '.'], {
    cwd: dir,
    encoding: 'utf8',
  });
  if (result.status !== 0 && result.stdout.trim() === '') return new Set(); // a pattern ast-grep rejects matches nothing
  const keys = new Set<MatchKey>();
  for (const line of result.stdout.split('\n')) {
    if (!line.trim()) continue;
    const match = JSON.parse(line) as { file: string; range: { byteOffset: { start: number; end: number } } };
    keys.add(`${match.file.replace(/^\.\//, '')}:${match.range.byteOffset.start}-${match.range.byteOffset.end}`);
  }
  return keys;
}

/**
 * Preflight's matches of one pattern, found as the team-rules analyzer finds them (candidates of
 * the root's type, then matchAt); undefined when Preflight refuses the pattern.
 */
export async function preflightMatches(
  pattern: string,
  grammar: GrammarName,
  dir: string,
  options?: MatchOptions,
): Promise<Set<MatchKey> | undefined> {
  const compiled = await compilePattern(pattern, grammar).catch(() => undefined);
  const keys = new Set<MatchKey>();
  if (!compiled) return undefined;
  for (const file of readdirSync(dir).sort()) {
    const text = readFileSync(join(dir, file), 'utf8');
    const tree = await parseSyntax(grammar, text);
    try {
      for (const node of nodesOfTypes(tree, [compiled.root.type])) {
        if (matchAt(compiled, node, text, undefined, options)) keys.add(`${file}:${node.startIndex}-${node.endIndex}`);
      }
    } finally {
      tree.delete();
    }
  }
  return keys;
}

export interface PatternComparison {
  pattern: string;
  /** Preflight refuses the pattern (it does not parse); ast-grep warns and runs it. */
  refused: boolean;
  both: number;
  onlyAstGrep: MatchKey[];
  onlyPreflight: MatchKey[];
  /** The matches only ast-grep has that it finds by ignoring the code's nodes after the pattern's last one. */
  trailingNodes: MatchKey[];
}

export async function comparePattern(binary: string, pattern: string, language: string, dir: string): Promise<PatternComparison> {
  const theirs = astGrepMatches(binary, pattern, language, dir);
  const grammar = grammarOf(language);
  const ours = (await preflightMatches(pattern, grammar, dir)) ?? new Set();
  const lenient = (await preflightMatches(pattern, grammar, dir, { ignoreTrailingNodes: true })) ?? new Set();
  const onlyAstGrep = [...theirs].filter((key) => !ours.has(key));
  return {
    pattern,
    refused: !(await compilePattern(pattern, grammar).then(
      () => true,
      () => false,
    )),
    both: [...ours].filter((key) => theirs.has(key)).length,
    onlyAstGrep,
    onlyPreflight: [...ours].filter((key) => !theirs.has(key)),
    trailingNodes: onlyAstGrep.filter((key) => lenient.has(key)),
  };
}

/** The disagreements no documented difference explains. */
export function unexplained(comparison: PatternComparison): { onlyAstGrep: MatchKey[]; onlyPreflight: MatchKey[] } {
  return {
    onlyAstGrep: comparison.onlyAstGrep.filter((key) => !comparison.trailingNodes.includes(key)),
    onlyPreflight: comparison.onlyPreflight,
  };
}

/** Matches both found, over the matches either found; `explained`: the disagreements a documented difference accounts for. */
export function agreement(
  comparisons: readonly PatternComparison[],
  refusedOnPurpose: readonly string[] = [],
  differing: Readonly<Record<string, { onlyAstGrep: string[]; onlyPreflight: string[] }>> = {},
) {
  let agreed = 0;
  let total = 0;
  let explained = 0;
  for (const c of comparisons) {
    agreed += c.both;
    total += c.both + c.onlyAstGrep.length + c.onlyPreflight.length;
    explained += c.refused && refusedOnPurpose.includes(c.pattern) ? c.onlyAstGrep.length : c.trailingNodes.length;
    const known = Object.hasOwn(differing, c.pattern) ? differing[c.pattern] : undefined;
    if (known) explained += known.onlyAstGrep.length + known.onlyPreflight.length;
  }
  return { agreed, total, explained };
}

export function percent(part: number, whole: number): string {
  return `${((100 * part) / Math.max(whole, 1)).toFixed(1)}%`;
}

/** The grammar of a language as ast-grep names it (`csharp` is the grammar `c-sharp`). */
export function grammarOf(language: string): GrammarName {
  return Object.hasOwn(PATTERN_LANGUAGES, language) ? PATTERN_LANGUAGES[language as PatternLanguage] : (language as GrammarName);
}

/** ast-grep's matches of a rule file's rule (`ast-grep scan --rule`), with the fix's range when it has one. */
export function astGrepRuleMatches(binary: string, ruleYaml: string, dir: string): Set<MatchKey> {
  const file = join(mkdtempSync(join(tmpdir(), 'preflight-ast-grep-')), 'rule.yml');
  writeFileSync(file, ruleYaml);
  const result = spawnSync(binary, ['scan', '--rule', file, '--json=stream', '.'], { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0 && result.stdout.trim() === '') throw new Error(`ast-grep rejects the rule: ${result.stderr.trim()}`);
  const keys = new Set<MatchKey>();
  for (const line of result.stdout.split('\n')) {
    if (!line.trim()) continue;
    const match = JSON.parse(line) as {
      file: string;
      range: { byteOffset: { start: number; end: number } };
      replacement?: string;
      replacementOffsets?: { start: number; end: number };
    };
    const fix = match.replacementOffsets
      ? ` fix ${match.replacementOffsets.start}-${match.replacementOffsets.end}:${match.replacement}`
      : '';
    keys.add(`${match.file.replace(/^\.\//, '')}:${match.range.byteOffset.start}-${match.range.byteOffset.end}${fix}`);
  }
  return keys;
}

/** Preflight's matches of a rule object, found as the team-rules analyzer finds them; throws when Preflight refuses the rule. */
export async function preflightRuleMatches(spec: RuleSpec, grammar: GrammarName, dir: string, extension: string): Promise<Set<MatchKey>> {
  const compiled = await compileRuleObject(spec, grammar);
  const keys = new Set<MatchKey>();
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith(extension)) continue;
    const text = readFileSync(join(dir, file), 'utf8');
    const tree = await parseSyntax(grammar, text);
    try {
      for (const node of nodesOfTypes(tree, compiled.kinds)) {
        const match = matchRuleObject(compiled, node, text);
        if (!match) continue;
        const fix =
          compiled.fix === undefined
            ? ''
            : ` fix ${match.fixStart}-${match.fixEnd}:${expandTemplate(compiled.fix.template, match.bindings)}`;
        keys.add(`${file}:${node.startIndex}-${node.endIndex}${fix}`);
      }
    } finally {
      tree.delete();
    }
  }
  return keys;
}
