/**
 * Starts a new built-in rule: its file, its line in the family's index, a unit test that fails
 * until its cases are written, and its docs page.
 *   npm run new-rule -- migration prefer-text-field
 *   npm run new-rule -- jobs queue-without-retry
 *   npm run new-rule -- testfirst test-without-assertion
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RULE_FOLDERS } from '../src/core/engine/registry';
import type { RuleFamily } from '../src/core/rules/rule';

const ROOT = join(__dirname, '..');

interface FamilyLayout {
  /** The file that lists the family's rules, and the array in it. */
  index: string;
  list: string;
  ruleType: string;
  ruleTypeFrom: string;
  test: string;
  source(name: string, constant: string): string;
  testSource(name: string, constant: string): string;
}

const LAYOUTS: Record<RuleFamily, FamilyLayout> = {
  migration: {
    index: 'src/core/migrations/rules/index.ts',
    list: 'MIGRATION_RULES',
    ruleType: 'MigrationRule',
    ruleTypeFrom: '../rule',
    test: 'test/unit/core/migrations/rules',
    source: (name, constant) => `import { eachOp, type MigrationRule } from '../rule';

export const ${constant}: MigrationRule = {
  name: '${name}',
  severity: 'warning',
  description: 'TODO: one line, what the rule catches.',
  why: 'TODO: which lock, for how long, and what goes wrong in production.',
  help: { sql: 'TODO: the safe way, as SQL' },
  check: (ops) => eachOp(ops, 'create-index', () => undefined),
};
`,
    testSource: (name) => `import assert from 'node:assert/strict';
import { hitsOf, TIMEOUTS } from '../helpers';

/** Each case: SQL after the timeouts (line 3 onwards) and the lines migration/${name} reports. */
const CASES: Array<[sql: string, lines: number[]]> = [];

describe('migration/${name}', () => {
  it('has cases (write them first: one that must be reported, one that must not)', () => assert.ok(CASES.length >= 2));
  for (const [sql, lines] of CASES) it(sql, async () => assert.deepEqual(await hitsOf('${name}', TIMEOUTS + sql), lines));
});
`,
  },
  jobs: {
    index: 'src/core/jobs/rules/index.ts',
    list: 'JOB_RULES',
    ruleType: 'JobRule',
    ruleTypeFrom: '../rule',
    test: 'test/unit/core/jobs/rules',
    source: (name, constant) => `import type { JobRule } from '../rule';

export const ${constant}: JobRule = {
  name: '${name}',
  severity: 'warning',
  description: 'TODO: one line, what the rule catches.',
  why: 'TODO: what goes wrong in production.',
  help: 'TODO: what to do instead.',
  check: () => [],
};
`,
    testSource: (name) => `import assert from 'node:assert/strict';

describe('jobs/${name}', () => {
  it('has cases (write them first: one that must be reported, one that must not)', () => assert.fail('no cases yet'));
});
`,
  },
  testfirst: {
    index: 'src/core/testfirst/analyzer.ts',
    list: 'TESTFIRST_RULES',
    ruleType: 'TestFirstRule',
    ruleTypeFrom: './rule',
    test: 'test/unit/core/testfirst/rules',
    source: (name, constant) => `import type { TestFirstRule } from './rule';

export const ${constant}: TestFirstRule = {
  name: '${name}',
  severity: 'warning',
  description: 'TODO: one line, what the rule catches.',
  why: 'TODO: what goes wrong without it.',
  help: 'TODO: what to do instead.',
};
`,
    testSource: (name) => `import assert from 'node:assert/strict';

describe('testfirst/${name}', () => {
  it('has cases (write them first: one that must be reported, one that must not)', () => assert.fail('no cases yet'));
});
`,
  },
};

function main([family, name]: string[]): void {
  if (!family || !(family in LAYOUTS) || !name || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) {
    console.error('usage: npm run new-rule -- migration|jobs|testfirst <kebab-case-name>');
    process.exit(2);
  }
  const layout = LAYOUTS[family as RuleFamily];
  const ruleFile = join(ROOT, RULE_FOLDERS[family as RuleFamily], `${name}.ts`);
  const testFile = join(ROOT, layout.test, `${name}.test.ts`);
  if (existsSync(ruleFile)) {
    console.error(`${ruleFile} already exists.`);
    process.exit(2);
  }
  const constant = name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  writeFileSync(ruleFile, layout.source(name, constant));
  mkdirSync(dirname(testFile), { recursive: true });
  writeFileSync(testFile, layout.testSource(name, constant));
  register(join(ROOT, layout.index), layout, family as RuleFamily, name, constant);
  execFileSync(process.execPath, ['--require', 'tsx/cjs', join(ROOT, 'scripts', 'rule-docs.ts')], { cwd: ROOT, stdio: 'inherit' });
  console.log(
    `wrote ${ruleFile}\nwrote ${testFile} (it fails until you write the cases)\nregistered ${constant} in ${layout.index}\nwrote docs/rules/${family}/${name}.md`,
  );
}

/** Adds the import and the list entry; the list is the family's one index. */
function register(indexFile: string, layout: FamilyLayout, family: RuleFamily, name: string, constant: string): void {
  let text = readFileSync(indexFile, 'utf8');
  const from = family === 'testfirst' ? `./rules/${name}` : `./${name}`;
  const imports = [...text.matchAll(/^import .*;$/gm)];
  const last = imports[imports.length - 1];
  const at = last.index + last[0].length;
  text = `${text.slice(0, at)}\nimport { ${constant} } from '${from}';${text.slice(at)}`;
  const list = new RegExp(`(${layout.list}: readonly [A-Za-z]+\\[\\] = \\[)([\\s\\S]*?)(\\n?\\];)`).exec(text);
  if (!list) throw new Error(`cannot find the ${layout.list} list in ${indexFile}`);
  const entries = list[2].trimEnd();
  const multiline = entries.includes('\n');
  const added = multiline ? `${entries.replace(/,?$/, ',')}\n  ${constant},` : `${entries}, ${constant}`;
  text = text.slice(0, list.index) + list[1] + added + (multiline ? '\n];' : '];') + text.slice(list.index + list[0].length);
  writeFileSync(indexFile, text);
}

main(process.argv.slice(2));
