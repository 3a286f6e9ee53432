import assert from 'node:assert/strict';
import { analyzeFile } from '../../../../src/core/engine/analyze-file';
import { builtinAnalyzers, loadConfig, parseConfigFully } from '../../../../src/core/engine/registry';
import type { Finding } from '../../../../src/core/findings/finding';
import { runRuleTests } from '../../../../src/core/team-rules/rule-tests';
import { TempRepo } from '../../../helpers/temp-repo';

async function run(configYaml: string, path: string, text: string): Promise<Finding[]> {
  const loaded = await parseConfigFully(configYaml, '.preflight.yml');
  assert.deepEqual(loaded.findings, [], 'the config is valid');
  return (await analyzeFile({ path, text }, builtinAnalyzers(), { config: loaded.config, root: '/repo' })).filter((f) =>
    f.ruleId.startsWith('team/'),
  );
}

const NO_CONSOLE_IN_FUNCTIONS = `rules:
  - id: no-console-in-functions
    message: Log with the logger inside functions.
    files: "**/*.ts"
    rule:
      pattern: console.log($$$ARGS)
      inside:
        kind: function_declaration
        stopBy: end
    constraints:
      ARGS: { kind: string }
    fix:
      template: ""
      expandEnd: { regex: "^;$" }
`;

describe('team rules: ast-grep rule objects', () => {
  it('reports a match of every key of the rule, and its fix deletes the whole statement', async () => {
    const text = "function f() {\n  if (x) {\n    console.log(1);\n  }\n  console.log('a');\n}\nconsole.log('top');\n";
    const findings = await run(NO_CONSOLE_IN_FUNCTIONS, 'src/a.ts', text);
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.line, f.column, f.endLine, f.endColumn, f.message]),
      [
        ['team/no-console-in-functions', 3, 5, 3, 19, 'Log with the logger inside functions.'],
        ['team/no-console-in-functions', 5, 3, 5, 19, 'Log with the logger inside functions.'],
      ],
    );
    assert.deepEqual(
      findings.map((f) => f.fix?.edits.map((e) => [e.range.start, e.range.end, e.newText])),
      [[[{ line: 3, column: 5 }, { line: 3, column: 20 }, '']], [[{ line: 5, column: 3 }, { line: 5, column: 20 }, '']]],
    );
  });

  it("`has` with stopBy: end binds the first descendant that matches, never the node itself, but with `field` the field's node too", async () => {
    const config = [
      'rules:',
      '  - id: calls-g',
      '    message: m',
      '    files: "**/*.ts"',
      '    rule: { kind: call_expression, has: { pattern: g($A), stopBy: end } }',
      '    fix: $A',
      '  - id: named-callee',
      '    message: m',
      '    files: "**/*.ts"',
      '    rule: { kind: call_expression, has: { field: function, stopBy: end, all: [{ kind: identifier }, { pattern: $N }] } }',
      '    fix: $N',
      '',
    ].join('\n');
    // What the ast-grep CLI reports for the same rules and code.
    const findings = await run(config, 'src/a.ts', 'g(f(g(1)));\nh(g(2), g(3));\na.b(c);\n');
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.line, f.column, f.endColumn, f.fix?.edits[0].newText]),
      [
        ['team/calls-g', 1, 1, 11, '1'],
        ['team/named-callee', 1, 1, 11, 'g'],
        ['team/calls-g', 1, 3, 10, '1'],
        ['team/named-callee', 1, 3, 10, 'f'],
        ['team/named-callee', 1, 5, 9, 'g'],
        ['team/calls-g', 2, 1, 14, '2'],
        ['team/named-callee', 2, 1, 14, 'h'],
        ['team/named-callee', 2, 3, 7, 'g'],
        ['team/named-callee', 2, 9, 13, 'g'],
        ['team/named-callee', 3, 1, 7, 'a'],
      ],
    );
  });

  it('runs a rule in a language without files only on files of that language', async () => {
    const config = 'rules:\n  - id: no-var\n    message: m\n    language: javascript\n    rule: { kind: variable_declaration }\n';
    assert.deepEqual(
      (await run(config, 'src/a.js', 'var a = 1;\n')).map((f) => [f.ruleId, f.line]),
      [['team/no-var', 1]],
    );
    assert.deepEqual(await run(config, 'src/a.ts', 'var a = 1;\n'), []);
  });

  it("tests a rule in a language without files on an example of that language's files (preflight rules test)", async () => {
    const config = [
      'rules:',
      '  - id: no-unwrap',
      '    message: m',
      '    language: rust',
      '    rule: { pattern: $X.unwrap(), inside: { kind: function_item, stopBy: end } }',
      '    tests:',
      '      valid: ["fn f() { let v = read()?; }"]',
      '      invalid: ["fn f() { let v = read().unwrap(); }"]',
    ].join('\n');
    const results = await runRuleTests((await parseConfigFully(config, '.preflight.yml')).config);
    assert.deepEqual(
      results.map((r) => [r.kind, r.passed]),
      [
        ['valid', true],
        ['invalid', true],
      ],
    );
  });

  it('reads Rust, C#, PHP, CSS and Bash with their own grammars', async () => {
    const cases: Array<[string, string, string, string]> = [
      ['rust', 'pattern: $X.unwrap()', 'src/main.rs', 'fn main() {\n    let v = read().unwrap();\n}\n'],
      ['csharp', 'pattern: Console.WriteLine($X)', 'src/Program.cs', 'class P {\n  void M() { Console.WriteLine(1); }\n}\n'],
      ['php', 'pattern: var_dump($X)', 'src/index.php', '<?php\nvar_dump($user);\n'],
      ['css', 'pattern: { context: "a { $P: red }", selector: declaration }', 'src/site.css', 'a {\n  color: red;\n}\n'],
      ['bash', 'pattern: rm -rf $X', 'deploy.sh', 'set -e\nrm -rf "$DIR"\n'],
    ];
    for (const [language, matcher, path, text] of cases) {
      const config = `rules:\n  - id: r\n    message: m\n    language: ${language}\n    rule:\n      ${matcher}\n`;
      assert.deepEqual(
        (await run(config, path, text)).map((f) => f.line),
        [2],
        language,
      );
    }
  });

  it('reports a rule object ast-grep would reject at the key, in plain words, and keeps the other rules', async () => {
    const text = [
      'rules:',
      '  - id: bad-pattern',
      '    message: m',
      '    files: "**/*.ts"',
      '    rule:',
      '      all:',
      '        - kind: call_expression',
      "        - pattern: 'console.log(('",
      '  - id: bad-kind',
      '    message: m',
      '    files: "**/*.ts"',
      '    rule:',
      '      has:',
      '        kind: call_expresion',
      '  - id: typo',
      '    message: m',
      '    files: "**/*.ts"',
      '    rule:',
      '      pattern: foo($X)',
      '      inside: { kidn: function_declaration }',
      '  - id: fine',
      '    message: m',
      '    files: "**/*.ts"',
      '    rule: { kind: debugger_statement }',
    ].join('\n');
    const loaded = await parseConfigFully(text, '.preflight.yml');
    assert.deepEqual(
      loaded.findings.map((f) => [f.line, f.ruleId, f.message]),
      [
        [
          8,
          'config/invalid-rule',
          "Team rule 'bad-pattern' is skipped: the pattern 'console.log((' is not valid typescript (it cannot be read at 'console.log((').",
        ],
        [14, 'config/invalid-rule', "Team rule 'bad-kind' is skipped: 'call_expresion' is not a kind of node in typescript."],
        [20, 'config/invalid', "Unknown key 'kidn' in 'rules[2].rule.inside' (did you mean 'kind'?)."],
      ],
    );
    assert.deepEqual(
      loaded.config.rules.map((r) => r.id),
      ['fine'],
    );
  });
});

describe('config: include an ast-grep rule file', () => {
  let dir: TempRepo;
  beforeEach(() => (dir = new TempRepo('preflight-ast-grep-include-', { git: false })));
  afterEach(() => dir.remove());

  it("runs its rules unchanged, with ast-grep's note, severity and language names, and reports what it cannot run at the line", async () => {
    dir.write('.preflight.yml', 'include: ["sg-rules/*.yml"]\n');
    dir.write(
      'sg-rules/rules.yml',
      [
        'id: no-await-in-loop',
        'language: TypeScript',
        'message: Do not await inside a loop',
        'severity: hint',
        'note: Collect the promises and await Promise.all.',
        'rule:',
        '  pattern: await $_',
        '  inside:',
        '    any: [{ kind: for_in_statement }, { kind: while_statement }]',
        '    stopBy: end',
        '---',
        'id: no_console_log',
        'language: ts',
        'rule: { pattern: console.log($$$) }',
        'labels:',
        '  X: { style: primary, message: here }',
        '---',
        'id: with-transform',
        'language: ts',
        'rule: { pattern: foo($A) }',
        'transform:',
        '  B: { substring: { source: $A, startChar: 1 } }',
        '---',
        'id: silenced',
        'language: ts',
        'severity: off',
        'rule: { pattern: foo($A) }',
        '---',
        'id: kotlin',
        'language: Kotlin',
        'rule: { pattern: foo($A) }',
        '',
      ].join('\n'),
    );
    const loaded = await loadConfig(dir.dir);
    assert.deepEqual(
      loaded.findings.map((f) => [f.file, f.line, f.severity, f.message]),
      [
        [
          'sg-rules/rules.yml',
          21,
          'error',
          "'transform' is not supported yet: its fix would miss the transformed metavariables, so the rule is left out.",
        ],
        ['sg-rules/rules.yml', 30, 'error', "Preflight has no grammar for the language 'Kotlin'; the rule is left out."],
        ['sg-rules/rules.yml', 15, 'warning', "'labels' is not supported yet: the rule runs without its labels."],
      ],
    );
    assert.deepEqual(
      loaded.config.rules.map((r) => [r.id, r.language, r.severity, r.help, r.message, r.definedIn, r.definedAtLine]),
      [
        [
          'no-await-in-loop',
          'typescript',
          'info',
          'Collect the promises and await Promise.all.',
          'Do not await inside a loop',
          'sg-rules/rules.yml',
          1,
        ],
        ['no_console_log', 'typescript', undefined, undefined, 'Matches the ast-grep rule no_console_log.', 'sg-rules/rules.yml', 12],
      ],
    );
    const text = 'async function f(xs) {\n  for (const x in xs) {\n    await x;\n  }\n  console.log(1);\n}\n';
    const findings = await analyzeFile({ path: 'src/a.ts', text }, builtinAnalyzers(), { config: loaded.config, root: dir.dir });
    assert.deepEqual(
      findings
        .filter((f) => f.ruleId.startsWith('team/'))
        .map((f) => [f.ruleId, f.severity, f.line])
        .sort(),
      [
        ['team/no-await-in-loop', 'info', 3],
        ['team/no_console_log', 'warning', 5],
      ],
    );
  });
});
