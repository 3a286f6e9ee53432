import assert from 'node:assert/strict';
import type { Finding } from '../../../../src/core/findings/finding';
import { checkSuppressions, isSuppressed, parseSuppressions } from '../../../../src/core/findings/suppression';

function finding(ruleId: string, line: number, file = 'db/migrate/1.sql'): Finding {
  return { ruleId, severity: 'error', file, line, column: 1, endLine: line, endColumn: 2, message: 'm' };
}

describe('suppression comments', () => {
  it('silences the named rule on the next line, in SQL comment syntax', () => {
    const text = '-- preflight-ignore migration/ban-drop-column -- column unused since v2\nALTER TABLE t DROP COLUMN c;\n';
    const [s] = parseSuppressions('m.sql', text);
    assert.equal(s.targetLine, 2);
    assert.equal(s.reason, 'column unused since v2');
    assert.deepEqual(
      s.ruleIds.map((r) => r.id),
      ['migration/ban-drop-column'],
    );
    assert.ok(isSuppressed(finding('migration/ban-drop-column', 2), [s]));
    assert.ok(!isSuppressed(finding('migration/ban-drop-column', 3), [s]), 'only the next line');
    assert.ok(!isSuppressed(finding('migration/renaming-column', 2), [s]), 'only the named rule');
  });

  it('takes several rule ids separated by commas', () => {
    const [s] = parseSuppressions('a.rb', '  # preflight-ignore migration/a, migration/b -- why\n  remove_column :t, :c\n');
    assert.deepEqual(
      s.ruleIds.map((r) => r.id),
      ['migration/a', 'migration/b'],
    );
    assert.equal(s.targetLine, 2);
  });

  it('applies a trailing comment to its own line', () => {
    const [s] = parseSuppressions('a.ts', 'console.log(x); // preflight-ignore team/no-console -- debugging aid\n');
    assert.equal(s.targetLine, 1);
  });

  it('stacks ignore comments above the same line', () => {
    const text = '# preflight-ignore team/a -- x\n# preflight-ignore team/b -- y\ncode()\n';
    const suppressions = parseSuppressions('a.py', text);
    assert.deepEqual(
      suppressions.map((s) => s.targetLine),
      [3, 3],
    );
    assert.ok(isSuppressed(finding('team/a', 3, 'a.py'), suppressions));
    assert.ok(isSuppressed(finding('team/b', 3, 'a.py'), suppressions));
  });

  it('ignores the marker outside a comment (in a string)', () => {
    assert.deepEqual(parseSuppressions('a.ts', 'const s = "preflight-ignore team/x";\n'), []);
    assert.deepEqual(parseSuppressions('a.py', 's = "preflight-ignore team/x"  \n'), []);
  });

  it('accepts block comments', () => {
    const [s] = parseSuppressions('a.sql', '/* preflight-ignore migration/x -- reason */\nDROP TABLE t;\n');
    assert.deepEqual(
      s.ruleIds.map((r) => r.id),
      ['migration/x'],
    );
    assert.equal(s.reason, 'reason');
  });

  it('honours squawk-ignore with squawk rule names in SQL', () => {
    const text = '-- squawk-ignore ban-drop-column\nALTER TABLE t DROP COLUMN c;\n';
    const suppressions = parseSuppressions('m.sql', text);
    assert.ok(isSuppressed(finding('migration/ban-drop-column', 2), suppressions));
  });

  it("reads squawk's umbrella require-timeout-settings as both timeout rules, and prefer-timestamp-tz as prefer-timestamptz", () => {
    const text = '-- squawk-ignore require-timeout-settings, prefer-timestamp-tz\nALTER TABLE t ADD COLUMN at timestamp;\n';
    const suppressions = parseSuppressions('m.sql', text);
    assert.deepEqual(
      suppressions[0].ruleIds.map((r) => [r.id, r.column, r.endColumn]),
      [
        ['migration/require-lock-timeout', 18, 42],
        ['migration/require-statement-timeout', 18, 42],
        ['migration/prefer-timestamptz', 44, 63],
      ],
    );
    assert.ok(isSuppressed(finding('migration/require-lock-timeout', 2), suppressions));
    assert.ok(isSuppressed(finding('migration/require-statement-timeout', 2), suppressions));
    assert.ok(isSuppressed(finding('migration/prefer-timestamptz', 2), suppressions));
    assert.ok(!isSuppressed(finding('migration/ban-drop-column', 2), suppressions));
    const known = new Set(['migration/require-lock-timeout', 'migration/require-statement-timeout', 'migration/prefer-timestamptz']);
    assert.deepEqual(checkSuppressions('m.sql', suppressions, known), []);
  });

  it('silences a whole file with preflight-ignore-file and squawk-ignore-file', () => {
    const file = parseSuppressions('m.sql', 'SELECT 1;\n-- preflight-ignore-file migration/x -- generated\n');
    assert.equal(file[0].targetLine, undefined);
    assert.ok(isSuppressed(finding('migration/x', 40), file));
    const squawk = parseSuppressions('m.sql', '-- squawk-ignore-file\n');
    assert.ok(isSuppressed(finding('migration/anything', 9), squawk));
  });

  it('reports an ignore naming an unknown rule, with a suggestion', () => {
    const text = '-- preflight-ignore migration/ban-drop-colum -- x\nALTER TABLE t DROP COLUMN c;\n';
    const problems = checkSuppressions('m.sql', parseSuppressions('m.sql', text), new Set(['migration/ban-drop-column']));
    assert.equal(problems.length, 1);
    assert.equal(problems[0].ruleId, 'preflight/unknown-rule-in-ignore');
    assert.deepEqual([problems[0].line, problems[0].column, problems[0].endColumn], [1, 21, 45]);
    assert.equal(problems[0].help, "Did you mean 'migration/ban-drop-column'?");
  });

  it('asks for a reason when there is none', () => {
    const problems = checkSuppressions('a.ts', parseSuppressions('a.ts', '// preflight-ignore team/x\nfoo();\n'), new Set(['team/x']));
    assert.deepEqual(
      problems.map((p) => p.ruleId),
      ['preflight/ignore-without-reason'],
    );
  });

  it('costs nothing on a file without the marker', () => {
    assert.deepEqual(parseSuppressions('a.ts', 'x'.repeat(100_000)), []);
  });
});
