import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_IN_RULES, RULE_FOLDERS } from '../../src/core/engine/registry';
import { ruleId, type RuleFamily } from '../../src/core/rules/rule';

const ROOT = join(__dirname, '..', '..');
/** Files in a rule folder that are not rules. */
const NOT_RULES = new Set(['index.ts', 'rule.ts', 'timeouts.ts']);

function testTexts(): string {
  const texts: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) visit(join(dir, entry.name));
      else if (entry.name.endsWith('.test.ts')) texts.push(readFileSync(join(dir, entry.name), 'utf8'));
    }
  };
  visit(join(ROOT, 'test', 'unit'));
  visit(join(ROOT, 'test', 'integration'));
  return texts.join('\n');
}

/** As ESLint's checkRuleFiles: every registered rule has its file, its docs page and tests that name it. */
describe('every built-in rule has its file, its docs page and its tests', () => {
  const tests = testTexts();
  for (const [family, rules] of Object.entries(BUILT_IN_RULES) as Array<[RuleFamily, (typeof BUILT_IN_RULES)[RuleFamily]]>) {
    describe(family, () => {
      for (const rule of rules) {
        it(ruleId(family, rule), () => {
          assert.ok(existsSync(join(ROOT, RULE_FOLDERS[family], `${rule.name}.ts`)), `${RULE_FOLDERS[family]}/${rule.name}.ts`);
          assert.ok(
            existsSync(join(ROOT, 'docs', 'rules', family, `${rule.name}.md`)),
            `docs/rules/${family}/${rule.name}.md (npm run rule-docs)`,
          );
          assert.ok(tests.includes(ruleId(family, rule)) || tests.includes(`'${rule.name}'`), `a test names ${ruleId(family, rule)}`);
        });
      }

      it('registers every rule file of its folder', () => {
        const files = readdirSync(join(ROOT, RULE_FOLDERS[family])).filter((file) => file.endsWith('.ts') && !NOT_RULES.has(file));
        assert.deepEqual(files.map((file) => file.replace(/\.ts$/, '')).sort(), rules.map((rule) => rule.name).sort());
      });
    });
  }
});
