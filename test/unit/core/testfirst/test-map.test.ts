import assert from 'node:assert/strict';
import { parseConfig } from '../../../../src/core/engine/registry';
import { defaultConfig } from '../../../../src/core/config/types';
import { detectTestMaps } from '../../../../src/core/testfirst/detect';
import { compileTemplate } from '../../../../src/core/testfirst/path-template';
import { settleConfigured, TestMap, testMapFor } from '../../../../src/core/testfirst/test-map';
import { runnerCollection } from '../../../../src/core/testfirst/collection';
import { TempRepo } from '../../../helpers/temp-repo';

/** A folder holding only the given marker files (no git needed to detect frameworks). */
function project(files: Record<string, string>): TempRepo {
  const repo = new TempRepo('preflight-testmap-', { git: false });
  for (const [path, text] of Object.entries(files)) repo.write(path, text);
  return repo;
}

async function mapOf(files: Record<string, string>): Promise<{ map: TestMap; repo: TempRepo }> {
  const repo = project(files);
  return { map: new TestMap(await detectTestMaps(repo.dir)), repo };
}

function createdFor(map: TestMap, source: string): string | undefined {
  const mapped = map.sourceOf(source);
  return mapped && map.testToCreate(mapped);
}

describe('test-first: the source↔test map', () => {
  const repos: TempRepo[] = [];
  afterEach(() => repos.splice(0).forEach((repo) => repo.remove()));
  async function detected(files: Record<string, string>): Promise<TestMap> {
    const { map, repo } = await mapOf(files);
    repos.push(repo);
    return map;
  }

  describe('path templates', () => {
    it('fills placeholders, dropping empty folders', () => {
      const template = compileTemplate('tests/{subdir}/test_{name}.py');
      assert.equal(template.fill({ dir: 'shop', subdir: 'shop', name: 'orders', ext: 'py' }), 'tests/shop/test_orders.py');
      assert.equal(template.fill({ dir: '', subdir: '', name: 'orders', ext: 'py' }), 'tests/test_orders.py');
      assert.equal(compileTemplate('{dir}/{name}.test.{ext}').fill({ dir: '', subdir: '', name: 'a', ext: 'ts' }), 'a.test.ts');
    });

    it('reads a test path back into the parts of its source', () => {
      assert.deepEqual(compileTemplate('{dir}/{name}.test.{ext}').read('src/orders/price.test.ts'), {
        dir: 'src/orders',
        name: 'price',
        ext: 'ts',
      });
      assert.deepEqual(compileTemplate('{dir}/{name}.test.{ext}').read('price.test.ts'), { dir: '', name: 'price', ext: 'ts' });
      assert.deepEqual(compileTemplate('test/**/{name}.spec.{ext}').read('test/unit/deep/price.spec.js'), { name: 'price', ext: 'js' });
      assert.equal(compileTemplate('{dir}/{name}.test.{ext}').read('src/price.ts'), undefined);
    });

    it('escapes glob characters of the parts when the template is a glob', () => {
      const template = compileTemplate('test/**/{name}.spec.{ext}');
      assert.equal(template.isGlob, true);
      assert.equal(template.fill({ dir: '', subdir: '', name: '[id]', ext: 'ts' }), 'test/**/\\[id\\].spec.ts');
    });
  });

  describe('conventions per ecosystem, detected from the repository', () => {
    it('TypeScript with Vitest: foo.ts → foo.test.ts beside it; tests are not sources', async () => {
      const map = await detected({ 'package.json': JSON.stringify({ devDependencies: { vitest: '^2' } }), 'src/orders.ts': '' });
      assert.equal(createdFor(map, 'src/orders.ts'), 'src/orders.test.ts');
      assert.equal(map.sourceOf('src/orders.test.ts'), undefined);
      assert.equal(map.sourceOf('src/__tests__/orders.ts'), undefined);
      assert.equal(map.sourceOf('src/types.d.ts'), undefined);
      assert.equal(map.sourceOf('vite.config.ts'), undefined);
      const locations = map.testLocations(map.sourceOf('src/orders.ts')!);
      assert.ok(locations.paths.includes('src/__tests__/orders.ts'));
      assert.ok(locations.globs.includes('test/**/orders.spec.ts'));
      assert.equal(map.entries[0].framework, 'vitest');
    });

    it('Jest from jest.config.js, Mocha (creates under test/), node:test from the test script', async () => {
      assert.equal((await detected({ 'package.json': '{}', 'jest.config.js': 'module.exports = {}' })).entries[0].framework, 'jest');
      const mocha = await detected({ 'package.json': JSON.stringify({ devDependencies: { mocha: '^10' } }), src: '' });
      assert.equal(mocha.entries[0].framework, 'mocha');
      assert.equal(createdFor(mocha, 'src/orders/price.ts'), 'test/orders/price.test.ts');
      const nodeTest = await detected({ 'package.json': JSON.stringify({ scripts: { test: 'node --test --import tsx' } }) });
      assert.equal(nodeTest.entries[0].framework, 'node-test');
      assert.equal(createdFor(nodeTest, 'lib/price.js'), 'lib/price.test.js');
    });

    it('Python with pytest: pkg/foo.py → tests/pkg/test_foo.py, and back', async () => {
      const map = await detected({ 'pyproject.toml': '[tool.pytest.ini_options]\naddopts = "-q"\n' });
      assert.equal(map.entries[0].framework, 'pytest');
      assert.equal(createdFor(map, 'pkg/foo.py'), 'tests/pkg/test_foo.py');
      assert.equal(map.sourceOf('tests/pkg/test_foo.py'), undefined);
      assert.equal(map.sourceOf('pkg/__init__.py'), undefined);
      assert.deepEqual(map.sourceLocations('tests/pkg/test_foo.py').paths, ['pkg/foo.py']);
    });

    it('Python without pytest configuration is unittest', async () => {
      assert.equal((await detected({ 'setup.py': 'from setuptools import setup\n' })).entries[0].framework, 'unittest');
    });

    it('Go: foo.go → foo_test.go', async () => {
      const map = await detected({ 'go.mod': 'module example.com/shop\n' });
      assert.equal(createdFor(map, 'orders/price.go'), 'orders/price_test.go');
      assert.equal(map.sourceOf('orders/price_test.go'), undefined);
      assert.deepEqual(map.sourceLocations('orders/price_test.go').paths, ['orders/price.go']);
    });

    it('Rails with RSpec: app/models/x.rb → spec/models/x_spec.rb, lib under spec/lib', async () => {
      const map = await detected({ '.rspec': '--require spec_helper\n', 'config/application.rb': '' });
      assert.equal(createdFor(map, 'app/models/order.rb'), 'spec/models/order_spec.rb');
      assert.equal(createdFor(map, 'lib/billing/invoice.rb'), 'spec/lib/billing/invoice_spec.rb');
      assert.deepEqual(map.sourceLocations('spec/models/order_spec.rb').paths, ['app/models/order.rb']);
    });

    it('Minitest: app/models/x.rb → test/models/x_test.rb', async () => {
      const map = await detected({ 'test/test_helper.rb': '' });
      assert.equal(map.entries[0].framework, 'minitest');
      assert.equal(createdFor(map, 'app/models/order.rb'), 'test/models/order_test.rb');
    });

    it('Maven: src/main/java/p/Foo.java → src/test/java/p/FooTest.java; JUnit 4 when the pom says so', async () => {
      const map = await detected({ 'pom.xml': '<project><dependency><artifactId>junit-jupiter</artifactId></dependency></project>' });
      assert.equal(createdFor(map, 'src/main/java/com/shop/Order.java'), 'src/test/java/com/shop/OrderTest.java');
      assert.equal(map.entries[0].junit4, false);
      const four = await detected({
        'pom.xml': '<project><dependency><groupId>junit</groupId><artifactId>junit</artifactId></dependency></project>',
      });
      assert.equal(four.entries[0].junit4, true);
    });
  });

  describe('tests: in .preflight.yml', () => {
    it('comes before the detected conventions, takes the detected framework of its language, and creates at its first plain pattern', async () => {
      const repo = project({ 'package.json': JSON.stringify({ devDependencies: { jest: '^29' } }) });
      repos.push(repo);
      const config = {
        ...defaultConfig(),
        tests: [{ source: ['packages/api/src/**/*.ts'], tests: ['packages/api/test/{subdir}/{name}.spec.{ext}'] }],
      };
      const map = await testMapFor(config, repo.dir);
      assert.equal(createdFor(map, 'packages/api/src/routes/orders.ts'), 'packages/api/test/routes/orders.spec.ts');
      assert.equal(map.sourceOf('packages/api/src/routes/orders.ts')!.entry.framework, 'jest');
      assert.equal(map.sourceOf('packages/api/src/routes/orders.ts')!.entry.origin, 'tests: in .preflight.yml');
      assert.equal(createdFor(map, 'src/other.ts'), 'src/other.test.ts', 'the rest of the repository keeps the detected map');
    });

    it('reports an unknown placeholder at its line and drops only that entry', () => {
      const loaded = parseConfig(
        'version: 1\ntests:\n  - source: ["lib/**/*.py"]\n    tests: ["tests/{file}_test.py"]\n  - source: ["app/**/*.rb"]\n    tests: ["spec/{subdir}/{name}_spec.rb"]\n',
        '.preflight.yml',
      );
      assert.deepEqual(
        loaded.findings.map((f) => [f.line, f.message]),
        [[4, "Unknown placeholder {file} in 'tests/{file}_test.py': use {dir}, {subdir}, {name} or {ext}."]],
      );
      assert.deepEqual(
        loaded.config.tests.map((entry) => entry.source),
        [['app/**/*.rb']],
      );
    });

    it("honours '!' exclusions in source and an explicit framework", () => {
      const entry = settleConfigured(
        { source: ['lib/**/*.py', '!lib/vendored/**'], tests: ['tests/{subdir}/test_{name}.py'], framework: 'unittest' },
        [],
      );
      const map = new TestMap([entry]);
      assert.equal(map.sourceOf('lib/vendored/six.py'), undefined);
      assert.equal(createdFor(map, 'lib/app/core.py'), 'tests/app/test_core.py');
      assert.equal(entry.framework, 'unittest');
    });
  });

  describe('what the runner collects', () => {
    it("reads Vitest's include from vitest.config.ts, and says when a mapped test is outside it", async () => {
      const repo = project({
        'package.json': '{}',
        'vitest.config.ts':
          "import { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: { include: ['test/**/*.test.ts'] } });\n",
      });
      repos.push(repo);
      const collection = await runnerCollection(repo.dir, 'vitest');
      assert.deepEqual(collection.globs, ['test/**/*.test.ts']);
      assert.equal(collection.source, 'vitest.config.ts (include)');
      assert.equal(collection.collects('test/orders/price.test.ts'), true);
      assert.equal(collection.collects('src/price.test.ts'), false);
    });

    it("uses each runner's defaults: Mocha's ./test/*.{js,cjs,mjs}, pytest's python_files by file name", async () => {
      const repo = project({ 'package.json': '{}', 'pytest.ini': '[pytest]\npython_files = check_*.py\n' });
      repos.push(repo);
      const mocha = await runnerCollection(repo.dir, 'mocha');
      assert.equal(mocha.collects('test/a.test.js'), true);
      assert.equal(mocha.collects('test/deep/a.test.js'), false);
      assert.equal(mocha.collects('test/a.test.ts'), false);
      const pytest = await runnerCollection(repo.dir, 'pytest');
      assert.equal(pytest.collects('tests/shop/check_orders.py'), true);
      assert.equal(pytest.collects('tests/shop/test_orders.py'), false);
    });
  });
});
