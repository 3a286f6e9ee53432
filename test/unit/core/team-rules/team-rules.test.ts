import assert from 'node:assert/strict';
import { parseConfig, parseConfigFully, builtinAnalyzers } from '../../../../src/core/engine/registry';
import { analyzeFile } from '../../../../src/core/engine/analyze-file';
import type { Finding } from '../../../../src/core/findings/finding';
import { examplePath } from '../../../../src/core/team-rules/rule-tests';
import { compiledTeamRule, compileTeamRules } from '../../../../src/core/team-rules/compile';

/** Analyses `text` at `path` with the team rules of a `.preflight.yml`. */
async function run(configYaml: string, path: string, text: string): Promise<Finding[]> {
  const loaded = parseConfig(configYaml, '.preflight.yml');
  assert.deepEqual(
    loaded.findings.filter((f) => f.severity === 'error'),
    [],
    'the config is valid',
  );
  return (await analyzeFile({ path, text }, builtinAnalyzers(), { config: loaded.config, root: '/repo' })).filter((f) =>
    f.ruleId.startsWith('team/'),
  );
}

const NO_CONSOLE = `rules:
  - id: no-console-log
    message: Use the logger, not console.log.
    severity: error
    files: ["src/**/*.ts"]
    ignores: ["src/**/*.test.ts"]
    regex: 'console\\.log\\('
    help: import { log } from './logger'
    fix: 'log.info('
`;

describe('team rules: regex', () => {
  it('reports every match, at its position, with the rule message, help and severity', async () => {
    const findings = await run(NO_CONSOLE, 'src/orders.ts', 'const a = 1;\nconsole.log(a); console.log(2);\n');
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.severity, f.line, f.column, f.endColumn]),
      [
        ['team/no-console-log', 'error', 2, 1, 13],
        ['team/no-console-log', 'error', 2, 17, 29],
      ],
    );
    assert.equal(findings[0].message, 'Use the logger, not console.log.');
    assert.equal(findings[0].help, "import { log } from './logger'");
    assert.equal(findings[0].fix?.edits[0].newText, 'log.info(');
  });

  it('reports 200 matches in a file, then one finding at the 201st saying the rest are cut (literal and RE2 regexes alike)', async () => {
    const text = 'console.log(1);\n'.repeat(250);
    const cut =
      /^Rule team\/(no-console-log|any-log) has more than 200 matches in this file: this one and the ones after it are not reported\.$/;
    const RE2_ONLY = `rules:\n  - id: any-log\n    message: A log call.\n    regex: 'console\\.(log|warn)\\('\n`;
    for (const config of [NO_CONSOLE, RE2_ONLY]) {
      const findings = await run(config, 'src/orders.ts', text);
      assert.equal(findings.length, 201);
      assert.equal(findings.filter((f) => cut.test(f.message)).length, 1);
      assert.deepEqual([findings[200].line, findings[200].column], [201, 1]);
      assert.match(findings[200].message, cut);
    }
    assert.equal((await run(NO_CONSOLE, 'src/orders.ts', 'console.log(1);\n'.repeat(200))).length, 200);
  });

  it('applies only to the files its globs select', async () => {
    assert.deepEqual(await run(NO_CONSOLE, 'src/orders.test.ts', 'console.log(1)'), []);
    assert.deepEqual(await run(NO_CONSOLE, 'scripts/build.ts', 'console.log(1)'), []);
  });

  it('uses flags and expands groups in the fix', async () => {
    const config = `rules:\n  - id: todo-owner\n    message: A TODO needs an owner.\n    regex: '\\bTODO\\b(\\s*)(?:[^(]|$)'\n    flags: i\n`;
    const findings = await run(config, 'a.py', '# todo fix this\n# TODO(ana): fine\n');
    assert.deepEqual(
      findings.map((f) => f.line),
      [1],
    );
    const rename = `rules:\n  - id: old-api\n    message: Use the v2 client.\n    regex: 'client\\.v1\\.(\\w+)\\('\n    fix: 'client.v2.$1('\n`;
    const [finding] = await run(rename, 'a.ts', 'await client.v1.fetchOrders(1);\n');
    assert.equal(finding.fix?.edits[0].newText, 'client.v2.fetchOrders(');
  });

  it('cannot backtrack forever: a catastrophic pattern runs in linear time on RE2', async () => {
    const config = `rules:\n  - id: evil\n    message: m\n    regex: '(a+)+b'\n`;
    const started = performance.now();
    const findings = await run(config, 'a.txt', 'a'.repeat(100_000) + '!');
    assert.deepEqual(findings, []);
    assert.ok(performance.now() - started < 5_000, 'finishes (a backtracking engine would not, in any reasonable time)');
  });

  it('reports a regex RE2 cannot run at the rule line in .preflight.yml, and runs the others', async () => {
    const config = `rules:\n  - id: ok\n    message: ok\n    regex: 'TODO'\n  - id: backref\n    message: m\n    regex: '(a)\\1'\n`;
    const loaded = parseConfig(config, '.preflight.yml');
    assert.deepEqual(
      loaded.findings.map((f) => [f.ruleId, f.line]),
      [['config/invalid-rule', 5]],
    );
    assert.match(loaded.findings[0].message, /Team rule 'backref' is skipped: .*invalid escape/);
    assert.deepEqual(
      loaded.config.rules.map((r) => r.id),
      ['ok'],
    );
  });

  it("compiles a rule's regex on first use; the config check compiles each and remembers the ones RE2 rejects", () => {
    const rule = { id: 'backref', message: 'm', regex: '(a)\\1' };
    const compiled = compiledTeamRule(rule);
    assert.ok(!(compiled instanceof Error) && compiled.regex, 'compiled without its regex');
    assert.throws(() => compiled.regex!(), /invalid escape/);
    const checked = compileTeamRules([rule], '.preflight.yml');
    assert.deepEqual(
      checked.findings.map((f) => [f.ruleId, f.message]),
      [['config/invalid-rule', "Team rule 'backref' is skipped: error parsing regexp: invalid escape sequence: `\\1`."]],
    );
    assert.ok(compiledTeamRule(rule) instanceof Error, 'the analyzers get the rejection from then on');
  });

  it('accepts paths rules (push scope) without running them on single files', async () => {
    const config = `rules:\n  - id: p\n    message: m\n    paths:\n      changed: db/migrate/**\n      requires: db/schema.rb\n`;
    assert.deepEqual(parseConfig(config, '.preflight.yml').findings, []);
    assert.deepEqual(await run(config, 'db/migrate/1_x.rb', 'class X; end\n'), []);
  });

  it('is silenced by an ignore comment naming team/<id>', async () => {
    const text = '// preflight-ignore team/no-console-log -- CLI entry point prints\nconsole.log(1);\n';
    assert.deepEqual(await run(NO_CONSOLE, 'src/cli.ts', text), []);
  });
});

describe('team rules: forbid-import', () => {
  const config = `rules:
  - id: no-moment
    message: moment is deprecated here; use date-fns.
    forbid-import: [moment, "lodash/*"]
`;

  it('finds imports in TypeScript and JavaScript: import, export from, require, import()', async () => {
    const text =
      "import moment from 'moment';\nimport { x } from './moment';\nexport { get } from 'lodash/get';\nconst m = require('moment');\nconst l = await import('lodash/fp');\nconst s = 'moment';\n";
    const findings = await run(config, 'src/a.ts', text);
    assert.deepEqual(
      findings.map((f) => [f.line, f.column]),
      [
        [1, 20],
        [3, 21],
        [4, 19],
        [5, 24],
      ],
    );
  });

  it('finds the same imports when a pattern rule has the file parsed anyway (no text search per module then)', async () => {
    const withPattern = `${config}  - id: no-api-get\n    message: Use the client.\n    pattern: api.get($$$)\n`;
    const text = "import moment from 'moment';\nimport fp from 'lodash/fp';\nimport { other } from 'date-fns';\napi.get(1);\n";
    const alone = await run(config, 'src/a.ts', text);
    const both = await run(withPattern, 'src/a.ts', text);
    assert.deepEqual(
      both.map((f) => [f.ruleId, f.line, f.column]),
      [
        ['team/no-moment', 1, 20],
        ['team/no-moment', 2, 16],
        ['team/no-api-get', 4, 1],
      ],
    );
    assert.deepEqual(
      alone.map((f) => [f.line, f.column]),
      [
        [1, 20],
        [2, 16],
      ],
    );
  });

  it('finds imports in Python and Ruby', async () => {
    const py = `rules:\n  - id: no-requests\n    message: Use httpx.\n    forbid-import: requests\n`;
    const pyFindings = await run(
      py,
      'app/client.py',
      'import os\nimport requests\nfrom requests.adapters import HTTPAdapter\nimport requests_mock\n',
    );
    assert.deepEqual(
      pyFindings.map((f) => f.line),
      [2, 3],
    );
    const rb = `rules:\n  - id: no-httparty\n    message: Use Faraday.\n    forbid-import: httparty\n`;
    assert.deepEqual(
      (await run(rb, 'lib/client.rb', "require 'json'\nrequire 'httparty'\n")).map((f) => f.line),
      [2],
    );
  });
});

describe('team rule tests', () => {
  it('analyses each example as a file the rule selects', () => {
    assert.equal(examplePath({ id: 'a', message: 'm', regex: 'x', files: ['src/**/*.ts'] }), 'src/example/example.ts');
    assert.equal(examplePath({ id: 'a', message: 'm', regex: 'x', files: '**/*.{test,spec}.{ts,js}' }), 'example/example.test.ts');
    assert.equal(examplePath({ id: 'a', message: 'm', regex: 'x' }), 'example.txt');
  });
});

describe('team rules: syntax-tree patterns', () => {
  async function runAsync(configYaml: string, path: string, text: string): Promise<Finding[]> {
    const loaded = await parseConfigFully(configYaml, '.preflight.yml');
    assert.deepEqual(
      loaded.findings.filter((f) => f.severity === 'error'),
      [],
      'the config is valid',
    );
    return (await analyzeFile({ path, text }, builtinAnalyzers(), { config: loaded.config, root: '/repo' })).filter((f) =>
      f.ruleId.startsWith('team/'),
    );
  }

  it('matches console.log($X) in TypeScript structurally, not textually, and fills the fix', async () => {
    const config = `rules:\n  - id: no-console\n    message: Use the logger.\n    files: ["src/**/*.ts"]\n    pattern: console.log($X)\n    fix: logger.info($X)\n`;
    const text = "console.log(order);\nconsole.log(a, b);\nconst s = 'console.log(x)';\n// console.log(y)\nconsole . log( total * 2 );\n";
    const findings = await runAsync(config, 'src/a.ts', text);
    assert.deepEqual(
      findings.map((f) => f.line),
      [1, 5],
    );
    assert.equal(findings[1].fix?.edits[0].newText, 'logger.info(total * 2)');
  });

  it('matches any arguments with $$$ARGS, and repeated metavariables only when equal', async () => {
    const fetchRule = `rules:\n  - id: no-raw-fetch\n    message: Use the API client.\n    files: ["**/*.ts"]\n    pattern: fetch($$$ARGS)\n    fix: api.get($$$ARGS)\n`;
    const findings = await runAsync(fetchRule, 'a.ts', "fetch();\nfetch(url, { method: 'POST' });\nrefetch(url);\n");
    assert.deepEqual(
      findings.map((f) => f.line),
      [1, 2],
    );
    assert.equal(findings[1].fix?.edits[0].newText, "api.get(url, { method: 'POST' })");
    const selfAssign = `rules:\n  - id: self-assign\n    message: Assigns a variable to itself.\n    files: ["**/*.ts"]\n    pattern: $A = $A\n`;
    assert.deepEqual(
      (await runAsync(selfAssign, 'a.ts', 'x = x;\nx = y;\n')).map((f) => f.line),
      [1],
    );
  });

  it('works for Python and Ruby', async () => {
    const py = `rules:\n  - id: no-print\n    message: Use logging.\n    files: ["**/*.py"]\n    pattern: print($$$A)\n`;
    assert.deepEqual(
      (await runAsync(py, 'app/a.py', 'print("x")\nlogger.info("x")\nprint()\n')).map((f) => f.line),
      [1, 3],
    );
    const rb = `rules:\n  - id: no-update-column\n    message: Skips callbacks.\n    files: ["app/**/*.rb"]\n    pattern: $R.update_column($$$A)\n`;
    assert.deepEqual(
      (await runAsync(rb, 'app/models/order.rb', "order.update_column(:status, 'paid')\norder.update!(status: 'paid')\n")).map(
        (f) => f.line,
      ),
      [1],
    );
  });

  it("reports a pattern that is not valid code at the pattern's line, and one with no known language at the rule's", async () => {
    const loaded = await parseConfigFully(
      `rules:\n  - id: broken\n    message: m\n    files: ["**/*.ts"]\n    pattern: "console.log(("\n  - id: nolang\n    message: m\n    pattern: foo($X)\n`,
      '.preflight.yml',
    );
    assert.deepEqual(
      loaded.findings.map((f) => [f.ruleId, f.line]),
      [
        ['config/invalid-rule', 5],
        ['config/invalid-rule', 6],
      ],
    );
    assert.match(loaded.findings[0].message, /not valid typescript/);
    assert.match(loaded.findings[1].message, /language/);
    assert.deepEqual(loaded.config.rules, []);
  });
});
