import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../../src/core/engine/registry';
import { defaultConfig, type PreflightConfig } from '../../../../src/core/config/types';
import { isNoPlan, planFailingTest, writeFailingTest } from '../../../../src/core/testfirst/create-test';
import { TempRepo } from '../../../helpers/temp-repo';

const SOURCE = 'export function total(cents: number[]): number {\n  return cents.reduce((a, b) => a + b, 0);\n}\n';

describe('security: Create Failing Test writes only inside the repository', () => {
  let repo: TempRepo;
  let outside: string;
  beforeEach(() => {
    repo = new TempRepo('preflight-writes-', { git: false });
    outside = mkdtempSync(join(tmpdir(), 'preflight-outside-'));
    repo.write('package.json', JSON.stringify({ devDependencies: { mocha: '^10.0.0' } })).write('src/orders.ts', SOURCE);
  });
  afterEach(() => {
    repo.remove();
    rmSync(outside, { recursive: true, force: true });
  });

  const config = (tests: PreflightConfig['tests']): PreflightConfig => ({ ...defaultConfig(), tests });
  const plan = (cfg: PreflightConfig) => planFailingTest(repo.dir, cfg, 'src/orders.ts', SOURCE);

  it("reports a tests: template with '..' or an absolute path at its line and drops the entry", async () => {
    repo.write(
      '.preflight.yml',
      'tests:\n  - source: ["src/**/*.ts"]\n    tests: ["{dir}/../../{name}.test.ts"]\n  - source: ["lib/**/*.ts"]\n    tests: ["lib/{name}.test.ts"]\n    create: "/tmp/{name}.test.ts"\n',
    );
    const loaded = await loadConfig(repo.dir);
    assert.deepEqual(
      loaded.findings.map((f) => [f.line, f.column, f.message]),
      [
        [3, 13, "'{dir}/../../{name}.test.ts' leaves the repository: tests are found and created inside it (no absolute path, no '..')."],
        [6, 13, "'/tmp/{name}.test.ts' leaves the repository: tests are found and created inside it (no absolute path, no '..')."],
      ],
    );
    assert.deepEqual(loaded.config.tests, []);
  });

  it('refuses, at planning, a test folder that is a symlink leading out', async () => {
    symlinkSync(outside, join(repo.dir, 'test'));
    const result = await plan(config([{ source: ['src/**/*.ts'], tests: ['test/{name}.test.ts'], framework: 'mocha' }]));
    assert.ok(isNoPlan(result));
    assert.equal(
      result.problem,
      `test/orders.test.ts is outside the repository (or behind a symlink leading out of it): Preflight writes only inside ${repo.dir}.`,
    );
    assert.deepEqual(readdirSync(outside), []);
  });

  it('does not append through an existing test file that is a symlink out of the repository', async () => {
    writeFileSync(join(outside, 'orders.test.ts'), '// outside\n');
    mkdirSync(join(repo.dir, 'test'));
    symlinkSync(join(outside, 'orders.test.ts'), join(repo.dir, 'test', 'orders.test.ts'));
    const result = await plan(config([{ source: ['src/**/*.ts'], tests: ['test/{name}.test.ts'], framework: 'mocha' }]));
    assert.ok(isNoPlan(result));
    assert.match(result.problem, /^test\/orders\.test\.ts is outside the repository/);
    assert.equal(readFileSync(join(outside, 'orders.test.ts'), 'utf8'), '// outside\n');
  });

  it('refuses a plan whose folder became a symlink out of the repository before the write', async () => {
    const result = await plan(config([{ source: ['src/**/*.ts'], tests: ['test/unit/{name}.test.ts'], framework: 'mocha' }]));
    assert.ok(!isNoPlan(result));
    symlinkSync(outside, join(repo.dir, 'test'));
    await assert.rejects(writeFailingTest(repo.dir, result), /^Error: test\/unit\/orders\.test\.ts is outside the repository/);
    assert.equal(existsSync(join(outside, 'unit')), false);
  });

  it('appends to the test it has just created (a folder that did not exist a moment ago is not remembered as missing)', async () => {
    const cfg = config([{ source: ['src/**/*.ts'], tests: ['test/{name}.test.ts'], framework: 'mocha' }]);
    repo.write('src/orders.ts', `${SOURCE}export function count(cents: number[]): number {\n  return cents.length;\n}\n`);
    const text = readFileSync(join(repo.dir, 'src/orders.ts'), 'utf8');
    const first = await planFailingTest(repo.dir, cfg, 'src/orders.ts', text, 'total');
    assert.ok(!isNoPlan(first));
    await writeFailingTest(repo.dir, first);
    const second = await planFailingTest(repo.dir, cfg, 'src/orders.ts', text);
    assert.ok(!isNoPlan(second));
    assert.equal(second.existing, first.text);
    assert.deepEqual(second.added, ['count']);
    await writeFailingTest(repo.dir, second);
    assert.match(readFileSync(join(repo.dir, 'test/orders.test.ts'), 'utf8'), /describe\('count'/);
  });

  it('still writes a test inside the repository', async () => {
    const result = await plan(config([{ source: ['src/**/*.ts'], tests: ['test/{name}.test.ts'], framework: 'mocha' }]));
    assert.ok(!isNoPlan(result));
    await writeFailingTest(repo.dir, result);
    assert.match(readFileSync(join(repo.dir, 'test/orders.test.ts'), 'utf8'), /total/);
  });
});
