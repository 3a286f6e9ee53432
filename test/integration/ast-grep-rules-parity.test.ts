import assert from 'node:assert/strict';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { astGrepBinary, astGrepRuleMatches, grammarOf, percent, preflightRuleMatches } from '../support/ast-grep';
import { REFUSED_RULES, RULE_CASES } from '../support/ast-grep-rule-cases';
import { compileRuleObject } from '../../src/core/team-rules/rule-object';

/**
 * ast-grep's rule objects in team rules (docs/team-rules.md, "Rule objects"): each case runs as an
 * ast-grep rule file through `ast-grep scan --rule` and through Preflight on the same corpus, and
 * the matches (and a fix's replaced range and text) must be the same.
 */
const CORPUS = join(__dirname, '..', 'fixtures', 'ast-grep-corpus');

describe('rule objects match what ast-grep scan matches', function () {
  const binary = astGrepBinary();
  const byKey = new Map<string, { agreed: number; total: number }>();
  before(function () {
    assert.ok(binary, '@ast-grep/cli is a devDependency: run npm ci');
  });
  after(() => {
    for (const [key, { agreed, total }] of byKey) console.log(`      ${key}: ${percent(agreed, total)} of ${total} matches agree`);
  });

  for (const { key, language, extension, spec, onlyPreflight = [], onlyAstGrep = [] } of RULE_CASES) {
    it(`${key} (${language}): ${JSON.stringify(spec)}`, async () => {
      const dir = join(CORPUS, language);
      const theirs = astGrepRuleMatches(binary!, stringify({ id: 'case', language, ...spec }), dir);
      const ours = await preflightRuleMatches(spec, grammarOf(language), dir, extension);
      const count = byKey.get(key) ?? { agreed: 0, total: 0 };
      const both = [...ours].filter((match) => theirs.has(match)).length;
      byKey.set(key, { agreed: count.agreed + both, total: count.total + theirs.size + ours.size - both });
      assert.ok(theirs.size > 0, 'the case finds something in the corpus');
      assert.deepEqual(
        { onlyAstGrep: [...theirs].filter((match) => !ours.has(match)), onlyPreflight: [...ours].filter((match) => !theirs.has(match)) },
        { onlyAstGrep, onlyPreflight },
      );
    });
  }

  for (const { language, spec, reason } of REFUSED_RULES) {
    it(`refuses what ast-grep refuses: ${JSON.stringify(spec)}`, async () => {
      assert.throws(
        () => astGrepRuleMatches(binary!, stringify({ id: 'case', language, ...spec }), join(CORPUS, language)),
        /ast-grep rejects/,
      );
      await assert.rejects(compileRuleObject(spec, grammarOf(language)), { message: reason });
    });
  }
});
