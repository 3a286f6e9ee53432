import assert from 'node:assert/strict';
import { runGate } from '../../src/core/gate/run-gate';
import { runBuiltCli } from '../helpers/built-cli';
import { RepoWithRemote } from '../helpers/remote-repo';

const PRICE = 'export function priceOf(cents: number): string {\n  return (cents / 100).toFixed(2);\n}\n';
const PRICE_TEST =
  "import assert from 'node:assert/strict';\nimport { priceOf } from './price';\n\ndescribe('priceOf', () => {\n  it('formats cents', () => assert.equal(priceOf(150), '1.50'));\n});\n";

describe('test-first in the gate and the CLI, against a real repository', () => {
  let repo: RepoWithRemote;
  beforeEach(() => {
    repo = new RepoWithRemote();
    repo.clone.write('package.json', JSON.stringify({ devDependencies: { vitest: '^2' } }));
    repo.clone
      .write('src/price.ts', PRICE)
      .write('src/price.test.ts', PRICE_TEST)
      .write('src/types.ts', 'export type Cents = number;\n')
      .commitAll('app');
    repo.clone.git('push', '-q');
  });
  afterEach(() => repo.remove());

  async function testFirstFindings(): Promise<[string, string, string][]> {
    const report = await runGate({ dir: repo.clone.dir });
    return report.findings.filter((f) => f.ruleId.startsWith('testfirst/')).map((f) => [f.ruleId, f.file, f.severity]);
  }

  it('warns about a source file changed without its test, saying where the test would be', async () => {
    repo.clone
      .write('src/price.ts', PRICE.replace('toFixed(2)', 'toFixed(3)'))
      .write('src/types.ts', 'export type Cents = bigint;\n')
      .commitAll('three decimals');
    const report = await runGate({ dir: repo.clone.dir });
    const findings = report.findings.filter((f) => f.ruleId === 'testfirst/changed-without-test');
    assert.deepEqual(
      findings.map((f) => [f.file, f.line, f.severity, f.scope]),
      [['src/price.ts', 1, 'warning', 'push']],
      'types.ts exports nothing to test',
    );
    assert.match(
      findings[0].message,
      /src\/price\.ts changes in this push but none of its tests does \(looked for src\/price\.test\.ts, src\/price\.spec\.ts, src\/__tests__\/price\.ts, or \d+ other places\)/,
    );
    assert.match(findings[0].message, /Preflight-No-Test: <reason>/);
    assert.equal(report.verdict, 'warn');
  });

  it('does not ask for a test when only comments, blank lines or indentation change', async () => {
    repo.clone
      .write('src/price.ts', `/** Formats cents as a decimal string. */\n${PRICE.replace('  return', '\n    return')}`)
      .commitAll('document priceOf');
    assert.deepEqual(await testFirstFindings(), []);
  });

  it('is satisfied when the push changes one of the tests, in any of its commits', async () => {
    repo.clone.write('src/price.ts', PRICE.replace('toFixed(2)', 'toFixed(3)')).commitAll('three decimals');
    repo.clone.write('src/price.test.ts', PRICE_TEST.replace("'1.50'", "'1.500'")).commitAll('and its test');
    assert.deepEqual(await testFirstFindings(), []);
  });

  it("is waived by a 'Preflight-No-Test:' trailer on a commit that changes the file, not on another", async () => {
    repo.clone
      .write('src/price.ts', PRICE.replace('cents', 'amount').replace('cents', 'amount'))
      .commitAll('rename a parameter\n\nPreflight-No-Test: a rename, behaviour unchanged');
    assert.deepEqual(await testFirstFindings(), []);
    repo.clone.write('src/discount.ts', 'export const discount = (cents: number) => cents;\n').commitAll('discounts');
    assert.deepEqual(await testFirstFindings(), [['testfirst/changed-without-test', 'src/discount.ts', 'warning']]);
  });

  it('skips files listed in testFirst.exceptions, and everything when testFirst is disabled', async () => {
    repo.clone
      .write('.preflight.yml', 'version: 1\ntestFirst:\n  exceptions: ["src/generated/**"]\n')
      .write('src/generated/client.ts', 'export function call(): void {}\n')
      .commitAll('generated client');
    assert.deepEqual(await testFirstFindings(), []);
    repo.clone
      .write('.preflight.yml', 'version: 1\ntestFirst:\n  enabled: false\n')
      .write('src/price.ts', PRICE.replace('2', '4'))
      .commitAll('more');
    assert.deepEqual(await testFirstFindings(), []);
  });

  it('preflight test where / create: the map, then the failing test written once, never over itself', () => {
    repo.clone.write('src/discount.ts', 'export const discount = (cents: number) => cents;\n');
    assert.equal(
      runBuiltCli(repo.clone.dir, 'test', 'where', 'src/discount.ts').stdout,
      'src/discount.ts: Vitest (vitest in package.json)\n  tests: none yet\n  a new test goes to: src/discount.test.ts\n',
    );
    assert.equal(
      runBuiltCli(repo.clone.dir, 'test', 'create', 'src/discount.ts').stdout,
      'src/discount.test.ts:6: created with discount\n',
    );
    assert.equal(runBuiltCli(repo.clone.dir, 'test', 'create', 'src/discount.ts').stdout, 'src/discount.test.ts: already tests discount\n');
    assert.match(
      runBuiltCli(repo.clone.dir, 'test', 'where', 'src/discount.test.ts').stdout,
      /a Vitest test \(vitest in package\.json\)\n {2}source: src\/discount\.ts\n {2}collected: yes/,
    );
  });

  it('preflight scan reports a test that Vitest would not collect, with its include', () => {
    repo.clone.write('vitest.config.ts', "export default { test: { include: ['test/**/*.test.ts'] } };\n");
    const { stdout } = runBuiltCli(repo.clone.dir, 'scan', '--format', 'json');
    const findings = (JSON.parse(stdout).findings as Array<{ ruleId: string; file: string; message: string }>).filter(
      (f) => f.ruleId === 'testfirst/test-not-collected',
    );
    assert.deepEqual(
      findings.map((f) => f.file),
      ['src/price.test.ts'],
    );
    assert.equal(findings[0].message, 'Vitest would not run this test: it collects test/**/*.test.ts (vitest.config.ts (include)).');
  });
});
