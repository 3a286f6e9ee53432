import assert from 'node:assert/strict';
import { join } from 'node:path';
import { agreement, astGrepBinary, comparePattern, percent, unexplained, type PatternComparison } from '../support/ast-grep';
import { CORPUS_PATTERNS, DIFFERING_PATTERNS, REFUSED_PATTERNS } from '../support/ast-grep-corpus';

/**
 * Team-rule patterns are written in ast-grep's notation, so a team copies them from ast-grep's
 * documentation or its own ast-grep rules and expects the same matches. This test runs the
 * ast-grep CLI (the @ast-grep/cli devDependency) and Preflight's matcher on the same patterns
 * over the corpus in test/fixtures/ast-grep-corpus, and fails on any disagreement that is not
 * one of the documented differences (docs/team-rules.md, "Differences from ast-grep"):
 * - ast-grep ignores the code's nodes after the pattern's last one (`if ($C) { $$$ }` matches
 *   an `if` with an `else`); Preflight follows ast-grep's documentation, where every named node counts;
 * - a pattern that is not code on its own (REFUSED_PATTERNS) is refused by Preflight at the rule's line;
 * - a C# statement pattern without its `;` (DIFFERING_PATTERNS).
 */
const CORPUS = join(__dirname, '..', 'fixtures', 'ast-grep-corpus');

describe('the same matches as ast-grep on ordinary code', function () {
  const binary = astGrepBinary();
  before(function () {
    assert.ok(binary, '@ast-grep/cli is a devDependency: run npm ci');
  });

  for (const [language, patterns] of Object.entries(CORPUS_PATTERNS)) {
    describe(language, () => {
      const comparisons: PatternComparison[] = [];
      after(() => {
        const { agreed, total, explained } = agreement(comparisons, REFUSED_PATTERNS[language], DIFFERING_PATTERNS[language]);
        console.log(
          `      ${language}: ${percent(agreed, total)} of ${total} matches agree, ${percent(agreed + explained, total)} with the documented differences`,
        );
      });

      for (const pattern of patterns) {
        it(JSON.stringify(pattern), async () => {
          const comparison = await comparePattern(binary!, pattern, language, join(CORPUS, language));
          comparisons.push(comparison);
          if (REFUSED_PATTERNS[language]?.includes(pattern)) {
            assert.ok(comparison.refused, 'Preflight refuses this pattern');
            return;
          }
          assert.ok(!comparison.refused, 'Preflight accepts the pattern');
          assert.deepEqual(unexplained(comparison), DIFFERING_PATTERNS[language]?.[pattern] ?? { onlyAstGrep: [], onlyPreflight: [] });
        });
      }
    });
  }
});
