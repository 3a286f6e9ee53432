import assert from 'node:assert/strict';
import { nodesOfTypes } from '../../../../src/core/syntax/nodes-of-types';
import { parseSyntax, type GrammarName } from '../../../../src/core/syntax/tree-sitter';
import { compilePattern, matchAt, type MatchOptions } from '../../../../src/core/team-rules/pattern';

/** Each match of the pattern in the code: its text and its bindings. */
async function matches(grammar: GrammarName, pattern: string, code: string, options?: MatchOptions) {
  const compiled = await compilePattern(pattern, grammar);
  const tree = await parseSyntax(grammar, code);
  try {
    return nodesOfTypes(tree, [compiled.root.type])
      .map((node) => matchAt(compiled, node, code, undefined, options))
      .filter((match) => match !== undefined)
      .map((match) => ({ text: match.node.text, ...Object.fromEntries(match.bindings) }));
  } finally {
    tree.delete();
  }
}

async function texts(grammar: GrammarName, pattern: string, code: string): Promise<string[]> {
  return (await matches(grammar, pattern, code)).map((match) => match.text);
}

describe('team rules: pattern matching as ast-grep does it', () => {
  before(async function () {
    this.timeout(10_000); // the grammars' first load
    for (const grammar of ['typescript', 'python', 'ruby', 'go', 'java'] as const) await parseSyntax(grammar, '');
  });

  describe('smart strictness: the code may have unnamed tokens the pattern leaves out', () => {
    it('a statement ending in `;` matches a pattern written without it', async () => {
      assert.deepEqual(await texts('typescript', 'throw new Error($MSG)', "if (x) {\n  throw new Error('no x');\n}\n"), [
        "throw new Error('no x');",
      ]);
    });

    it('a trailing comma in the code is skipped, one in the pattern is required', async () => {
      const code = 'save(order,);\nsave(order);\n';
      assert.deepEqual(await texts('typescript', 'save($X)', code), ['save(order,)', 'save(order)']);
      assert.deepEqual(await texts('typescript', 'save($X,)', code), ['save(order,)']);
      assert.deepEqual(await texts('python', 'client.create($A, $B)', 'client.create(\n    invoice_id,\n    -1,\n)\n'), [
        'client.create(\n    invoice_id,\n    -1,\n)',
      ]);
    });

    it('a keyword the pattern does not write is skipped before a keyword it does (`async`)', async () => {
      const code = 'async function load() {}\nfunction save() {}\n';
      assert.deepEqual(await texts('typescript', 'function $F() {}', code), ['async function load() {}', 'function save() {}']);
      assert.deepEqual(await texts('typescript', 'async function $F() {}', code), ['async function load() {}']);
    });

    it('comments in the code are skipped', async () => {
      assert.deepEqual(await texts('typescript', 'foo($A, $B)', 'foo(a, /* why */ b);\n'), ['foo(a, /* why */ b)']);
      assert.deepEqual(await texts('java', 'foo($A, $B)', 'class A { void f() { foo(a, // why\n b); } }'), ['foo(a, // why\n b)']);
    });

    it('but not before a metavariable or a larger construct, as in ast-grep (`$X => 1` is not `async x => 1`)', async () => {
      assert.deepEqual(await texts('typescript', '$X => 1', 'f(async x => 1, y => 1);\n'), ['y => 1']);
    });
  });

  describe('$$$: any run of nodes, empty or not', () => {
    it('a bare $$$ matches any arguments in TypeScript, Python and Ruby', async () => {
      assert.deepEqual(await texts('typescript', 'new Date($$$)', 'const a = new Date();\nconst b = new Date(2026, 11, 1);\n'), [
        'new Date()',
        'new Date(2026, 11, 1)',
      ]);
      assert.deepEqual(await texts('typescript', 'this.setState($$$)', 'this.setState({ a: 1 }, done);\n'), [
        'this.setState({ a: 1 }, done)',
      ]);
      assert.deepEqual(await texts('python', 'print($$$)', 'print()\nprint(a, sep="")\nlog(a)\n'), ['print()', 'print(a, sep="")']);
      assert.deepEqual(await texts('ruby', 'puts $$$', 'puts "a", b\nputs(c)\n'), ['puts "a", b', 'puts(c)']);
    });

    it('an empty $$$ does not demand the separator after it', async () => {
      assert.deepEqual(await matches('typescript', '$F($$$A, null)', 'Object.create(null);\nf(a, b, null);\n'), [
        { text: 'Object.create(null)', F: 'Object.create', A: '' },
        { text: 'f(a, b, null)', F: 'f', A: 'a, b' },
      ]);
    });

    it('ends where what follows first matches, and is not revised (ast-grep: non-greedy)', async () => {
      assert.deepEqual(await texts('typescript', 'f($$$A, $B)', 'f(1);\nf(1, 2, 3);\n'), ['f(1)']);
      assert.deepEqual(await matches('typescript', 'f($$$A, 3)', 'f(1, 2, 3);\n'), [{ text: 'f(1, 2, 3)', A: '1, 2' }]);
    });

    it('stands for several statements in a block', async () => {
      const code = 'try {\n  a();\n  b();\n} catch (e) {}\ntry {\n  c();\n} catch (e) {\n  log(e);\n}\n';
      assert.deepEqual(await matches('typescript', 'try { $$$A } catch ($E) {}', code), [
        { text: 'try {\n  a();\n  b();\n} catch (e) {}', A: 'a();\n  b();', E: 'e' },
      ]);
      assert.deepEqual(await texts('java', 'try { $$$ } catch ($T $E) {}', 'class A { void f() { try { a(); b(); } catch (X e) {} } }'), [
        'try { a(); b(); } catch (X e) {}',
      ]);
    });
  });

  describe('metavariables', () => {
    it('$X binds the whole node its text spans: `puts $X` binds the argument list of `puts(x)`', async () => {
      assert.deepEqual(await matches('ruby', 'puts $X', 'puts(total)\nputs total\n'), [
        { text: 'puts(total)', X: '(total)' },
        { text: 'puts total', X: 'total' },
      ]);
    });

    it('the same metavariable twice binds equal syntax trees, whatever the spacing', async () => {
      assert.deepEqual(await texts('typescript', '$A === $A', 'a.b === a . b;\na.b === a.c;\nf( x ) === f(x);\n'), [
        'a.b === a . b',
        'f( x ) === f(x)',
      ]);
      assert.deepEqual(
        await texts(
          'go',
          'if $E := $CALL; $E != nil { $$$ }',
          'package p\nfunc f() {\n\tif err := g(); err != nil {\n\t\treturn\n\t}\n}\n',
        ),
        ['if err := g(); err != nil {\n\t\treturn\n\t}'],
      );
    });

    it('$_ matches anything and binds nothing; $$X matches named and unnamed nodes', async () => {
      assert.deepEqual(await texts('typescript', '$_ === $_', 'a === b;\n'), ['a === b']);
      assert.deepEqual(await matches('typescript', 'f($$X)', 'f(a);\n'), [{ text: 'f(a)', X: 'a' }]);
    });

    it('a pattern that is one token matches that token (`debugger`, Python `return`)', async () => {
      assert.deepEqual(await texts('typescript', 'debugger', 'debugger;\n'), ['debugger']);
      assert.deepEqual(await texts('python', 'return', 'def f():\n    return\n'), ['return']);
    });
  });

  describe('what the code has after the pattern', () => {
    it('named nodes after the last one of the pattern keep it from matching, as ast-grep documents', async () => {
      const code = 'if (a) {\n  b();\n} else {\n  c();\n}\nif (d) {\n  e();\n}\n';
      assert.deepEqual(await texts('typescript', 'if ($C) { $$$ }', code), ['if (d) {\n  e();\n}']);
    });

    it('ast-grep itself ignores them (the differential test names that difference with this option)', async () => {
      const code = 'if (a) {\n  b();\n} else {\n  c();\n}\n';
      assert.equal((await matches('typescript', 'if ($C) { $$$ }', code, { ignoreTrailingNodes: true })).length, 1);
    });
  });

  describe('patterns that are not code', () => {
    it('are refused with where the parser stopped; a token the parser inserts (Java `;`) is no error', async () => {
      await assert.rejects(compilePattern('console.log((', 'typescript'), /not valid typescript/);
      assert.deepEqual(await texts('java', 'System.out.println($X)', 'class A { void f() { System.out.println(x); } }'), [
        'System.out.println(x)',
      ]);
    });
  });
});
