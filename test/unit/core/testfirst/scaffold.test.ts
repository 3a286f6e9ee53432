import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { defaultConfig } from '../../../../src/core/config/types';
import { isNoPlan, planFailingTest, writeFailingTest, type FailingTestPlan } from '../../../../src/core/testfirst/create-test';
import { parseSyntax } from '../../../../src/core/syntax/tree-sitter';
import { TempRepo } from '../../../helpers/temp-repo';

const ROOT = resolve(__dirname, '../../../..');
const TSX_CJS = require.resolve('tsx/cjs');
const MOCHA = join(ROOT, 'node_modules/mocha/bin/mocha.js');

const ORDERS_TS = `export interface Line { sku: string; cents: number }

export function parseOrder(text: string): Line[] {
  return text.split('\\n').filter(Boolean).map((row) => ({ sku: row, cents: 0 }));
}

export const applyDiscount = (cents: number, percent: number): number => cents - Math.round((cents * percent) / 100);

export class Order {
  constructor(private readonly lines: Line[]) {}
  total(): number {
    return this.lines.reduce((sum, line) => sum + line.cents, 0);
  }
  private audit(): void {}
}

function helper(): void {}
`;

const ORDERS_PY = `from dataclasses import dataclass


def parse_order(text):
    return [row for row in text.splitlines() if row]


def _helper():
    pass


@dataclass
class Order:
    lines: list

    def total(self):
        return sum(self.lines)

    def _audit(self):
        pass
`;

/** The first program on PATH (or path) that runs `args` successfully. */
function firstWorking(candidates: string[], args: string[]): string | undefined {
  return candidates.find((command) => spawnSync(command, args, { encoding: 'utf8' }).status === 0);
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): { status: number | null; output: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function syntaxErrors(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  return (source as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics.map((d) =>
    ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  );
}

describe('test-first: failing-test scaffolds', function () {
  this.timeout(120_000);
  let repo: TempRepo;
  afterEach(() => repo?.remove());

  function project(files: Record<string, string>): TempRepo {
    repo = new TempRepo('preflight-scaffold-', { git: false });
    for (const [path, text] of Object.entries(files)) repo.write(path, text);
    return repo;
  }

  async function plan(source: string, symbol?: string): Promise<FailingTestPlan> {
    const result = await planFailingTest(repo.dir, defaultConfig(), source, readFileSync(join(repo.dir, source), 'utf8'), symbol);
    assert.ok(!isNoPlan(result), isNoPlan(result) ? result.problem : '');
    return result;
  }

  async function create(source: string, symbol?: string): Promise<FailingTestPlan> {
    const result = await plan(source, symbol);
    await writeFailingTest(repo.dir, result);
    return result;
  }

  describe('TypeScript', () => {
    it('Mocha: one failing test per exported function, class method and arrow function; type-checks; fails when run', async () => {
      project({ 'package.json': JSON.stringify({ devDependencies: { mocha: '^10' } }), 'src/orders.ts': ORDERS_TS });
      const result = await create('src/orders.ts');
      assert.equal(result.testPath, 'test/orders.test.ts');
      assert.deepEqual(result.added, ['parseOrder', 'applyDiscount', 'Order#total']);
      const text = readFileSync(join(repo.dir, result.testPath), 'utf8');
      assert.match(
        text,
        /^import assert from 'node:assert\/strict';\nimport \{ parseOrder, applyDiscount, Order \} from '\.\.\/src\/orders';\n/,
      );
      assert.match(text.split('\n')[result.line - 1], /assert\.fail\('not implemented: describe what parseOrder returns'\)/);
      const tsc = run(
        process.execPath,
        [
          join(ROOT, 'node_modules/typescript/bin/tsc'),
          '--noEmit',
          '--strict',
          '--module',
          'preserve',
          '--moduleResolution',
          'bundler',
          '--target',
          'es2022',
          '--typeRoots',
          join(ROOT, 'node_modules/@types'),
          '--types',
          'mocha,node',
          result.testPath,
        ],
        repo.dir,
      );
      assert.equal(tsc.status, 0, tsc.output);
      const mocha = run(process.execPath, [MOCHA, '--require', TSX_CJS, result.testPath], repo.dir);
      assert.notEqual(mocha.status, 0);
      assert.match(mocha.output, /3 failing/);
      assert.match(mocha.output, /not implemented: describe what Order#total returns/);
    });

    it('node:test: imports describe/it from node:test and fails when run', async () => {
      project({
        'package.json': JSON.stringify({ scripts: { test: 'node --test' } }),
        'lib/price.ts': 'export function priceOf(cents: number): string {\n  return `${cents / 100}`;\n}\n',
      });
      const result = await create('lib/price.ts');
      assert.equal(result.testPath, 'lib/price.test.ts');
      const text = readFileSync(join(repo.dir, result.testPath), 'utf8');
      assert.match(text, /import \{ describe, it \} from 'node:test';/);
      assert.match(text, /import \{ priceOf \} from '\.\/price';/);
      const node = run(process.execPath, ['--require', TSX_CJS, result.testPath], repo.dir);
      assert.notEqual(node.status, 0, node.output);
      assert.match(node.output, /not implemented: describe what priceOf returns/);
    });

    it('Vitest and Jest: their idioms, and files that parse', async () => {
      project({ 'package.json': JSON.stringify({ type: 'module', devDependencies: { vitest: '^2' } }), 'src/orders.ts': ORDERS_TS });
      const vitest = await create('src/orders.ts', 'parseOrder');
      const vitestText = readFileSync(join(repo.dir, vitest.testPath), 'utf8');
      assert.equal(vitest.testPath, 'src/orders.test.ts');
      assert.match(
        vitestText,
        /import \{ assert, describe, it \} from 'vitest';\nimport \{ parseOrder \} from '\.\/orders\.js';/,
        'an ES module project imports with the .js extension',
      );
      assert.deepEqual(syntaxErrors(vitest.testPath, vitestText), []);
      repo.remove();
      project({ 'package.json': JSON.stringify({ devDependencies: { jest: '^29' } }), 'src/orders.ts': ORDERS_TS });
      const jest = await create('src/orders.ts');
      const jestText = readFileSync(join(repo.dir, jest.testPath), 'utf8');
      assert.match(jestText, /^import assert from 'node:assert\/strict';/);
      assert.doesNotMatch(jestText, /from 'jest'/);
      assert.deepEqual(syntaxErrors(jest.testPath, jestText), []);
    });

    it("appends to an existing test in the file's own style, merging the import, and leaves what is tested alone", async () => {
      const existing =
        'import assert from "node:assert/strict"\nimport { parseOrder } from "../src/orders"\n\ndescribe("parseOrder", () => {\n\tit("splits lines", () => {\n\t\tassert.equal(parseOrder("a\\nb").length, 2)\n\t})\n})\n';
      project({
        'package.json': JSON.stringify({ devDependencies: { mocha: '^10' } }),
        'src/orders.ts': ORDERS_TS,
        'test/orders.test.ts': existing,
      });
      const result = await create('src/orders.ts');
      assert.deepEqual(result.alreadyTested, ['parseOrder']);
      assert.deepEqual(result.added, ['applyDiscount', 'Order#total']);
      const text = readFileSync(join(repo.dir, result.testPath), 'utf8');
      assert.ok(text.includes('describe("parseOrder", () => {\n\tit("splits lines"'), 'the existing test is kept as it was');
      assert.match(text, /import \{ parseOrder, applyDiscount, Order \} from "\.\.\/src\/orders"\n/);
      assert.match(
        text,
        /describe\("Order#total", \(\) => \{\n\tit\("needs a first test", \(\) => \{\n\t\tassert\.fail\("not implemented: describe what Order#total returns"\)\n\t\}\)\n\}\)/,
      );
      assert.doesNotMatch(text.slice(existing.length), /;$/m, 'no semicolons where the file has none');
      assert.deepEqual(syntaxErrors(result.testPath, text), []);
      assert.match(text.split('\n')[result.line - 1], /assert\.fail\("not implemented: describe what applyDiscount returns"\)/);
      const again = await plan('src/orders.ts');
      assert.equal(again.text, undefined, 'every symbol has a test now: nothing to add');
    });
  });

  describe('never overwrites', () => {
    it('refuses to create a test that appeared after planning, and to append to one that changed', async () => {
      project({ 'package.json': JSON.stringify({ devDependencies: { vitest: '^2' } }), 'src/orders.ts': ORDERS_TS });
      const planned = await plan('src/orders.ts');
      writeFileSync(join(repo.dir, planned.testPath), '// written by a colleague\n');
      await assert.rejects(writeFailingTest(repo.dir, planned), /EEXIST/);
      assert.equal(readFileSync(join(repo.dir, planned.testPath), 'utf8'), '// written by a colleague\n');
      const appending = await plan('src/orders.ts');
      writeFileSync(join(repo.dir, planned.testPath), '// changed again\n');
      await assert.rejects(writeFailingTest(repo.dir, appending), /changed since the tests were planned/);
      assert.equal(readFileSync(join(repo.dir, planned.testPath), 'utf8'), '// changed again\n');
    });

    it('says why when a file is not mapped, is a test, or exports nothing', async () => {
      project({
        'package.json': JSON.stringify({ devDependencies: { vitest: '^2' } }),
        'src/a.test.ts': '',
        'src/types.ts': 'export type Id = string;\n',
        'README.md': '',
      });
      const problem = async (path: string) => {
        const result = await planFailingTest(repo.dir, defaultConfig(), path, readFileSync(join(repo.dir, path), 'utf8'));
        return isNoPlan(result) ? result.problem : '';
      };
      assert.match(await problem('src/a.test.ts'), /is a test/);
      assert.match(await problem('src/types.ts'), /exports no function, class or method/);
      assert.match(await problem('README.md'), /not mapped to tests/);
    });
  });

  describe('Python', () => {
    const python = firstWorking(['python3', '/usr/bin/python3'], ['-m', 'pytest', '--version']);

    it('pytest: test functions that pytest.fail, importing the module; compiles and fails under pytest', async function () {
      project({ 'pyproject.toml': '[tool.pytest.ini_options]\n', 'shop/__init__.py': '', 'shop/orders.py': ORDERS_PY });
      const result = await create('shop/orders.py');
      assert.equal(result.testPath, 'tests/shop/test_orders.py');
      assert.deepEqual(result.added, ['parse_order', 'Order#total']);
      const text = readFileSync(join(repo.dir, result.testPath), 'utf8');
      assert.equal(
        text,
        'import pytest\n\nfrom shop.orders import parse_order, Order\n\n\ndef test_parse_order():\n    pytest.fail("not implemented: describe what parse_order returns")\n\n\ndef test_order_total():\n    pytest.fail("not implemented: describe what Order#total returns")\n',
      );
      assert.equal(result.line, 7);
      if (!python) return this.skip(); // .ci/run installs Debian's python3-pytest
      const compiled = run(python, ['-m', 'py_compile', result.testPath], repo.dir);
      assert.equal(compiled.status, 0, compiled.output);
      const pytest = run(python, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', result.testPath], repo.dir);
      assert.equal(pytest.status, 1, pytest.output);
      assert.match(pytest.output, /2 failed/);
      assert.match(pytest.output, /not implemented: describe what parse_order returns/);
    });

    it('unittest: a TestCase per symbol that self.fail()s, appended before the __main__ guard', async function () {
      project({
        'setup.py': '',
        'shop/orders.py': ORDERS_PY,
        'tests/shop/test_orders.py':
          'import unittest\n\nfrom shop.orders import parse_order\n\n\nclass TestParseOrder(unittest.TestCase):\n    def test_parse_order(self):\n        self.assertEqual(parse_order("a"), ["a"])\n\n\nif __name__ == "__main__":\n    unittest.main()\n',
      });
      const result = await create('shop/orders.py');
      assert.deepEqual(result.added, ['Order#total']);
      const text = readFileSync(join(repo.dir, result.testPath), 'utf8');
      assert.match(text, /from shop\.orders import parse_order, Order\n/);
      assert.match(
        text,
        /class TestOrderTotal\(unittest\.TestCase\):\n {4}def test_order_total\(self\):\n {8}self\.fail\("not implemented: describe what Order#total returns"\)\n\n\nif __name__ == "__main__":/,
      );
      if (!python) return this.skip();
      const unittest = run(python, ['-m', 'unittest', 'tests/shop/test_orders.py'], repo.dir);
      assert.equal(unittest.status, 1, unittest.output);
      assert.match(unittest.output, /FAILED \(failures=1\)/);
    });
  });

  describe('Go', () => {
    const gofmt = spawnSync('gofmt', ['-l'], { input: 'package p\n' }).status === 0 ? 'gofmt' : undefined;
    const go = firstWorking(['go'], ['version']);

    it('TestX functions that t.Fatal, in the source package, formatted as gofmt formats them; fail under go test', async function () {
      project({
        'go.mod': 'module example.com/shop\n\ngo 1.19\n',
        'orders/price.go':
          'package orders\n\n// PriceOf formats cents.\nfunc PriceOf(cents int) int { return cents }\n\ntype Order struct{ Lines []int }\n\nfunc (o *Order) Total() int { return 0 }\n\nfunc helper() {}\n',
      });
      const result = await create('orders/price.go');
      assert.equal(result.testPath, 'orders/price_test.go');
      assert.deepEqual(result.added, ['PriceOf', 'Order#Total']);
      const text = readFileSync(join(repo.dir, result.testPath), 'utf8');
      assert.match(
        text,
        /^package orders\n\nimport "testing"\n\nfunc TestPriceOf\(t \*testing\.T\) \{\n\tt\.Fatal\("not implemented: describe what PriceOf returns"\)\n\}\n\nfunc TestOrder_Total/,
      );
      if (!gofmt) return this.skip(); // .ci/run installs Debian's golang-go
      const formatted = run(gofmt, ['-l', result.testPath], repo.dir);
      assert.equal(formatted.status, 0, formatted.output);
      assert.equal(formatted.output.trim(), '', 'gofmt would not change the file');
      if (!go) return;
      const tested = run(go, ['test', './...'], repo.dir, {
        GOFLAGS: '-mod=mod',
        GOPROXY: 'off',
        GOCACHE: join(repo.dir, '.gocache'),
        GOPATH: join(repo.dir, '.gopath'),
      });
      assert.notEqual(tested.status, 0, tested.output);
      assert.match(tested.output, /not implemented: describe what PriceOf returns/);
    });
  });

  describe('Ruby', () => {
    const ruby = firstWorking(['ruby'], ['-e', '']);
    const rubySyntaxOk = (file: string) => {
      const checked = run(ruby!, ['-c', file], repo.dir);
      assert.equal(checked.status, 0, checked.output);
      assert.match(checked.output, /Syntax OK/);
    };

    it('RSpec: a describe per method that fails, requiring rails_helper when the app has one', async function () {
      project({
        '.rspec': '',
        'config/application.rb': '',
        'spec/rails_helper.rb': '',
        'app/models/order.rb':
          'class Order < ApplicationRecord\n  def total\n    0\n  end\n\n  def self.import(rows)\n  end\n\n  private\n\n  def audit\n  end\nend\n',
      });
      const result = await create('app/models/order.rb');
      assert.equal(result.testPath, 'spec/models/order_spec.rb');
      assert.deepEqual(result.added, ['Order#total', 'Order.import']);
      const text = readFileSync(join(repo.dir, result.testPath), 'utf8');
      assert.match(
        text,
        /^require "rails_helper"\n\nRSpec\.describe Order, "#total" do\n {2}it "needs a first test" do\n {4}fail "not implemented: describe what Order#total returns"\n {2}end\nend\n\nRSpec\.describe Order, "\.import" do/,
      );
      if (!ruby) return this.skip(); // .ci/run installs Debian's ruby
      rubySyntaxOk(result.testPath);
    });

    it('Minitest: test_ methods that flunk, inserted into the existing test class', async function () {
      project({
        'test/test_helper.rb': '',
        'app/models/order.rb': 'module Shop\n  class Order\n    def total; end\n    def tax; end\n  end\nend\n',
        'test/models/order_test.rb':
          'require "test_helper"\n\nclass OrderTest < Minitest::Test\n  def test_total\n    assert true\n  end\nend\n',
      });
      const result = await create('app/models/order.rb');
      assert.deepEqual(result.added, ['Shop::Order#tax']);
      const text = readFileSync(join(repo.dir, result.testPath), 'utf8');
      assert.equal(
        text,
        'require "test_helper"\n\nclass OrderTest < Minitest::Test\n  def test_total\n    assert true\n  end\n\n  def test_tax\n    flunk "not implemented: describe what Shop::Order#tax returns"\n  end\nend\n',
      );
      assert.equal(result.line, 9);
      if (!ruby) return this.skip();
      rubySyntaxOk(result.testPath);
    });
  });

  describe('Java', () => {
    it('JUnit 5: a test class in the same package whose @Test methods fail(); parses', async () => {
      project({
        'pom.xml': '<project/>',
        'src/main/java/com/shop/Order.java':
          'package com.shop;\n\npublic class Order {\n    public int total() { return 0; }\n    private void audit() {}\n}\n',
      });
      const result = await create('src/main/java/com/shop/Order.java');
      assert.equal(result.testPath, 'src/test/java/com/shop/OrderTest.java');
      const text = readFileSync(join(repo.dir, result.testPath), 'utf8');
      assert.equal(
        text,
        'package com.shop;\n\nimport org.junit.jupiter.api.Test;\nimport static org.junit.jupiter.api.Assertions.fail;\n\nclass OrderTest {\n    @Test\n    void total() {\n        fail("not implemented: describe what Order#total returns");\n    }\n}\n',
      );
      const tree = await parseSyntax('java', text);
      try {
        assert.equal(tree.rootNode.hasError, false);
      } finally {
        tree.delete();
      }
    });
  });
});
