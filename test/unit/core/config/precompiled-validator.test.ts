import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { compileConfigValidator, configValidatorSource } from '../../../../src/core/config/config-validator';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** The validator as the bundles hold it: the standalone code scripts/build.mjs puts in place of the compiled one. */
function precompiled(): ValidateFunction {
  const module = { exports: {} as unknown };
  const run = new Function('module', 'exports', 'require', configValidatorSource()) as (
    m: typeof module,
    e: unknown,
    r: NodeRequire,
  ) => void;
  run(module, module.exports, createRequire(join(ROOT, 'package.json')));
  return module.exports as ValidateFunction;
}

const DOCUMENTS: Record<string, string> = {
  'the example rule pack': readFileSync(join(ROOT, 'examples', 'rules', 'preflight.yml'), 'utf8'),
  'the demo configuration': readFileSync(join(ROOT, 'demo', 'app', '.preflight.yml'), 'utf8'),
  'an empty mapping': '{}',
  'not a mapping': '- a\n- b\n',
  'an unknown top-level key': 'version: 1\nrulse: []\n',
  'a wrong const': 'version: 2\n',
  'a string for an integer, and below a minimum': 'postgres:\n  version: "15"\nmaxFileSize: 10\n',
  'a value outside an enum': 'gate:\n  blockOn: warnings\n',
  'a migration format that does not exist': 'migrations:\n  paths:\n    cobol: ["x/**"]\n',
  'a rule without a message, a bad id and bad flags': 'rules:\n  - id: Bad_Id\n    regex: x\n    flags: gx\n',
  'a rule of no kind, and one of two kinds':
    'rules:\n  - id: a\n    message: m\n  - id: b\n    message: m\n    regex: x\n    pattern: y($A)\n',
  'a docsUrl that is not a URI': 'rules:\n  - id: a\n    message: m\n    regex: x\n    docsUrl: "not a uri"\n',
  'a paths rule without changed': 'rules:\n  - id: a\n    message: m\n    paths:\n      requires: db/schema.rb\n',
  'files of the wrong type': 'rules:\n  - id: r\n    message: m\n    regex: x\n    files: 5\n',
};

describe('the precompiled .preflight.yml validator (what the bundles run)', () => {
  const compiled = compileConfigValidator();
  const standalone = precompiled();
  for (const [name, text] of Object.entries(DOCUMENTS)) {
    it(`judges ${name} exactly as the schema compiled at start-up does`, () => {
      const data = parse(text) as unknown;
      const expected = compiled(data);
      const expectedErrors = structuredClone(compiled.errors);
      assert.equal(standalone(data), expected);
      assert.deepEqual(standalone.errors, expectedErrors);
    });
  }

  it('finds problems in the invalid documents (the comparison is not between two empty lists)', () => {
    const invalid = Object.entries(DOCUMENTS).filter(([name]) => !/example|demo|empty/.test(name));
    for (const [name, text] of invalid) assert.equal(standalone(parse(text)), false, name);
    assert.equal(standalone(parse(DOCUMENTS['the example rule pack'])), true);
  });
});
