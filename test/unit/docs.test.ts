import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

describe('documentation', () => {
  it('docs/configuration.md matches the schema (run npm run config-docs after changing it)', () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'config-docs.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  });

  it('docs/rules (migration and jobs) match the rules (run npm run rule-docs after changing one)', () => {
    const result = spawnSync(process.execPath, ['--require', 'tsx/cjs', join(ROOT, 'scripts', 'rule-docs.ts'), '--check'], {
      encoding: 'utf8',
      cwd: ROOT,
    });
    assert.equal(result.status, 0, result.stderr);
  });

  it('package.json contributes the schema for .preflight.yml', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const yaml = manifest.contributes.yamlValidation[0];
    assert.deepEqual(yaml.fileMatch, ['.preflight.yml', '.preflight.yaml']);
    assert.equal(yaml.url, './schemas/preflight.schema.json');
    assert.ok(!manifest.activationEvents.includes('*'), 'activation must stay lazy');
  });
});
