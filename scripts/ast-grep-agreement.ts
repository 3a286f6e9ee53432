// Prints, per language, how often Preflight's pattern matcher and the ast-grep CLI agree on the
// corpus of test/fixtures/ast-grep-corpus (the comparison the differential test makes).
//   node --require tsx/cjs scripts/ast-grep-agreement.ts [--verbose]
import { join } from 'node:path';
import { agreement, astGrepBinary, comparePattern, percent, type PatternComparison } from '../test/support/ast-grep';
import { CORPUS_PATTERNS, DIFFERING_PATTERNS, REFUSED_PATTERNS } from '../test/support/ast-grep-corpus';

async function main(): Promise<void> {
  const binary = astGrepBinary();
  if (!binary) throw new Error('@ast-grep/cli is not installed (npm ci)');
  const verbose = process.argv.includes('--verbose');
  for (const [language, patterns] of Object.entries(CORPUS_PATTERNS)) {
    const dir = join(__dirname, '..', 'test', 'fixtures', 'ast-grep-corpus', language);
    const comparisons: PatternComparison[] = [];
    for (const pattern of patterns) comparisons.push(await comparePattern(binary, pattern, language, dir));
    const { agreed, total, explained } = agreement(comparisons, REFUSED_PATTERNS[language], DIFFERING_PATTERNS[language]);
    const identical = comparisons.filter((c) => c.onlyAstGrep.length + c.onlyPreflight.length === 0).length;
    console.log(
      `${language}: ${agreed}/${total} matches agree (${percent(agreed, total)}), ${identical}/${patterns.length} patterns identical; ` +
        `with the documented differences: ${agreed + explained}/${total} (${percent(agreed + explained, total)})`,
    );
    if (!verbose) continue;
    for (const c of comparisons.filter((c) => c.onlyAstGrep.length + c.onlyPreflight.length > 0))
      console.log(
        `  ${JSON.stringify(c.pattern)}${c.refused ? ' (refused)' : ''}: both ${c.both}, only ast-grep ${c.onlyAstGrep.join(' ')}` +
          `${c.trailingNodes.length ? ` (trailing nodes: ${c.trailingNodes.length})` : ''}, only Preflight ${c.onlyPreflight.join(' ')}`,
      );
  }
}

void main();
