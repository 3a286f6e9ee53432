import assert from 'node:assert/strict';
import { parseConfigFully } from '../../../../src/core/engine/registry';
import { analyzeFile } from '../../../../src/core/engine/analyze-file';
import type { Finding } from '../../../../src/core/findings/finding';
import { createTeamRulesAnalyzer, teamRulesAnalyzer } from '../../../../src/core/team-rules/analyzer';
import { RULE_TIME_LIMIT_MS } from '../../../../src/core/team-rules/budget';
import { runRuleTests } from '../../../../src/core/team-rules/rule-tests';

/** A rule's limit for these tests: long enough to be measured, short enough to keep each test well under a second. */
const LIMIT_MS = 40;
const bounded = createTeamRulesAnalyzer({ ruleTimeLimitMs: LIMIT_MS });

const STOPPED = (id: string, kind: 'pattern' | 'regex') =>
  new RegExp(
    `^Rule team/${id} stopped after (\\d+) ms on this file: its ${kind} is too costly here; the file's other findings of this rule may be missing\\.$`,
  );

async function configOf(yaml: string) {
  const loaded = await parseConfigFully(yaml, '.preflight.yml');
  assert.deepEqual(
    loaded.findings.filter((f) => f.severity === 'error'),
    [],
    'the config is valid',
  );
  return loaded.config;
}

async function analyse(yaml: string, path: string, text: string, analyzer = bounded): Promise<Finding[]> {
  return analyzeFile({ path, text }, [analyzer], { config: await configOf(yaml), root: '/repo' });
}

function patternRule(id: string, pattern: string, extra = ''): string {
  return `rules:\n  - id: ${id}\n    message: Found ${id}.\n    files: "**/*.ts"\n    pattern: "${pattern}"\n${extra}`;
}

/** `f(1, 1, …, 1)` with `count` arguments, then `tail` appended inside the parentheses. */
function call(count: number, tail = ''): string {
  return `f(${Array(count).fill('1').join(', ')}${tail});\n`;
}

/** What `f($$$A, $$$B, $$$A, $$$B, 2)` matches: each `$$$` ends where what follows first matches, so A = B = nothing. */
const MATCH = 'f(2);';

/**
 * One line of 150 calls of 300 arguments (well past the limit on any machine): matching stays linear in the code (no `$$$` split is
 * tried twice), so a rule becomes costly only through the amount of code it reads.
 */
const SLOW = `${Array(150).fill(call(300).trim()).join(' ')}\n`;

function assertStopped(finding: Finding, id: string, kind: 'pattern' | 'regex', path: string): number {
  const { message, help, ...where } = finding;
  assert.deepEqual(where, { ruleId: `team/${id}`, severity: 'warning', file: path, line: 1, column: 1, endLine: 1, endColumn: 1 });
  assert.ok(help);
  const spent = Number(STOPPED(id, kind).exec(message)?.[1]);
  assert.ok(spent >= LIMIT_MS && spent < LIMIT_MS + 400, `stopped after ${spent} ms (limit ${LIMIT_MS}): ${message}`);
  return spent;
}

describe('rule engines: a costly team rule slows a file, never hangs the scan', () => {
  it('keeps the one-second limit as the standard', () => {
    assert.equal(RULE_TIME_LIMIT_MS, 1000);
  });

  describe('syntax-tree patterns', () => {
    before(async function () {
      this.timeout(10_000); // tree-sitter's first load
      await analyse(patternRule('warm', 'f($$$A)'), 'src/warm.ts', 'f(1);\n', teamRulesAnalyzer);
    });

    it('matches several $$$ in one list in polynomial time: no match in a 300-argument call, without stopping', async function () {
      this.timeout(1000);
      // Before: every split of every $$$ was tried, about 300^4 combinations (over 3 minutes).
      const findings = await analyse(
        patternRule('many-rests', 'f($$$A, 1, $$$B, 1, $$$C, 1, $$$D, 2)'),
        'src/a.ts',
        call(300),
        teamRulesAnalyzer,
      );
      assert.deepEqual(findings, []);
    });

    it("finds the match in a 300-argument call with ast-grep's bindings (each $$$ ends where what follows first matches)", async function () {
      this.timeout(1000);
      const yaml = patternRule('many-rests', 'f($$$A, 1, $$$B, 1, $$$C, 1, $$$D, 2)', '    fix: "g($$$A | $$$B | $$$C | $$$D)"\n');
      const findings = await analyse(yaml, 'src/a.ts', call(299, ', 2'), teamRulesAnalyzer);
      assert.equal(findings.length, 1);
      assert.deepEqual(
        [findings[0].line, findings[0].column, findings[0].endLine, findings[0].endColumn],
        [1, 1, 1, call(299, ', 2').length - 1],
      );
      assert.equal(findings[0].fix?.edits[0].newText, `g( |  |  | ${Array(296).fill('1').join(', ')})`);
    });

    it('still honours a metavariable used twice (the memo keys on what is bound)', async function () {
      this.timeout(1000);
      const yaml = patternRule('twice', 'f($$$A, 0, $$$A)');
      const findings = await analyse(yaml, 'src/a.ts', 'f(1, 2, 0, 1, 2);\nf(1, 2, 0, 2, 1);\nf(1, 0, 1, 0, 1, 0);\n', teamRulesAnalyzer);
      assert.deepEqual(
        findings.map((f) => [f.line, f.column]),
        [[1, 1]],
      );
    });

    it('stops a pattern that is still costly (a rest used twice on a long line) after the limit, with one finding at 1:1', async function () {
      this.timeout(1000);
      const findings = await analyse(patternRule('rest-twice', 'f($$$A, $$$B, $$$A, $$$B, 2)'), 'src/slow.ts', SLOW);
      assert.equal(findings.length, 1);
      assertStopped(findings[0], 'rest-twice', 'pattern', 'src/slow.ts');
    });

    it('keeps the matches found before the stop, and spends the limit once per file, not once per node', async function () {
      this.timeout(1000);
      const text = `${MATCH}\n${SLOW}`;
      const findings = await analyse(patternRule('rest-twice', 'f($$$A, $$$B, $$$A, $$$B, 2)'), 'src/slow.ts', text);
      assert.deepEqual(
        findings.map((f) => [f.line, f.column, f.endColumn]),
        [
          [1, 1, 5],
          [1, 1, 1],
        ],
      );
      assertStopped(
        findings.find((f) => f.message.startsWith('Rule '))!,
        'rest-twice',
        'pattern',
        'src/slow.ts',
      );
    });

    it('stops only the costly rule: the others report in full, and the rule works on the next file', async function () {
      this.timeout(1000);
      const yaml = `${patternRule('rest-twice', 'f($$$A, $$$B, $$$A, $$$B, 2)')}  - id: no-g\n    message: No g.\n    files: "**/*.ts"\n    pattern: g($X)\n`;
      const config = await configOf(yaml);
      const slow = await analyzeFile({ path: 'src/slow.ts', text: `${SLOW}g(1);\n` }, [bounded], { config, root: '/repo' });
      assert.deepEqual(
        slow.map((f) => [f.ruleId, f.line]),
        [
          ['team/rest-twice', 1],
          ['team/no-g', 2],
        ],
      );
      const next = await analyzeFile({ path: 'src/next.ts', text: `${MATCH}\n` }, [bounded], { config, root: '/repo' });
      assert.deepEqual(
        next.map((f) => [f.ruleId, f.line, f.message]),
        [['team/rest-twice', 1, 'Found rest-twice.']],
      );
    });

    it('the editor path (same file, edited) stops again and then matches what a fresh analysis does', async function () {
      this.timeout(1000);
      const config = await configOf(patternRule('rest-twice', 'f($$$A, $$$B, $$$A, $$$B, 2)'));
      const context = { config, root: '/repo', editing: true };
      const first = await analyzeFile({ path: 'src/edited.ts', text: SLOW }, [bounded], context);
      assert.equal(first.length, 1);
      assertStopped(first[0], 'rest-twice', 'pattern', 'src/edited.ts');
      const after = await analyzeFile({ path: 'src/edited.ts', text: `${MATCH}\n` }, [bounded], context);
      assert.deepEqual(
        after.map((f) => [f.line, f.message]),
        [[1, 'Found rest-twice.']],
      );
    });
  });

  describe('regexes (RE2)', () => {
    /** 2 MB of lowercase letters: just under the default maxFileSize (2 MiB). */
    const BIG = 'a'.repeat(2_000_000);
    const COUNTED = `rules:\n  - id: counted\n    message: Found counted.\n    files: "**/*.txt"\n    regex: "[a-z]{1,1000}[0-9]"\n`;

    it('stops a counted repetition over 2 MB after the limit, with one finding at 1:1', async function () {
      this.timeout(1000);
      // Before: one find() scanned the whole 2 MB with ~2,000 instructions a character (about 4 minutes).
      const findings = await analyse(COUNTED, 'big.txt', BIG);
      assert.equal(findings.length, 1);
      assertStopped(findings[0], 'counted', 'regex', 'big.txt');
    });

    it('keeps the matches found before the stop, and the regex works on the next file', async function () {
      this.timeout(1000);
      const config = await configOf(COUNTED);
      const text = `abc1\nxyz2\n${BIG}`;
      const findings = await analyzeFile({ path: 'big.txt', text }, [bounded], { config, root: '/repo' });
      assert.deepEqual(
        findings.map((f) => [f.line, f.column, f.endColumn]),
        [
          [1, 1, 5],
          [1, 1, 1],
          [2, 1, 5],
        ],
      );
      assertStopped(
        findings.find((f) => f.message.startsWith('Rule '))!,
        'counted',
        'regex',
        'big.txt',
      );
      const next = await analyzeFile({ path: 'small.txt', text: 'ok\nabc9\n' }, [bounded], { config, root: '/repo' });
      assert.deepEqual(
        next.map((f) => [f.line, f.column, f.endColumn, f.message]),
        [[2, 1, 5, 'Found counted.']],
      );
    });

    it('leaves a cheap regex on the same big file alone', async function () {
      this.timeout(1000);
      const yaml = `rules:\n  - id: todo\n    message: A TODO.\n    files: "**/*.txt"\n    regex: "\\\\bTODO\\\\b"\n`;
      const findings = await analyse(yaml, 'big.txt', `${BIG} TODO`);
      assert.deepEqual(
        findings.map((f) => [f.ruleId, f.line, f.column, f.message]),
        [['team/todo', 1, BIG.length + 2, 'A TODO.']],
      );
    });

    it('keeps the stop notice of a `scope: changed` rule, whose other findings need a changed line', async function () {
      this.timeout(1000);
      const config = await configOf(`${COUNTED}    scope: changed\n`);
      const text = `${BIG}\n`;
      const findings = await analyzeFile({ path: 'big.txt', text, base: { text } }, [bounded], { config, root: '/repo' });
      assert.equal(findings.length, 1);
      assertStopped(findings[0], 'counted', 'regex', 'big.txt');
    });
  });

  describe('`rules test`', () => {
    it('reports a rule that ran out of time on an example as failed, saying so', async function () {
      this.timeout(1000);
      const yaml = `${patternRule('rest-twice', 'f($$$A, $$$B, $$$A, $$$B, 2)')}    tests:\n      valid: ["${SLOW.trim()}"]\n      invalid: ["${MATCH}"]\n`;
      const results = await runRuleTests(await configOf(yaml), [bounded]);
      assert.deepEqual(
        results.map((r) => [r.kind, r.passed]),
        [
          ['valid', false],
          ['invalid', true],
        ],
      );
      assert.match(results[0].problem ?? '', STOPPED('rest-twice', 'pattern'));
    });
  });
});
