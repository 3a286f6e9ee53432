import assert from 'node:assert/strict';
import { parseConfigFully } from '../../../../src/core/engine/registry';
import { analyzeFile } from '../../../../src/core/engine/analyze-file';
import { teamRulesAnalyzer } from '../../../../src/core/team-rules/analyzer';
import { applyEdits, fixAllEdits } from '../../../../src/core/team-rules/fix-all';
import { runRuleTests } from '../../../../src/core/team-rules/rule-tests';
import type { Finding } from '../../../../src/core/findings/finding';

const RULES = `rules:
  - id: no-console-log
    message: Use the logger.
    files: "**/*.ts"
    pattern: console.log($X)
    fix: logger.info($X)
  - id: no-log-call
    message: No log call at all.
    files: "**/*.ts"
    pattern: $O.log($$$)
    fix: ""
  - id: no-var
    message: No var.
    files: "**/*.ts"
    regex: "\\\\bvar\\\\b"
    fix: let
`;

async function configOf(yaml: string) {
  const loaded = await parseConfigFully(yaml, '.preflight.yml');
  assert.deepEqual(
    loaded.findings.filter((f) => f.severity === 'error').map((f) => f.message),
    [],
  );
  return loaded.config;
}

describe('team rules: fix all', () => {
  it('applies every team-rule fix in document order, skipping a fix that overlaps one already taken', async () => {
    const text = 'var a = 1;\nconsole.log(a);\nwindow.log(b);\nvar c = console.log(a) + 1;\n';
    const findings = await analyzeFile({ path: 'src/a.ts', text }, [teamRulesAnalyzer], { config: await configOf(RULES), root: '/' });
    const edits = fixAllEdits(findings, text);
    assert.deepEqual(edits, [
      { start: 0, end: 3, newText: 'let' },
      { start: 11, end: 25, newText: 'logger.info(a)' },
      { start: 27, end: 40, newText: '' },
      { start: 42, end: 45, newText: 'let' },
      { start: 50, end: 64, newText: 'logger.info(a)' },
    ]);
    assert.equal(applyEdits(text, edits), 'let a = 1;\nlogger.info(a);\n;\nlet c = logger.info(a) + 1;\n');
  });

  it('leaves findings of built-in rules, fixes of other files and fixes touching a taken one alone', () => {
    const finding = (ruleId: string, file: string, column: number, endColumn: number, newText: string): Finding => ({
      ruleId,
      severity: 'warning',
      file: 'a.ts',
      line: 1,
      column,
      endLine: 1,
      endColumn,
      message: 'm',
      fix: { description: 'd', edits: [{ file, range: { start: { line: 1, column }, end: { line: 1, column: endColumn } }, newText }] },
    });
    const text = 'abcdefgh';
    const edits = fixAllEdits(
      [
        finding('team/a', 'a.ts', 3, 5, 'X'),
        finding('team/touching', 'a.ts', 5, 6, 'Y'),
        finding('migrations/some-rule', 'a.ts', 7, 8, 'Z'),
        finding('team/elsewhere', 'b.ts', 7, 8, 'W'),
        finding('team/b', 'a.ts', 1, 2, 'V'),
      ],
      text,
    );
    assert.equal(applyEdits(text, edits), 'VbXefgh');
  });
});

describe('rules test: the expected output of a fix', () => {
  const rule = (tests: string) => `rules:
  - id: no-console-log
    message: Use the logger.
    files: "**/*.ts"
    pattern: console.log($X)
    fix: logger.info($X)
    tests:
${tests}`;

  it('passes when the fixed code is the output, and shows both when it is not', async () => {
    const config = await configOf(
      rule(`      invalid:
        - code: "console.log(a);\\nconsole.log(b);\\n"
          output: "logger.info(a);\\nlogger.info(b);\\n"
        - code: "console.log(a);\\n"
          output: "logger.warn(a);\\n"
        - "console.log(c);"
`),
    );
    const results = await runRuleTests(config);
    assert.deepEqual(
      results.map((r) => [r.kind, r.index, r.passed, r.problem, r.output]),
      [
        ['invalid', 0, true, undefined, undefined],
        [
          'invalid',
          1,
          false,
          'the fixed code differs from the expected output',
          { expected: 'logger.warn(a);\n', actual: 'logger.info(a);\n' },
        ],
        ['invalid', 2, true, undefined, undefined],
      ],
    );
  });

  it('says when the rule has no fix for an example that expects an output', async () => {
    const config = await configOf(`rules:
  - id: no-debugger
    message: No debugger.
    files: "**/*.ts"
    regex: "\\\\bdebugger\\\\b"
    tests:
      invalid:
        - { code: "debugger;", output: "" }
`);
    const [result] = await runRuleTests(config);
    assert.equal(result.passed, false);
    assert.equal(result.problem, 'the rule has no fix here, so the code stays as it is, not the expected output');
    assert.deepEqual(result.output, { expected: '', actual: 'debugger;' });
  });

  it('reports an example that is neither code nor {code, output} at its line', async () => {
    const loaded = await parseConfigFully(rule(`      invalid:\n        - { code: "console.log(a);" }\n`), '.preflight.yml');
    assert.deepEqual(
      loaded.findings.map((f) => [f.line, f.message]),
      [[9, "'rules[0].tests.invalid[0]': an invalid example is the code, or {code, output} with the file after the rule's fixes."]],
    );
  });
});
