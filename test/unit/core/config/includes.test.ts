import assert from 'node:assert/strict';
import { loadConfig } from '../../../../src/core/engine/registry';
import { isIncludedFile } from '../../../../src/core/config/includes';
import { TempRepo } from '../../../helpers/temp-repo';

describe('config: include (team rules kept in their own files)', () => {
  let dir: TempRepo;
  beforeEach(() => (dir = new TempRepo('preflight-include-', { git: false })));
  afterEach(() => dir.remove());

  it("adds each included file's rules after the main file's, remembering where each is defined", async () => {
    dir.write('.preflight.yml', 'include: [".preflight/rules/*.yml"]\nrules:\n  - id: main-rule\n    message: m\n    regex: MAIN\n');
    dir.write('.preflight/rules/api.yml', 'rules:\n  - id: no-fetch\n    message: Use the API client.\n    regex: fetch\\(\n');
    dir.write('.preflight/rules/db.yml', '# database rules\nrules:\n  - id: no-raw-sql\n    message: m\n    regex: execute\\(\n');
    dir.write('.preflight/rules/notes.md', 'not a rule file');
    const loaded = await loadConfig(dir.dir);
    assert.deepEqual(loaded.findings, []);
    assert.deepEqual(
      loaded.config.rules.map((r) => [r.id, r.definedIn, r.definedAtLine]),
      [
        ['main-rule', undefined, 3],
        ['no-fetch', '.preflight/rules/api.yml', 2],
        ['no-raw-sql', '.preflight/rules/db.yml', 3],
      ],
    );
    assert.equal(isIncludedFile(loaded.config, '.preflight/rules/api.yml'), true);
    assert.equal(isIncludedFile(loaded.config, 'src/api.yml'), false);
  });

  it('reports problems of an included file on that file, at the line, and keeps its valid rules', async () => {
    dir.write('.preflight.yml', 'include: ["rules/*.yml"]\n');
    dir.write(
      'rules/team.yml',
      "rules:\n  - id: ok\n    message: m\n    regex: TODO\n  - id: backref\n    message: m\n    regex: '(a)\\1'\ngate:\n  blockOn: never\n",
    );
    dir.write('rules/broken.yml', 'rules: [\n');
    const loaded = await loadConfig(dir.dir);
    assert.deepEqual(
      loaded.config.rules.map((r) => r.id),
      ['ok'],
    );
    assert.deepEqual(loaded.config.gate.blockOn, 'error', 'an included file cannot change the gate');
    const where = loaded.findings.map((f) => [f.file, f.line, f.ruleId]);
    assert.deepEqual(where, [
      ['rules/broken.yml', 2, 'config/invalid-yaml'],
      ['rules/team.yml', 5, 'config/invalid-rule'],
      ['rules/team.yml', 8, 'config/invalid'],
    ]);
  });

  it('warns when the globs match no file', async () => {
    dir.write('.preflight.yml', 'include: ["rules/*.yml"]\n');
    const loaded = await loadConfig(dir.dir);
    assert.match(loaded.findings[0].message, /No file matches include: rules\/\*\.yml/);
    assert.equal(loaded.findings[0].file, '.preflight.yml');
  });
});
