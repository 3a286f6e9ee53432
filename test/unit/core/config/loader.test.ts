import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, parseConfig } from '../../../../src/core/engine/registry';
import { defaultConfig } from '../../../../src/core/config/types';

const FILE = '.preflight.yml';

describe('config loader', () => {
  describe('valid files', () => {
    it('merges the file over the defaults', () => {
      const { config, findings } = parseConfig('version: 1\npostgres:\n  version: 13\ngate:\n  blockOn: warning\n', FILE);
      assert.deepEqual(findings, []);
      assert.equal(config.postgres.version, 13);
      assert.equal(config.gate.blockOn, 'warning');
      assert.deepEqual(config.gate.commands, []);
      assert.deepEqual(config.ignore, defaultConfig().ignore);
    });

    it('treats an empty file as the defaults', () => {
      assert.deepEqual(parseConfig('', FILE).config, defaultConfig());
      assert.deepEqual(parseConfig('# only a comment\n', FILE).findings, []);
    });

    it('records the line each team rule is defined at', () => {
      const text =
        'rules:\n  - id: no-console\n    message: m\n    regex: console\n  - id: no-fetch\n    message: m\n    pattern: fetch($$$A)\n';
      const { config } = parseConfig(text, FILE);
      assert.deepEqual(
        config.rules.map((r) => [r.id, r.definedAtLine]),
        [
          ['no-console', 2],
          ['no-fetch', 5],
        ],
      );
    });

    it('accepts JSON, which is YAML too', () => {
      const { config, findings } = parseConfig('{"gate": {"blockOn": "never"}}', '.preflight.json');
      assert.deepEqual(findings, []);
      assert.equal(config.gate.blockOn, 'never');
    });
  });

  describe('bad YAML', () => {
    it('reports the syntax error at its line and falls back to the defaults', () => {
      const { config, findings } = parseConfig('gate:\n  blockOn: [error\nrules: x\n', FILE);
      assert.equal(findings.length, 1);
      assert.equal(findings[0].ruleId, 'config/invalid-yaml');
      assert.equal(findings[0].file, FILE);
      assert.deepEqual([findings[0].line, findings[0].column], [3, 1], 'at the line that should have closed the flow sequence');
      assert.match(findings[0].message, /^YAML syntax error: /);
      assert.deepEqual(config, defaultConfig());
    });

    it('reports a duplicate key', () => {
      const { findings } = parseConfig('version: 1\nversion: 1\n', FILE);
      assert.equal(findings.length, 1);
      assert.equal(findings[0].line, 2);
      assert.match(findings[0].message, /unique/i);
    });

    it('rejects a file that is a list instead of a mapping', () => {
      const { findings, config } = parseConfig('- a\n- b\n', FILE);
      assert.equal(findings.length, 1);
      assert.match(findings[0].message, /must be a mapping; it is a list/);
      assert.deepEqual(config, defaultConfig());
    });
  });

  describe('wrong types and values', () => {
    it('points at the value with the wrong type', () => {
      const { findings, config } = parseConfig('postgres:\n  version: "15"\n', FILE);
      assert.equal(findings.length, 1);
      assert.deepEqual([findings[0].line, findings[0].column, findings[0].endColumn], [2, 12, 16]);
      assert.equal(findings[0].message, "'postgres.version' must be an integer; it is '15'.");
      assert.equal(config.postgres.version, 15, 'the default replaces the invalid value');
    });

    it('suggests the closest allowed value of an enum', () => {
      const { findings } = parseConfig('gate:\n  blockOn: warnings\n', FILE);
      assert.match(findings[0].message, /must be one of error, warning, never \(did you mean 'warning'\?\)/);
    });

    it('keeps the valid rules when one rule is invalid', () => {
      const text = [
        'rules:',
        '  - id: good',
        '    message: fine',
        '    regex: TODO',
        '  - id: Bad Id',
        '    message: no matcher either',
        '  - id: also-good',
        '    message: fine',
        '    forbid-import: lodash',
      ].join('\n');
      const { config, findings } = parseConfig(text, FILE);
      assert.deepEqual(
        config.rules.map((r) => r.id),
        ['good', 'also-good'],
      );
      assert.deepEqual(
        config.rules.map((r) => r.definedAtLine),
        [2, 7],
      );
      const messages = findings.map((f) => `${f.line}: ${f.message}`);
      assert.ok(
        messages.includes("5: 'rules[1]': a rule needs exactly one matcher: regex, pattern, rule, forbid-import or paths."),
        messages.join('\n'),
      );
      assert.ok(
        messages.some((m) => m.startsWith("5: 'rules[1].id' must match pattern")),
        messages.join('\n'),
      );
    });

    it('keeps the other sections when one section is invalid', () => {
      const { config } = parseConfig('gate:\n  blockOn: sometimes\npostgres:\n  version: 12\n', FILE);
      assert.equal(config.gate.blockOn, 'error');
      assert.equal(config.postgres.version, 12);
    });

    it('explains a value that must be a string or a list', () => {
      const { findings } = parseConfig('rules:\n  - id: r\n    message: m\n    regex: x\n    files: 5\n', FILE);
      assert.equal(findings.length, 1);
      assert.equal(findings[0].message, "'rules[0].files': must be a string or a list of strings.");
      assert.equal(findings[0].line, 5);
    });
  });

  describe('unknown keys', () => {
    it('underlines the key and says what was probably meant', () => {
      const { findings } = parseConfig('version: 1\nrulse: []\n', FILE);
      assert.equal(findings.length, 1);
      const [finding] = findings;
      assert.deepEqual([finding.line, finding.column, finding.endLine, finding.endColumn], [2, 1, 2, 6]);
      assert.equal(finding.message, "Unknown key 'rulse' at the top level (did you mean 'rules'?).");
      assert.match(finding.help ?? '', /Allowed keys: version, ignore/);
    });

    it('names the section of a nested unknown key', () => {
      const { findings } = parseConfig('migrations:\n  runnerSetsTimeout: true\n', FILE);
      assert.equal(findings[0].message, "Unknown key 'runnerSetsTimeout' in 'migrations' (did you mean 'runnerSetsTimeouts'?).");
    });

    it('makes no suggestion when nothing is close', () => {
      const { findings } = parseConfig('banana: 1\n', FILE);
      assert.equal(findings[0].message, "Unknown key 'banana' at the top level.");
    });
  });

  describe('loading from disk', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'preflight-config-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('uses the defaults when there is no file', async () => {
      const loaded = await loadConfig(dir);
      assert.equal(loaded.file, undefined);
      assert.deepEqual(loaded.config, defaultConfig());
    });

    it('finds .preflight.yaml too', async () => {
      writeFileSync(join(dir, '.preflight.yaml'), 'gate:\n  blockOn: never\n');
      const loaded = await loadConfig(dir);
      assert.equal(loaded.file, '.preflight.yaml');
      assert.equal(loaded.config.gate.blockOn, 'never');
    });
  });
});
