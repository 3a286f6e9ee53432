import assert from 'node:assert/strict';
import { parseConfigFully } from '../../../../src/core/engine/registry';
import { analyzeFile } from '../../../../src/core/engine/analyze-file';
import { teamRulesAnalyzer } from '../../../../src/core/team-rules/analyzer';
import { forgetSyntax } from '../../../../src/core/team-rules/syntax-matches';
import { editBetween } from '../../../../src/core/text/edit-between';
import { mulberry32 } from '../../../../bench/corpus';

const CONFIG = `rules:
  - id: no-api-get
    message: Use the client.
    files: "**/*.ts"
    pattern: api.get($$$ARGS)
    fix: client.fetch($$$ARGS)
  - id: no-console
    message: No console.log.
    files: "**/*.ts"
    pattern: console.log($X)
  - id: no-lodash
    message: No lodash.
    files: "**/*.ts"
    forbid-import: lodash
  - id: no-console-with-call
    message: A console call that calls.
    files: "**/*.ts"
    rule: { pattern: console.log($$$), has: { kind: call_expression, stopBy: end } }
  - id: no-get-in-function
    message: No api.get in a function.
    files: "**/*.ts"
    rule: { pattern: api.get($$$), inside: { kind: function_declaration, stopBy: end } }
    fix: { template: "", expandEnd: { regex: "^;$" } }
  - id: word-api
    message: The word api.
    files: "**/*.ts"
    regex: '\\bapi\\b'
  - id: overlapping
    message: A literal that overlaps itself.
    files: "**/*.ts"
    regex: 'xx'
  - id: any-case-console
    message: console in any case.
    files: "**/*.ts"
    regex: 'CONSOLE.'
    flags: i
`;

const SNIPPETS = [
  'api.get(1)',
  'console.log(x)',
  'console.log(f(x))',
  'function g() {',
  ';',
  "import _ from 'lodash';\\n",
  'api.',
  'get(',
  ')',
  '(',
  '\n',
  '}',
  '{',
  'console',
  "'",
  'lodash',
  ' ',
  'x',
  'xx',
  'Console.',
  'é',
  '😀',
];

describe('team rules: incremental syntax and literal matching (the keystroke path)', () => {
  it('finds the common prefix and suffix of an edit', () => {
    assert.deepEqual(editBetween('abcdef', 'abXYef'), { start: 2, oldEnd: 4, newEnd: 4 });
    assert.deepEqual(editBetween('aaa', 'aaaa'), { start: 3, oldEnd: 3, newEnd: 4 });
    assert.deepEqual(editBetween('same', 'same'), { start: 4, oldEnd: 4, newEnd: 4 });
  });

  it('after any sequence of random edits, reports exactly what a fresh analysis reports', async () => {
    const config = (await parseConfigFully(CONFIG, '.preflight.yml')).config;
    const context = { config, root: '/repo' };
    const editing = { ...context, editing: true };
    const random = mulberry32(11);
    let text = "import { x } from './x';\nexport function f() {\n  api.get(1, 2);\n  console.log(x);\n}\n";
    for (let step = 0; step < 300; step++) {
      const at = Math.floor(random() * (text.length + 1));
      const removed = random() < 0.4 ? Math.floor(random() * 6) : 0;
      const inserted = random() < 0.8 ? SNIPPETS[Math.floor(random() * SNIPPETS.length)] : '';
      text = text.slice(0, at) + inserted + text.slice(at + removed);
      const incremental = await analyzeFile({ path: 'src/edited.ts', text }, [teamRulesAnalyzer], editing);
      forgetSyntax('src/fresh.ts');
      const fresh = await analyzeFile({ path: 'src/fresh.ts', text }, [teamRulesAnalyzer], context);
      const strip = (findings: typeof fresh) =>
        findings.map((f) => ({ ...f, file: '', fix: f.fix && { ...f.fix, edits: f.fix.edits.map((e) => ({ ...e, file: '' })) } }));
      assert.deepEqual(strip(incremental), strip(fresh), `step ${step}: ${JSON.stringify(text)}`);
    }
  });

  it('with inside rules (matched again only within the ancestors an edit touches), reports exactly what a fresh analysis reports', async () => {
    const yaml = `rules:
  - id: get-in-function
    message: No api.get in a function.
    files: "**/*.ts"
    rule: { pattern: api.get($$$), inside: { kind: function_declaration, stopBy: end } }
  - id: log-in-if
    message: No console.log right in an if.
    files: "**/*.ts"
    rule: { pattern: console.log($X), inside: { kind: if_statement, stopBy: { kind: function_declaration } } }
  - id: bound-by-ancestor
    message: A call named after its function.
    files: "**/*.ts"
    rule: { pattern: $F($$$), inside: { pattern: "function $F() { $$$ }", stopBy: end } }
    fix: $F
  - id: not-in-class
    message: A log outside classes.
    files: "**/*.ts"
    rule: { pattern: console.log($$$), not: { inside: { kind: class_declaration, stopBy: end } } }
`;
    const config = (await parseConfigFully(yaml, '.preflight.yml')).config;
    const context = { config, root: '/repo' };
    const editing = { ...context, editing: true };
    const random = mulberry32(23);
    const snippets = [...SNIPPETS, 'class C {', 'm() {', 'if (a) {', 'function f() {', 'function g() {\n  g();\n}\n', 'f()'];
    let text = 'function f() {\n  if (a) {\n    api.get(1);\n    console.log(x);\n  }\n  f();\n}\nclass C { m() { console.log(1); } }\n';
    for (let step = 0; step < 300; step++) {
      const at = Math.floor(random() * (text.length + 1));
      const removed = random() < 0.4 ? Math.floor(random() * 6) : 0;
      const inserted = random() < 0.8 ? snippets[Math.floor(random() * snippets.length)] : '';
      text = text.slice(0, at) + inserted + text.slice(at + removed);
      const incremental = await analyzeFile({ path: 'src/inside-edited.ts', text }, [teamRulesAnalyzer], editing);
      forgetSyntax('src/inside-fresh.ts');
      const fresh = await analyzeFile({ path: 'src/inside-fresh.ts', text }, [teamRulesAnalyzer], context);
      const strip = (findings: typeof fresh) =>
        findings.map((f) => ({ ...f, file: '', fix: f.fix && { ...f.fix, edits: f.fix.edits.map((e) => ({ ...e, file: '' })) } }));
      assert.deepEqual(strip(incremental), strip(fresh), `step ${step}: ${JSON.stringify(text)}`);
    }
  });

  it('matches an inside rule again in the whole ancestor an edit far from the match creates', async () => {
    const yaml = `rules:
  - id: get-in-function
    message: No api.get in a function.
    files: "**/*.ts"
    rule: { pattern: api.get($$$), inside: { kind: function_declaration, stopBy: end } }
`;
    const config = (await parseConfigFully(yaml, '.preflight.yml')).config;
    const context = { config, root: '/repo' };
    const editing = { ...context, editing: true };
    const lines = async (text: string) =>
      (await analyzeFile({ path: 'src/inside.ts', text }, [teamRulesAnalyzer], editing)).map((f) => f.line);
    assert.deepEqual(await lines('{\n  api.get(1);\n\n\n\n  api.get(2);\n}\napi.get(3);\n'), []);
    assert.deepEqual(await lines('function f() {\n  api.get(1);\n\n\n\n  api.get(2);\n}\napi.get(3);\n'), [2, 6]);
    assert.deepEqual(await lines('function f() {\n  api.get(1);\n\n\n\n  api.get(2);\n}\n\napi.get(3);\n'), [2, 6]);
    assert.deepEqual(await lines('{\n  api.get(1);\n\n\n\n  api.get(2);\n}\n\napi.get(3);\n'), []);
  });

  it('matches a rule object that looks outside its node again when an edit elsewhere changes it', async () => {
    const yaml = `rules:
  - id: after-a
    message: Runs after a is set.
    files: "**/*.ts"
    rule: { kind: expression_statement, follows: { pattern: let a = 1, stopBy: end } }
`;
    const config = (await parseConfigFully(yaml, '.preflight.yml')).config;
    const context = { config, root: '/repo' };
    const editing = { ...context, editing: true };
    const lines = async (text: string) =>
      (await analyzeFile({ path: 'src/follows.ts', text }, [teamRulesAnalyzer], editing)).map((f) => f.line);
    assert.deepEqual(await lines('f();\n\n\ng();\n'), []);
    assert.deepEqual(await lines('let a = 1;\nf();\n\n\ng();\n'), [2, 5]);
  });

  it('tries the rules only on nodes around their words, with the same findings as on every node of their kinds', async () => {
    const rules = `rules:
  - id: get
    message: No api.get.
    files: "**/*.ts"
    pattern: api.get($$$ARGS)
    fix: client.get($$$ARGS)
  - id: any-api
    message: An api method.
    files: "**/*.ts"
    pattern: api.$M($$$)
  - id: awaited-find
    message: An awaited db.find.
    files: "**/*.ts"
    rule: { kind: await_expression, has: { pattern: db.find($$$), stopBy: end } }
  - id: log-in-class
    message: A log in a class.
    files: "**/*.ts"
    rule: { pattern: console.log($$$), inside: { kind: class_declaration, stopBy: end } }
`;
    // A rule without words can match anywhere: with it, every node of the kinds is tried.
    const wordless = `  - id: wordless
    message: A call of h.
    files: "**/*.ts"
    rule: { kind: call_expression, regex: '^h\\(' }
`;
    const around = { config: (await parseConfigFully(rules, '.preflight.yml')).config, root: '/repo' };
    const everywhere = { config: (await parseConfigFully(rules + wordless, '.preflight.yml')).config, root: '/repo' };
    const parts = [
      'api.get(1)',
      'f(api.get(api.put(2)))',
      'await db.find(x)',
      'await f(db.find)',
      '"api.get(1)"',
      'h(db)',
      '\r\n',
      '\n',
      ';',
      'class C { m() {',
      '} }',
      'console.log(api)',
      '// api.get(',
      '😀',
      'xapi.gety(3)',
      // Long stretches without words keep the occurrences apart: most texts are searched around them, not walked whole.
      `/* ${'.'.repeat(300)} */`,
    ];
    const random = mulberry32(31);
    let wordlessFound = 0;
    for (let trial = 0; trial < 150; trial++) {
      const text = Array.from({ length: 14 }, () => parts[Math.floor(random() * parts.length)]).join(' ');
      const fast = await analyzeFile({ path: 'src/words.ts', text }, [teamRulesAnalyzer], around);
      const walked = await analyzeFile({ path: 'src/words.ts', text }, [teamRulesAnalyzer], everywhere);
      wordlessFound += walked.filter((f) => f.ruleId === 'team/wordless').length;
      assert.deepEqual(
        fast,
        walked.filter((f) => f.ruleId !== 'team/wordless'),
        JSON.stringify(text),
      );
    }
    assert.ok(wordlessFound > 0, 'the rule without words matched where none of the words is');
  });
});
